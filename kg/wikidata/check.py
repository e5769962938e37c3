"""``kg link --check``: are the existing links still right on the endpoint?

A link is broken when its item does not exist (deleted, or never did), is a redirect
(``owl:sameAs`` to the item it was merged into), has a label that no longer fits the entity's
names, or has types (P31/P279*) that no longer reach a class expected for the entity.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from . import fetch
from .classes import class_label
from .entities import Entity
from .links import Link
from .similarity import still_fits


@dataclass
class CheckResult:
    link: Link
    entity: Entity | None
    item: fetch.Item | None
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_links(client, links: Sequence[Link], entities: dict[str, Entity],
                expected: dict[str, set[str]]) -> list[CheckResult]:
    """One result per link (pending assertions are not links and are skipped)."""
    links = [link for link in links if link.is_link]
    by_language: dict[str, list[Link]] = {}
    for link in links:
        entity = entities.get(link.entity)
        by_language.setdefault(entity.language if entity else "en", []).append(link)
    results = []
    for language, group in sorted(by_language.items()):
        qids = sorted({link.qid for link in group})
        items = fetch.describe_items(client, qids, language)
        classes = {c for link in group if link.entity in entities
                   for cls in entities[link.entity].classes for c in expected.get(cls, ())}
        reached = fetch.type_fits(client, qids, classes)
        for link in group:
            results.append(_check(link, entities.get(link.entity), items[link.qid],
                                  reached.get(link.qid, set()), expected))
    return sorted(results, key=lambda r: (r.link.entity, r.link.qid))


def _check(link: Link, entity: Entity | None, item: fetch.Item, reached: set[str],
           expected: dict[str, set[str]]) -> CheckResult:
    result = CheckResult(link, entity, item)
    if entity is None:
        result.problems.append("the entity is not in the graph")
    if item.redirect:
        result.problems.append(f"wd:{link.qid} is a redirect to wd:{item.redirect}")
        return result
    if not item.exists:
        result.problems.append(f"wd:{link.qid} does not exist (deleted?)")
        return result
    if entity is None:
        return result
    names = item.labels + item.aliases
    if not names:
        result.problems.append(f"wd:{link.qid} has no label in '{entity.language}'")
    elif not still_fits(entity.names, names):
        result.problems.append(f"label no longer fits: '{item.label}' is not '{entity.label}'")
    accepted = {c for cls in entity.classes for c in expected.get(cls, ())}
    if accepted and not reached & accepted:
        types = ", ".join(f"wd:{t}" for t in sorted(item.types)) or "none"
        wanted = ", ".join(f"{c} {class_label(c)}" for c in sorted(accepted))
        result.problems.append(f"type no longer fits: P31 {types}; expected one of {wanted}")
    elif accepted:
        result.notes.append("type fits (" + ", ".join(
            f"{c} {class_label(c)}" for c in sorted(reached & accepted)) + ")")
    else:
        result.notes.append(f"type not checked ({entity.class_names} has no Wikidata class)")
    return result
