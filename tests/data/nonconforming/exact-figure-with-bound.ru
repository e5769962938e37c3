# expect: An exact figure must give exactly one number (kg:value) and no minimum or maximum
# focus: https://w3id.org/conflict-kg/id/strength-allied-2
# "15,600 troops" is exact; a lower bound makes it two figures at once.
PREFIX kg:   <https://w3id.org/conflict-kg/ontology#>
PREFIX kgr:  <https://w3id.org/conflict-kg/id/>
PREFIX xsd:  <http://www.w3.org/2001/XMLSchema#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
INSERT DATA { kgr:strength-allied-2 kg:lowerBound 15000 }
