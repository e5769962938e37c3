"""Which Wikidata endpoint and which cache file to use: option, then environment, then default."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_ENDPOINT = "https://query.wikidata.org/sparql"
ENDPOINT_ENV = "KG_WIKIDATA_ENDPOINT"
CACHE_DIR_ENV = "KG_CACHE_DIR"
CACHE_FILE_NAME = "wikidata.nq"
DEFAULT_LINKS_FILE = "kg-links.ttl"

# Wikidata's own namespaces, as its RDF dumps and the Query Service write them.
WD = "http://www.wikidata.org/entity/"
WDT = "http://www.wikidata.org/prop/direct/"
P = "http://www.wikidata.org/prop/"
PS = "http://www.wikidata.org/prop/statement/"
PQ = "http://www.wikidata.org/prop/qualifier/"
WD_SCHEMA = "http://schema.org/"  # Wikidata uses http://schema.org/, not https://
GEO = "http://www.opengis.net/ont/geosparql#"

WIKIDATA_PREFIXES = f"""\
PREFIX wd: <{WD}>
PREFIX wdt: <{WDT}>
PREFIX p: <{P}>
PREFIX ps: <{PS}>
PREFIX pq: <{PQ}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX schema: <{WD_SCHEMA}>
"""


def endpoint(option: str | None = None) -> str:
    """The endpoint URL: ``--wikidata-endpoint``, else ``$KG_WIKIDATA_ENDPOINT``, else WDQS.

    >>> endpoint("http://127.0.0.1:7878/query")
    'http://127.0.0.1:7878/query'
    """
    return option or os.environ.get(ENDPOINT_ENV) or DEFAULT_ENDPOINT


def cache_file(option: str | os.PathLike | None = None) -> Path:
    """The cache file: ``--cache FILE``, else ``$KG_CACHE_DIR/wikidata.nq``, else the user's.

    The user cache dir is ``$XDG_CACHE_HOME/kg`` (``~/.cache/kg`` when unset), or
    ``%LOCALAPPDATA%\\kg`` on Windows.
    """
    if option:
        return Path(option)
    if os.environ.get(CACHE_DIR_ENV):
        return Path(os.environ[CACHE_DIR_ENV]) / CACHE_FILE_NAME
    if os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        base = Path(os.environ["LOCALAPPDATA"])
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "kg" / CACHE_FILE_NAME


def qid_of(iri: str) -> str | None:
    """The Q-number of a Wikidata entity IRI, or ``None`` for any other IRI.

    >>> qid_of("http://www.wikidata.org/entity/Q1851")
    'Q1851'
    >>> qid_of("https://example.org/Q1") is None
    True
    """
    if iri.startswith(WD):
        local = iri[len(WD):]
        if local[:1] == "Q" and local[1:].isdigit():
            return local
    return None


def is_qid(value: str) -> bool:
    """``Q`` followed by digits, no leading zero.

    >>> is_qid("Q42"), is_qid("Q042"), is_qid("P31")
    (True, False, False)
    """
    return len(value) > 1 and value[0] == "Q" and value[1:].isdigit() and value[1] != "0"
