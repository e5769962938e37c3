# expect: A count of troops, casualties or materiel cannot be negative.
# focus: https://w3id.org/conflict-kg/id/loss-greece-killed
# A negative number typed as xsd:nonNegativeInteger: ill-typed, and still negative.
PREFIX kg:   <https://w3id.org/conflict-kg/ontology#>
PREFIX kgr:  <https://w3id.org/conflict-kg/id/>
PREFIX xsd:  <http://www.w3.org/2001/XMLSchema#>
DELETE { kgr:loss-greece-killed kg:value ?old }
INSERT { kgr:loss-greece-killed kg:value "-179"^^xsd:nonNegativeInteger }
WHERE  { kgr:loss-greece-killed kg:value ?old }
