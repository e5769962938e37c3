"""``kg serve``: the graph as linked data on the web, with pages a historian can read.

One module per job: :mod:`.context` (settings and shared state), :mod:`.server` (HTTP and
limits), :mod:`.app` (routes, conneg, ETags), :mod:`.sparql` (the protocol endpoint),
:mod:`.pool` and :mod:`.worker` (queries in killable processes), :mod:`.safety` (what is
refused), :mod:`.conneg`, :mod:`.paths` (IRIs to paths), the pages (:mod:`.home_page`,
:mod:`.entity_page`, :mod:`.source_page`, :mod:`.ontology_page`, :mod:`.query_page`),
:mod:`.html` (templates and escaping), :mod:`.humanize` (figures and dates for people),
:mod:`.warnings` (validation results per entity) and :mod:`.remote` (an external endpoint).
"""
