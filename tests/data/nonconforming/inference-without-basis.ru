# expect: An inference must say its basis (kg:basis, with a language tag)
# focus: https://w3id.org/conflict-kg/id/inference-romanians-armed-force-of
# The Romanians' state is an inference; without its basis a reader cannot tell why it is there.
PREFIX kg:   <https://w3id.org/conflict-kg/ontology#>
PREFIX kgr:  <https://w3id.org/conflict-kg/id/>
DELETE WHERE { kgr:inference-romanians-armed-force-of kg:basis ?basis }
