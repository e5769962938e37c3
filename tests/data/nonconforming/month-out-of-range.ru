# expect: The date of an event must be a day (xsd:date, 1918-11-11), a month
# focus: https://w3id.org/conflict-kg/id/EvacuationOfCzechoslovakLegion
# September 1920 mistyped as a thirteenth month: not a valid xsd:gYearMonth.
PREFIX kg:   <https://w3id.org/conflict-kg/ontology#>
PREFIX kgr:  <https://w3id.org/conflict-kg/id/>
PREFIX xsd:  <http://www.w3.org/2001/XMLSchema#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
DELETE { kgr:EvacuationOfCzechoslovakLegion kg:date ?old }
INSERT { kgr:EvacuationOfCzechoslovakLegion kg:date "1920-13"^^xsd:gYearMonth }
WHERE  { kgr:EvacuationOfCzechoslovakLegion kg:date ?old }
