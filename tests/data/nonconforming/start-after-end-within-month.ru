# expect: is dated to begin (1920-10) after it ended (1920-09-30)
# focus: https://w3id.org/conflict-kg/id/JapanInSiberia
# Month and day precision: a start in October 1920 is definitely after an end on 30 September 1920.
PREFIX kg:   <https://w3id.org/conflict-kg/ontology#>
PREFIX kgr:  <https://w3id.org/conflict-kg/id/>
PREFIX xsd:  <http://www.w3.org/2001/XMLSchema#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
DELETE { kgr:JapanInSiberia kg:endDate ?old }
INSERT { kgr:JapanInSiberia kg:startDate "1920-10"^^xsd:gYearMonth ; kg:endDate "1920-09-30"^^xsd:date }
WHERE  { kgr:JapanInSiberia kg:endDate ?old }
