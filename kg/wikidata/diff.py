"""The comparison: each claim of the article against Wikidata's statements, with a status.

Statuses, one per claim:

- ``missing``: Wikidata has no statement with this value (for item values, other values of the
  property do not contradict it: an event has many participants).
- ``agrees``: Wikidata has it, with at least one reference.
- ``unreferenced``: Wikidata has it, but no statement with this value carries a reference.
- ``disagrees``: Wikidata states something else where the two cannot both hold: another date at
  the precision both share, another figure for the same party. Both values are shown.
- ``held``: the article supports it but it cannot be written as it is (a lower bound, a figure
  with no party); a person decides.

Dates are compared at the coarser of the two precisions, so the article's "1918" agrees with
Wikidata's 6 March 1918, and a statement Wikidata already has is never proposed again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from .claims import Claim
from .statements import PARTY_QUALIFIERS, Statement

STATUSES = ("missing", "disagrees", "unreferenced", "agrees", "held")
IMPORT_ONLY = {"P143", "P4656", "P813"}    # "imported from Wikimedia project": provenance only


@dataclass
class Row:
    """One claim and what Wikidata makes of it."""

    status: str
    claim: Claim
    wikidata: list[str] = field(default_factory=list)   # Wikidata's values, displayed
    note: str = ""

    @property
    def id(self) -> str:
        return self.claim.key

    def as_dict(self) -> dict:
        c = self.claim
        return {
            "id": self.id, "status": self.status, "item": c.item, "label": c.label,
            "entity": c.entity, "property": c.prop, "article": c.display(),
            "value_label": c.value_label or c.party_label, "qualifier":
            f"P518={c.party}" if c.party else "", "wikidata": "; ".join(self.wikidata),
            "quote": c.quote, "note": self.note or c.held,
        }


def compare(claims: Iterable[Claim], wikidata: dict[tuple[str, str], list[Statement]]
            ) -> list[Row]:
    """One :class:`Row` per claim, in the claims' order."""
    claims = list(claims)
    siblings: dict[tuple[str, str, str], list[Claim]] = {}
    for claim in claims:
        siblings.setdefault((claim.item, claim.prop, claim.party), []).append(claim)
    rows = []
    for claim in claims:
        found = wikidata.get((claim.item, claim.prop), [])
        if claim.kind == "item":
            rows.append(_item(claim, found))
        elif claim.kind == "time":
            rows.append(_time(claim, found))
        else:
            others = [c for c in siblings[(claim.item, claim.prop, claim.party)] if c != claim]
            rows.append(_quantity(claim, found, others))
    return rows


def _status(claim: Claim, same: list[Statement], different: list[Statement],
            conflicting: bool, note: str = "") -> Row:
    shown = [show(s) for s in (same or different)]
    live = [s for s in same if s.rank != "deprecated"]
    if live:
        referenced = [s for s in live if s.references]
        if not referenced:
            return Row("unreferenced", claim, shown, note)
        if all(refs <= IMPORT_ONLY for s in referenced for refs in s.references):
            note = "; ".join(filter(None, [note, "referenced only as imported from Wikipedia"]))
        return Row("agrees", claim, shown, note)
    if same:
        return Row("disagrees", claim, shown, "Wikidata marks this value deprecated")
    if conflicting and different:
        return Row("disagrees", claim, shown, note)
    if claim.held:
        return Row("held", claim, shown)
    return Row("missing", claim, shown, "Wikidata has other values" if different else "")


def _item(claim: Claim, found: list[Statement]) -> Row:
    same = [s for s in found if s.value == claim.value]
    return _status(claim, same, [s for s in found if s not in same], conflicting=False)


def _time(claim: Claim, found: list[Statement]) -> Row:
    same, different, notes = [], [], set()
    for s in found:
        precision = s.precision or 11
        shared = min(precision, claim.precision or 11)
        if truncate(s.value, shared) == truncate(claim.value, shared):
            same.append(s)
            if precision > (claim.precision or 11):
                notes.add("Wikidata is more precise")
            elif precision < (claim.precision or 11):
                notes.add("the article is more precise")
        else:
            different.append(s)
    live = [s for s in different if s.rank != "deprecated"]
    return _status(claim, same, live, conflicting=True, note="; ".join(sorted(notes)))


def _quantity(claim: Claim, found: list[Statement], siblings: list[Claim]) -> Row:
    if not claim.party and claim.held:
        # one unnamed party's figure: neither Wikidata's total nor any party's figure is
        # comparable with it
        return Row("held", claim, [show(s) for s in found])
    if claim.party:
        mine = [s for s in found if claim.party in s.party()]
    else:
        mine = [s for s in found if not s.party()]
    same = [s for s in mine if _matches(claim, s)]
    # a value another figure of the article explains is no contradiction
    different = [s for s in mine if s not in same and s.rank != "deprecated"
                 and not any(_matches(other, s) for other in siblings)]
    note = ""
    if claim.form == "lower-bound" and same:
        note = f"consistent with at least {claim.lower}"
    return _status(claim, same, different, conflicting=True, note=note)


def _matches(claim: Claim, s: Statement) -> bool:
    amount = s.amount
    if amount is None:
        return False
    if claim.form == "exact":
        return amount == Decimal(claim.value)
    if claim.form == "range":
        return (s.lower, s.upper) == (claim.lower, claim.upper)
    if claim.form == "lower-bound":
        return claim.lower is not None and amount >= claim.lower
    return False


def truncate(value: str, precision: int) -> str:
    """A date cut to a precision: 9 year, 10 month, 11 day (Wikidata's ``+`` sign dropped).

    >>> truncate("+1918-03-06T00:00:00Z", 9), truncate("1920-09", 10), truncate("1918", 11)
    ('1918', '1920-09', '1918')
    """
    text = value.lstrip("+")
    return text[:{9: 4, 10: 7}.get(precision, 10)]


def show(s: Statement) -> str:
    """A Wikidata statement's value as the table shows it."""
    if s.precision is not None:
        text = truncate(s.value, s.precision) + f" /{s.precision}"
    elif s.lower is not None or s.upper is not None:
        text = f"{s.value.lstrip('+')} [{s.lower}, {s.upper}]"
    else:
        text = s.value.lstrip("+")
    for prop in PARTY_QUALIFIERS:
        if s.qualifiers.get(prop):
            text += f" {prop}=" + ",".join(sorted(s.qualifiers[prop]))
    if not s.references:
        text += " (unreferenced)"
    if s.rank == "deprecated":
        text += " (deprecated)"
    return text


def counts(rows: Iterable[Row]) -> dict[str, int]:
    found = {status: 0 for status in STATUSES}
    for row in rows:
        found[row.status] += 1
    return found
