# expect: Every fact and every named person, party, place or event must cite at least one passage
# focus: https://w3id.org/conflict-kg/id/Greece
# Greece no longer points at the words that name it.
PREFIX kg:   <https://w3id.org/conflict-kg/ontology#>
PREFIX kgr:  <https://w3id.org/conflict-kg/id/>
PREFIX xsd:  <http://www.w3.org/2001/XMLSchema#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
DELETE WHERE { kgr:Greece kg:evidence ?span }
