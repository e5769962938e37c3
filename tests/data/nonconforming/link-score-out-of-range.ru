# expect: The score of a link (kg:linkScore) must be given at most once, as a decimal number between 0 and 1
# focus: https://w3id.org/conflict-kg/id/link/Caucasus-Q18869
# A reconciliation score above 1.
PREFIX kg:   <https://w3id.org/conflict-kg/ontology#>
PREFIX kgr:  <https://w3id.org/conflict-kg/id/>
PREFIX xsd:  <http://www.w3.org/2001/XMLSchema#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
INSERT { ?link kg:linkScore 1.5 }
WHERE  { ?link kg:linkSubject kgr:Caucasus }
