"""IRIs for ingested articles: minted from the title, so the same article always gets the same
names, and per article, so two articles never share an entity by accident (merging entities
across articles is a reviewable step, not a side effect of a shared label)."""

from __future__ import annotations

import re
import unicodedata

from .. import namespaces as ns

GRAPH_BASE = ns.BASE + "graph/ingest/"
ID_BASE = ns.RESOURCE + "ingest/"


def slug(name: str) -> str:
    """Lower-case words joined by hyphens; letters of any script are kept (IRIs allow them).

    >>> slug("Siege of Tyre (332 BC)")
    'siege-of-tyre-332-bc'
    >>> slug("Battle of Żółkiew"), slug("Пелопоннесская война")
    ('battle-of-żółkiew', 'пелопоннесская-война')
    """
    text = unicodedata.normalize("NFC", name).lower()
    words = re.findall(r"\w+", text)
    return "-".join(words)[:120] or "untitled"


def graph_iri(title: str) -> str:
    """The named graph of one article."""
    return GRAPH_BASE + slug(title)


def id_base(title: str) -> str:
    """The prefix of every entity and fact minted for one article."""
    return ID_BASE + slug(title) + "/"
