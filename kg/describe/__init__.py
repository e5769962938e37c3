"""Look up one entity: resolve a name to an IRI, gather its facts with their quoted sources."""
