# expect: Where an event happened (kg:place) must be a place
# focus: https://w3id.org/conflict-kg/id/LandingAtArkhangelsk
# A landing "at" a state instead of a place.
PREFIX kg:   <https://w3id.org/conflict-kg/ontology#>
PREFIX kgr:  <https://w3id.org/conflict-kg/id/>
PREFIX xsd:  <http://www.w3.org/2001/XMLSchema#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
DELETE { kgr:LandingAtArkhangelsk kg:place ?old }
INSERT { kgr:LandingAtArkhangelsk kg:place kgr:Greece }
WHERE  { kgr:LandingAtArkhangelsk kg:place ?old }
