# expect: A figure given as 'at least' (such as '938+') must give its minimum (kg:lowerBound) and neither a maximum
# focus: https://w3id.org/conflict-kg/id/loss-united-kingdom-killed
# "938+ killed" given a maximum the source never states.
PREFIX kg:   <https://w3id.org/conflict-kg/ontology#>
PREFIX kgr:  <https://w3id.org/conflict-kg/id/>
PREFIX xsd:  <http://www.w3.org/2001/XMLSchema#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
INSERT DATA { kgr:loss-united-kingdom-killed kg:upperBound 1000 }
