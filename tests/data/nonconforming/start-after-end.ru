# expect: Southern Russia intervention is dated to begin (1918) after it ended (1917)
# focus: https://w3id.org/conflict-kg/id/SouthernRussiaIntervention
# The Southern Russia intervention (1918–1919) made to end in 1917.
PREFIX kg:   <https://w3id.org/conflict-kg/ontology#>
PREFIX kgr:  <https://w3id.org/conflict-kg/id/>
PREFIX xsd:  <http://www.w3.org/2001/XMLSchema#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
DELETE { kgr:SouthernRussiaIntervention kg:endDate ?old }
INSERT { kgr:SouthernRussiaIntervention kg:endDate "1917"^^xsd:gYear }
WHERE  { kgr:SouthernRussiaIntervention kg:endDate ?old }
