"""The one HTTP client of kg: every remote request (query, validate, push, Wikidata) goes here.

A shared basics layer: it imports only :mod:`kg.errors` and kg's version, so every capability
can use it. :mod:`kg.http.client` sends one request politely and safely (http(s) only, a
deadline over the whole exchange, a capped body, no redirect to another origin, bounded retries
on 429 and 503); :mod:`kg.http.sparql` speaks the SPARQL 1.1 Protocol on top of it;
:mod:`kg.http.auth` answers Basic and Digest challenges; :mod:`kg.http.proxy` connects directly
or through the environment's proxy.
"""
