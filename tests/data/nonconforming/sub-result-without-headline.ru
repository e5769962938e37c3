# expect: A result must be either the headline result of a conflict (kg:resultOf) or a sub-result
# focus: https://w3id.org/conflict-kg/id/DefeatOfWhiteMovement
# A sub-result cut loose from the headline "Bolshevik victory".
PREFIX kg:   <https://w3id.org/conflict-kg/ontology#>
PREFIX kgr:  <https://w3id.org/conflict-kg/id/>
PREFIX xsd:  <http://www.w3.org/2001/XMLSchema#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
DELETE WHERE { kgr:DefeatOfWhiteMovement kg:subResultOf ?headline }
