"""Write datasets out: deterministic bytes in every RDF format, JSON-LD with the shipped context."""
