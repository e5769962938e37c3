"""Hold RDF: the store (in memory or on disk), file formats, bulk load, push to other stores."""
