# expect: A range (such as '50,000–70,000') must give both its minimum (kg:lowerBound) and its maximum
# focus: https://w3id.org/conflict-kg/id/strength-allied-1
# A range that lost its maximum.
PREFIX kg:   <https://w3id.org/conflict-kg/ontology#>
PREFIX kgr:  <https://w3id.org/conflict-kg/id/>
PREFIX xsd:  <http://www.w3.org/2001/XMLSchema#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
DELETE WHERE { kgr:strength-allied-1 kg:upperBound ?max }
