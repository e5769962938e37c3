# expect: A figure the source gives as unknown must hold no number at all
# focus: https://w3id.org/conflict-kg/id/strength-bolshevik-1
# The Bolshevik strength is "Unknown" in the source: a number there is invented.
PREFIX kg:   <https://w3id.org/conflict-kg/ontology#>
PREFIX kgr:  <https://w3id.org/conflict-kg/id/>
PREFIX xsd:  <http://www.w3.org/2001/XMLSchema#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
INSERT DATA { kgr:strength-bolshevik-1 kg:value 100000 }
