# expect: The evidence for a fact must be a passage of the source text
# focus: https://w3id.org/conflict-kg/id/Arkhangelsk
# Evidence pointing at the whole document rather than at a passage of it.
PREFIX kg:   <https://w3id.org/conflict-kg/ontology#>
PREFIX kgr:  <https://w3id.org/conflict-kg/id/>
PREFIX xsd:  <http://www.w3.org/2001/XMLSchema#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
INSERT DATA { kgr:Arkhangelsk kg:evidence kgr:source-article }
