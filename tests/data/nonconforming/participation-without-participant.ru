# expect: A participation must name exactly one party that took part (kg:participant)
# focus: https://w3id.org/conflict-kg/id/BritainInCaucasus
# Who took part in the Caucasus intervention is lost.
PREFIX kg:   <https://w3id.org/conflict-kg/ontology#>
PREFIX kgr:  <https://w3id.org/conflict-kg/id/>
PREFIX xsd:  <http://www.w3.org/2001/XMLSchema#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
DELETE WHERE { kgr:BritainInCaucasus kg:participant ?party }
