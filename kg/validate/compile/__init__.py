"""The sparql engine: SHACL shapes compiled to SPARQL queries that pyoxigraph runs on the store.

:mod:`.shapes` reads the shapes graph into plain objects, :mod:`.paths` writes SHACL paths as
SPARQL property paths, :mod:`.conditions` writes each constraint as a SPARQL expression over one
node, :mod:`.queries` writes one query per shape and constraint that returns only the failing
focus and value nodes, :mod:`.run` runs them and writes the W3C report graph pySHACL would.
A shape that uses anything not compiled raises :class:`.shapes.Unsupported`: the engine then
refuses the whole run rather than validate part of it.
"""
