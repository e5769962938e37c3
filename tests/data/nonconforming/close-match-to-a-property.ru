# expect: must point at an item's entity IRI, such as http://www.wikidata.org/entity/Q79911
# focus: https://w3id.org/conflict-kg/id/FormerRussianEmpire
# The close match of the former Russian Empire pointed at a Wikidata property instead of an item.
PREFIX kg:   <https://w3id.org/conflict-kg/ontology#>
PREFIX kgr:  <https://w3id.org/conflict-kg/id/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
DELETE { kgr:FormerRussianEmpire skos:closeMatch ?old . ?link kg:linkTarget ?old }
INSERT { kgr:FormerRussianEmpire skos:closeMatch <http://www.wikidata.org/entity/P17> .
         ?link kg:linkTarget <http://www.wikidata.org/entity/P17> }
WHERE  { kgr:FormerRussianEmpire skos:closeMatch ?old .
         ?link kg:linkSubject kgr:FormerRussianEmpire ; kg:linkTarget ?old }
