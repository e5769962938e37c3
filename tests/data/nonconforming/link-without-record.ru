# expect: has no record of how it was made (a kg:LinkAssertion
# focus: https://w3id.org/conflict-kg/id/Caucasus
# A Wikidata link whose link assertion (how, when, reviewed by whom) was dropped.
PREFIX kg:   <https://w3id.org/conflict-kg/ontology#>
PREFIX kgr:  <https://w3id.org/conflict-kg/id/>
PREFIX xsd:  <http://www.w3.org/2001/XMLSchema#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
DELETE WHERE { ?link a kg:LinkAssertion ; kg:linkSubject kgr:Caucasus ; ?p ?o }
