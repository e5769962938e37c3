# expect: A casualty figure must say what it counts (kg:lossKind): killed, wounded, missing
# focus: https://w3id.org/conflict-kg/id/loss-greece-missing
# "173 missing" without saying that it counts the missing.
PREFIX kg:   <https://w3id.org/conflict-kg/ontology#>
PREFIX kgr:  <https://w3id.org/conflict-kg/id/>
PREFIX xsd:  <http://www.w3.org/2001/XMLSchema#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
DELETE WHERE { kgr:loss-greece-missing kg:lossKind ?kind }
