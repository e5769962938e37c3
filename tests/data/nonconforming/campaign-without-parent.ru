# expect: A campaign or sub-intervention must say which larger conflict it is part of (kg:partOf)
# focus: https://w3id.org/conflict-kg/id/BalticIntervention
# The Baltic intervention no longer part of the Allied intervention.
PREFIX kg:   <https://w3id.org/conflict-kg/ontology#>
PREFIX kgr:  <https://w3id.org/conflict-kg/id/>
PREFIX xsd:  <http://www.w3.org/2001/XMLSchema#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
DELETE WHERE { kgr:BalticIntervention kg:partOf ?whole }
