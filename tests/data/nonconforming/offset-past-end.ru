# expect: ends at offset 5000, past the end of its source text, which has 2741 characters
# focus: https://w3id.org/conflict-kg/id/span-1603-1640
# A passage that ends beyond the last character of the article.
PREFIX kg:   <https://w3id.org/conflict-kg/ontology#>
PREFIX kgr:  <https://w3id.org/conflict-kg/id/>
PREFIX xsd:  <http://www.w3.org/2001/XMLSchema#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
DELETE { kgr:span-1603-1640 kg:endIndex ?old }
INSERT { kgr:span-1603-1640 kg:endIndex 5000 }
WHERE  { kgr:span-1603-1640 kg:endIndex ?old }
