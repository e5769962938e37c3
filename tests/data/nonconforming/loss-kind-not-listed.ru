# expect: What a casualty figure counts (kg:lossKind) must be one of: killed, wounded
# focus: https://w3id.org/conflict-kg/id/loss-greece-wounded
# A unit of count used as a loss kind.
PREFIX kg:   <https://w3id.org/conflict-kg/ontology#>
PREFIX kgr:  <https://w3id.org/conflict-kg/id/>
PREFIX xsd:  <http://www.w3.org/2001/XMLSchema#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
DELETE { kgr:loss-greece-wounded kg:lossKind ?old }
INSERT { kgr:loss-greece-wounded kg:lossKind kg:Troops }
WHERE  { kgr:loss-greece-wounded kg:lossKind ?old }
