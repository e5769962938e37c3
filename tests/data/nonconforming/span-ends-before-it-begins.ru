# expect: must start before it ends, but its offsets are 1640 to 1603
# focus: https://w3id.org/conflict-kg/id/span-1603-1640
# Begin and end offsets of a passage swapped.
PREFIX kg:   <https://w3id.org/conflict-kg/ontology#>
PREFIX kgr:  <https://w3id.org/conflict-kg/id/>
PREFIX xsd:  <http://www.w3.org/2001/XMLSchema#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
DELETE { kgr:span-1603-1640 kg:beginIndex ?b ; kg:endIndex ?e }
INSERT { kgr:span-1603-1640 kg:beginIndex 1640 ; kg:endIndex 1603 }
WHERE  { kgr:span-1603-1640 kg:beginIndex ?b ; kg:endIndex ?e }
