# expect: A source document must carry its full text exactly once (kg:text)
# focus: https://w3id.org/conflict-kg/id/source-article
# Without the text, no quoted passage can be checked.
PREFIX kg:   <https://w3id.org/conflict-kg/ontology#>
PREFIX kgr:  <https://w3id.org/conflict-kg/id/>
PREFIX xsd:  <http://www.w3.org/2001/XMLSchema#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
DELETE WHERE { kgr:source-article kg:text ?text }
