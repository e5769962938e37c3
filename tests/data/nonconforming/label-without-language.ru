# expect: A name (rdfs:label) must say its language
# focus: https://w3id.org/conflict-kg/id/Greece
# A name without a language tag.
PREFIX kg:   <https://w3id.org/conflict-kg/ontology#>
PREFIX kgr:  <https://w3id.org/conflict-kg/id/>
PREFIX xsd:  <http://www.w3.org/2001/XMLSchema#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
DELETE { kgr:Greece rdfs:label ?old }
INSERT { kgr:Greece rdfs:label "Greece" }
WHERE  { kgr:Greece rdfs:label ?old }
