"""SPARQL queries: the bundled catalog, ``#+`` headers, parameter binding, running them anywhere."""
