"""Linking the graph to Wikidata: a polite SPARQL client, reconciliation, link files, a fact cache.

Modules, one job each:

- :mod:`kg.wikidata.config`: which endpoint, which cache file (options, environment, defaults).
- :mod:`kg.wikidata.http`: the Wikidata SPARQL client over :mod:`kg.http` (WDQS limits, rows).
- :mod:`kg.wikidata.results`: SPARQL JSON results in, RDF terms out; malformed answers are errors.
- :mod:`kg.wikidata.links`: links as data; reading and writing link files (Turtle).
- :mod:`kg.wikidata.entities`: which entities of the graph can be linked, with labels, types, dates.
- :mod:`kg.wikidata.classes`: the Wikidata classes an entity of each ``kg:`` class may be.
- :mod:`kg.wikidata.similarity`: label similarity, explained.
- :mod:`kg.wikidata.fetch`: the batched lookups reconciliation and checks send (candidates by
  name, item descriptions, type reach, relations to linked items).
- :mod:`kg.wikidata.reconcile`: candidates, scores and decisions (auto / review / rejected).
- :mod:`kg.wikidata.review`: the review list as CSV or JSON, and taking it back.
- :mod:`kg.wikidata.check`: are the existing links still right?
- :mod:`kg.wikidata.cache`: facts about the linked items, fetched in batches, kept offline.
- :mod:`kg.wikidata.federate`: the federated queries, answered locally from the cache.

Every query sent uses standard SPARQL 1.1 over Wikidata's RDF layout (``wd:``, ``wdt:``,
``p:``/``ps:``/``pq:``, ``rdfs:label``, ``skos:altLabel``, ``schema:description``), so the same code
works against the Wikidata Query Service, QLever or a local Oxigraph loaded with Wikidata data.
"""
