"""The diff's review file: proposals out as CSV or JSON for a person, their decisions back in.

The file lists what could go to Wikidata: the ``missing`` rows (each with the QuickStatements
line it would become) and the ``held`` ones (with why they are held). A reviewer writes
``accept`` or ``reject`` in the ``decision`` column; only accepted rows go out, and only if
Wikidata still lacks them when the file is taken back (the diff is computed again then). A held
row cannot be accepted: QuickStatements cannot write it as it is.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass

from ..errors import InputError
from . import quickstatements
from .diff import Row
from .review import ACCEPT, REJECT

COLUMNS = ("id", "status", "item", "label", "property", "article", "value_label", "qualifier",
           "wikidata", "quote", "note", "quickstatements", "decision")
PROPOSED = ("missing", "held")


def review_rows(rows: Iterable[Row], article_url: str) -> list[dict]:
    """One record per missing or held row, decision empty."""
    out = []
    for row in rows:
        if row.status not in PROPOSED:
            continue
        record = row.as_dict()
        record["quickstatements"] = (quickstatements.line(row.claim, article_url)
                                     if row.status == "missing" else "")
        record["decision"] = ""
        out.append({key: record.get(key, "") for key in COLUMNS})
    return out


def render(records: list[dict], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(records, indent=2, ensure_ascii=False) + "\n"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
    return buffer.getvalue()


@dataclass
class Decisions:
    accepted: list[Row]          # still missing from Wikidata: these go out
    already: list[str]           # accepted, but no longer missing: "id (status)"
    rejected: int
    undecided: int


def read(path: str) -> list[tuple[int, dict]]:
    """(line or position, record) from a reviewed CSV or JSON file (told apart by extension);
    every record needs ``id`` and ``decision``."""
    from pathlib import Path

    from ..errors import UsageError

    suffix = Path(path).suffix.lower()
    if suffix not in (".csv", ".json"):
        raise UsageError(f"{path}: a review file is .csv or .json.")
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), source=path) from None
    if suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(exc.msg, source=path, line=exc.lineno, column=exc.colno) from None
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            raise InputError("expected a JSON list of objects", source=path, line=1)
        entries = [(n + 1, record) for n, record in enumerate(data)]
    else:
        reader = csv.DictReader(io.StringIO(text))
        entries = [(reader.line_num, record) for record in reader]
    for where, record in entries:
        if "id" not in record or "decision" not in record:
            raise InputError("a review row needs the columns 'id' and 'decision'", source=path,
                             line=where)
    return entries


def decide(entries: list[tuple[int, dict]], rows: list[Row], source: str) -> Decisions:
    """Match reviewed records with the current diff by id."""
    by_id = {row.id: row for row in rows}
    accepted, already, rejected, undecided = [], [], 0, 0
    for where, record in entries:
        decision = str(record.get("decision") or "").strip().lower()
        if not decision:
            undecided += 1
            continue
        if decision in REJECT:
            rejected += 1
            continue
        if decision not in ACCEPT:
            raise InputError(f"decision {decision!r} is neither accept nor reject",
                             source=source, line=where)
        key = str(record.get("id") or "").strip()
        row = by_id.get(key)
        if row is None:
            raise InputError(f"{key!r} is not a statement of the current diff (was the id "
                             "edited, or the graph changed?)", source=source, line=where)
        if row.status == "held":
            raise InputError(f"{key!r} is held for review and cannot go out as QuickStatements: "
                             f"{row.claim.held}", source=source, line=where)
        if row.status == "missing":
            accepted.append(row)
        else:
            already.append(f"{key} ({row.status})")
    return Decisions(accepted, already, rejected, undecided)
