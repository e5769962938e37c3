# expect: How a figure is given (kg:quantityForm) must be one of: exact
# focus: https://w3id.org/conflict-kg/id/loss-bolshevik-unknown
# A quantity form the ontology does not have.
PREFIX kg:   <https://w3id.org/conflict-kg/ontology#>
PREFIX kgr:  <https://w3id.org/conflict-kg/id/>
PREFIX xsd:  <http://www.w3.org/2001/XMLSchema#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
DELETE { kgr:loss-bolshevik-unknown kg:quantityForm ?old }
INSERT { kgr:loss-bolshevik-unknown kg:quantityForm kg:Roughly }
WHERE  { kgr:loss-bolshevik-unknown kg:quantityForm ?old }
