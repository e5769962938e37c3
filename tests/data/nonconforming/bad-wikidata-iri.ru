# expect: must point at an item's entity IRI, such as http://www.wikidata.org/entity/Q79911
# focus: https://w3id.org/conflict-kg/id/Allies
# The link to the Allies points at the wiki page instead of the entity.
PREFIX kg:   <https://w3id.org/conflict-kg/ontology#>
PREFIX kgr:  <https://w3id.org/conflict-kg/id/>
PREFIX xsd:  <http://www.w3.org/2001/XMLSchema#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
DELETE { kgr:Allies skos:exactMatch ?old . ?link kg:linkTarget ?old }
INSERT { kgr:Allies skos:exactMatch <https://www.wikidata.org/wiki/Q215669> .
         ?link kg:linkTarget <https://www.wikidata.org/wiki/Q215669> }
WHERE  { kgr:Allies skos:exactMatch ?old . ?link kg:linkSubject kgr:Allies ; kg:linkTarget ?old }
