# expect: The minimum of a range (80000) must not be above its maximum (70000)
# focus: https://w3id.org/conflict-kg/id/strength-allied-1
# The first Allied strength figure, 50,000–70,000 troops, with its minimum raised above its maximum.
PREFIX kg:   <https://w3id.org/conflict-kg/ontology#>
PREFIX kgr:  <https://w3id.org/conflict-kg/id/>
PREFIX xsd:  <http://www.w3.org/2001/XMLSchema#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
DELETE { kgr:strength-allied-1 kg:lowerBound ?old }
INSERT { kgr:strength-allied-1 kg:lowerBound 80000 }
WHERE  { kgr:strength-allied-1 kg:lowerBound ?old }
