"""Reconciliation: find Wikidata candidates for the graph's entities, score them, decide.

Candidates are the items whose label or alias, in the entity's language, is exactly one of the
entity's names. Each candidate gets a score between 0 and 1 that is a weighted sum of four parts,
each shown in the explanation:

====================  ======  ===============================================================
part                  weight  value
====================  ======  ===============================================================
label                 0.55    best similarity of our names to its label (x1.0) or aliases (x0.95)
type                  0.25    1 if P31/P279* reaches a class expected for the entity's kg: class;
                              0.5 if the entity's class has no expected class or the item no P31;
                              a type that reaches none of the expected classes rules it out
dates                 0.10    years of start/end/point in time compared where both sides have
                              them: 1 same year, 0.5 one year apart, 0 otherwise (0.5 if none)
context               0.10    1 if the item is linked by a direct statement to an item that
                              another entity of the graph is already linked to
====================  ======  ===============================================================

Decision: **auto** when the best candidate scores at least ``threshold`` (0.85), its type fits,
its label similarity is at least 0.9, it leads the runner-up by at least ``margin`` (0.10), and
no other entity has or wants the same item; **review** when there is a candidate but not all of
that holds; **rejected** when there is no candidate left. A curated link is never replaced:
with ``--all`` a different best item only ever goes to review.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from . import fetch
from .classes import class_label
from .entities import Entity, year
from .links import Link, short
from .similarity import best_match

WEIGHTS = {"label": 0.55, "type": 0.25, "dates": 0.10, "context": 0.10}
THRESHOLD = 0.85
MARGIN = 0.10
MIN_LABEL = 0.9
ALIAS_WEIGHT = 0.95


@dataclass
class Candidate:
    qid: str
    label: str
    description: str
    score: float = 0.0
    parts: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    ruled_out: str = ""         # why it cannot be this entity (wrong type, a redirect)
    type_fits: bool = False

    def explain(self) -> str:
        return "; ".join(self.notes)


@dataclass
class Decision:
    """What reconciliation makes of one entity."""

    entity: Entity
    status: str                       # auto | review | rejected | linked
    best: Candidate | None = None
    runner_up: Candidate | None = None
    reason: str = ""
    existing: Link | None = None
    candidates: list[Candidate] = field(default_factory=list)

    @property
    def qid(self) -> str | None:
        return self.best.qid if self.best else None

    def evidence(self) -> str:
        """The explanation stored with the link (kg:linkEvidence)."""
        parts = []
        if self.best:
            parts.append(f"{short('http://www.wikidata.org/entity/' + self.best.qid)} "
                         f"'{self.best.label}' ({self.best.description or 'no description'}): "
                         f"{self.best.explain()}")
        if self.runner_up:
            parts.append(f"runner-up wd:{self.runner_up.qid} '{self.runner_up.label}' "
                         f"{self.runner_up.score:.3f}")
        if self.reason:
            parts.append(self.reason)
        return " | ".join(parts)

    def as_row(self) -> dict:
        """One flat record for JSON / CSV output."""
        return {
            "entity": short(self.entity.iri),
            "label": self.entity.label,
            "class": self.entity.class_names,
            "status": self.status,
            "qid": self.qid or "",
            "wikidata_label": self.best.label if self.best else "",
            "description": self.best.description if self.best else "",
            "score": round(self.best.score, 3) if self.best else None,
            "runner_up": self.runner_up.qid if self.runner_up else "",
            "runner_up_score": round(self.runner_up.score, 3) if self.runner_up else None,
            "reason": self.reason,
            "explanation": self.best.explain() if self.best else "",
        }


def reconcile(client, entities: Sequence[Entity], expected: dict[str, set[str]],
              existing: Iterable[Link] = (), reconsider: bool = False,
              threshold: float = THRESHOLD, margin: float = MARGIN) -> list[Decision]:
    """Decide a link for each entity (entities that have a link are skipped unless
    ``reconsider``). Sends a handful of batched queries through ``client``."""
    existing = [link for link in existing if link.is_link]
    linked = {link.entity: link for link in existing}
    todo = [e for e in entities if reconsider or e.iri not in linked]
    if not todo:
        return []
    by_language: dict[str, list[Entity]] = {}
    for entity in todo:
        by_language.setdefault(entity.language, []).append(entity)

    decisions = []
    for language, group in sorted(by_language.items()):
        names = {n for e in group for n in _name_variants(e.names)}
        found = fetch.candidates_by_name(client, sorted(names), language)
        per_entity = {e.iri: sorted({q for n in _name_variants(e.names) for q in found.get(n, ())},
                                    key=_qnum) for e in group}
        all_qids = sorted({q for qs in per_entity.values() for q in qs}, key=_qnum)
        items = fetch.describe_items(client, all_qids, language) if all_qids else {}
        classes = {c for e in group for cls in e.classes for c in expected.get(cls, ())}
        fits = fetch.type_fits(client, all_qids, classes) if all_qids else {}
        known = {link.qid for link in existing}
        context = fetch.related(client, all_qids, known) if all_qids and known else {}
        for entity in group:
            accepted = {c for cls in entity.classes for c in expected.get(cls, ())}
            own = linked.get(entity.iri)
            cands = [score(entity, items[q], accepted, fits.get(q, set()),
                           context.get(q, set()) - ({own.qid} if own else set()))
                     for q in per_entity[entity.iri]]
            decisions.append(_decide(entity, cands, own, threshold, margin))
    _one_item_one_entity(decisions, existing)
    return sorted(decisions, key=lambda d: d.entity.iri)


def _qnum(qid: str) -> int:
    return int(qid[1:])


def _name_variants(names: Iterable[str]) -> list[str]:
    """Each name, and with its first letter upper-cased (Wikidata labels usually are)."""
    out = []
    for name in names:
        for variant in (name, name[:1].upper() + name[1:]):
            if variant and variant not in out:
                out.append(variant)
    return out


def score(entity: Entity, item: fetch.Item, accepted: set[str], reached: set[str],
          related: set[str]) -> Candidate:
    """Score one candidate item for one entity (see the module docstring for the formula)."""
    cand = Candidate(item.qid, item.label or item.qid, item.description)
    if item.redirect:
        cand.ruled_out = f"redirects to wd:{item.redirect}"
        cand.notes.append(cand.ruled_out)
        return cand
    names = [(label, 1.0) for label in item.labels] + [(a, ALIAS_WEIGHT) for a in item.aliases]
    label_score, ours, theirs = best_match(entity.names, names)
    cand.parts["label"] = label_score
    kind = "label" if theirs in item.labels else "alias"
    cand.notes.append(f"label {label_score:.2f} ({kind} '{theirs}' ~ '{ours}')")

    if not accepted:
        cand.parts["type"] = 0.5
        cand.notes.append(f"type unchecked ({entity.class_names} has no Wikidata class)")
    elif reached & accepted:
        cand.parts["type"] = 1.0
        cand.type_fits = True
        names_reached = ", ".join(f"{c} {class_label(c)}" for c in sorted(reached & accepted))
        cand.notes.append(f"type fits ({names_reached})")
    elif not item.types:
        cand.parts["type"] = 0.5
        cand.notes.append("type unknown (no P31)")
    else:
        types = ", ".join(sorted(item.types, key=_qnum))
        cand.ruled_out = f"wrong type (P31 {types}; expected {', '.join(sorted(accepted))})"
        cand.notes.append(cand.ruled_out)

    cand.parts["dates"], note = _dates(entity, item)
    cand.notes.append(note)
    cand.parts["context"] = 1.0 if related else 0.0
    if related:
        cand.notes.append("related to " + ", ".join(f"wd:{q}" for q in sorted(related,
                                                                              key=_qnum)))
    cand.score = 0.0 if cand.ruled_out else round(
        sum(WEIGHTS[k] * cand.parts.get(k, 0.0) for k in WEIGHTS), 3)
    return cand


def _dates(entity: Entity, item: fetch.Item) -> tuple[float, str]:
    def first_year(*props: str) -> int | None:
        for prop in props:
            for value in item.dates.get(prop, ()):
                y = year(value)
                if y is not None:
                    return y
        return None

    pairs = []
    if entity.start:
        pairs.append(("start", year(entity.start), first_year("P580", "P571", "P585")))
    if entity.end:
        pairs.append(("end", year(entity.end), first_year("P582", "P576", "P585")))
    if entity.date:
        pairs.append(("date", year(entity.date), first_year("P585", "P580", "P571")))
    compared = [(name, ours, theirs) for name, ours, theirs in pairs
                if ours is not None and theirs is not None]
    if not compared:
        return 0.5, "dates not compared"
    points = [1.0 if ours == theirs else 0.5 if abs(ours - theirs) == 1 else 0.0
              for _, ours, theirs in compared]
    value = sum(points) / len(points)
    detail = ", ".join(f"{name} {ours}{'=' if ours == theirs else '≠'}{theirs}"
                       for name, ours, theirs in compared)
    return value, f"dates {value:.2f} ({detail})"


def _decide(entity: Entity, cands: list[Candidate], own: Link | None, threshold: float,
            margin: float) -> Decision:
    ranked = sorted((c for c in cands if not c.ruled_out), key=lambda c: (-c.score, _qnum(c.qid)))
    ruled = [c for c in cands if c.ruled_out]
    best = ranked[0] if ranked else None
    runner = ranked[1] if len(ranked) > 1 else None
    decision = Decision(entity, "rejected", best, runner, existing=own, candidates=cands)
    if best is None:
        decision.reason = ("no candidate with this label" if not ruled else
                           "all candidates ruled out: " + "; ".join(
                               f"wd:{c.qid} '{c.label}' {c.ruled_out}" for c in ruled))
        return decision
    problems = []
    if best.score < threshold:
        problems.append(f"score {best.score:.3f} below {threshold}")
    if not best.type_fits:
        problems.append("type not confirmed")
    if best.parts.get("label", 0) < MIN_LABEL:
        problems.append(f"label similarity {best.parts.get('label', 0):.2f} below {MIN_LABEL}")
    if runner and best.score - runner.score < margin:
        problems.append(f"lead over wd:{runner.qid} only {best.score - runner.score:.3f}")
    if own is not None:
        if own.qid == best.qid:
            decision.status, decision.reason = "linked", f"agrees with the {own.method} link"
        else:
            decision.status = "review"
            decision.reason = (f"differs from the existing {own.method} link wd:{own.qid}, "
                               "which is kept")
        return decision
    decision.status = "review" if problems else "auto"
    decision.reason = "; ".join(problems)
    return decision


def _one_item_one_entity(decisions: list[Decision], existing: list[Link]) -> None:
    """Two entities must not link to one item: send both to review instead."""
    owner = {link.qid: link.entity for link in existing}
    wanted: dict[str, list[Decision]] = {}
    for d in decisions:
        if d.status == "auto":
            wanted.setdefault(d.qid, []).append(d)
    for qid, group in wanted.items():
        taken = owner.get(qid)
        if taken and all(taken != d.entity.iri for d in group):
            for d in group:
                d.status = "review"
                d.reason = f"wd:{qid} is already linked to {short(taken)}"
        elif len(group) > 1:
            for d in group:
                others = ", ".join(short(o.entity.iri) for o in group if o is not d)
                d.status = "review"
                d.reason = f"wd:{qid} is also the best match for {others}"


def to_links(decisions: Iterable[Decision]) -> list[Link]:
    """Auto decisions as links, review decisions as pending assertions (no match triple)."""
    from .links import now

    stamp = now()
    out = []
    for d in decisions:
        if d.status in ("auto", "review") and d.best:
            out.append(Link(d.entity.iri, d.best.qid, method="reconciled",
                            status="auto" if d.status == "auto" else "pending",
                            evidence=d.evidence(), score=d.best.score, generated=stamp))
    return out
