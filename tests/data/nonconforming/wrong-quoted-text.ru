# expect: differ from the source text at offsets 1154 to 1174
# focus: https://w3id.org/conflict-kg/id/span-1154-1174
# The quote of the first strength figure no longer says what the source says at its offsets.
PREFIX kg:   <https://w3id.org/conflict-kg/ontology#>
PREFIX kgr:  <https://w3id.org/conflict-kg/id/>
PREFIX xsd:  <http://www.w3.org/2001/XMLSchema#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
DELETE { kgr:span-1154-1174 kg:anchorOf ?old }
INSERT { kgr:span-1154-1174 kg:anchorOf "50,000–75,000 troops" }
WHERE  { kgr:span-1154-1174 kg:anchorOf ?old }
