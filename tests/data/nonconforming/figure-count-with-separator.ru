# expect: must be given once, as a whole number (xsd:nonNegativeInteger or xsd:integer)
# focus: https://w3id.org/conflict-kg/id/strength-allied-3
# "30,000" copied with its thousands separator, as text.
PREFIX kg:   <https://w3id.org/conflict-kg/ontology#>
PREFIX kgr:  <https://w3id.org/conflict-kg/id/>
PREFIX xsd:  <http://www.w3.org/2001/XMLSchema#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
DELETE { kgr:strength-allied-3 kg:value ?old }
INSERT { kgr:strength-allied-3 kg:value "30,000" }
WHERE  { kgr:strength-allied-3 kg:value ?old }
