# expect: A start date must be a day (xsd:date, 1918-01-12), a month
# focus: https://w3id.org/conflict-kg/id/AlliedIntervention
# The start of the intervention as plain text: its precision (a day) is lost.
PREFIX kg:   <https://w3id.org/conflict-kg/ontology#>
PREFIX kgr:  <https://w3id.org/conflict-kg/id/>
PREFIX xsd:  <http://www.w3.org/2001/XMLSchema#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
DELETE { kgr:AlliedIntervention kg:startDate ?old }
INSERT { kgr:AlliedIntervention kg:startDate "1918-01-12" }
WHERE  { kgr:AlliedIntervention kg:startDate ?old }
