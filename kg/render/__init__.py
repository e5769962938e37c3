"""Renderers: the only code that turns reports and query results into text, JSON or RDF."""
