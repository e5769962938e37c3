# expect: cannot be negative
# focus: https://w3id.org/conflict-kg/id/loss-united-states-killed
# "United States: 424 killed" turned into -424 killed.
PREFIX kg:   <https://w3id.org/conflict-kg/ontology#>
PREFIX kgr:  <https://w3id.org/conflict-kg/id/>
PREFIX xsd:  <http://www.w3.org/2001/XMLSchema#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
DELETE { kgr:loss-united-states-killed kg:value ?old }
INSERT { kgr:loss-united-states-killed kg:value -424 }
WHERE  { kgr:loss-united-states-killed kg:value ?old }
