"""The review list: pending links out as CSV or JSON for a person, and their decisions back in.

Columns: ``entity, label, qid, wikidata_label, score, evidence, decision``. A reviewer fills in
``decision`` with ``accept`` (the row's ``qid``, which they may change, becomes a confirmed link)
or ``reject`` (the pending entry is dropped); rows left blank stay pending.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, UsageError
from .config import is_qid
from .links import Link, confirm, expand, short

COLUMNS = ("entity", "label", "qid", "wikidata_label", "score", "evidence", "decision")
_LABEL = re.compile(r"wd:Q\d+ '(.*?)' \(")  # evidence starts "wd:Q… 'label' (description): …"
ACCEPT = {"accept", "accepted", "yes", "y"}
REJECT = {"reject", "rejected", "no", "n"}


def rows(pending: list[Link], labels: dict[str, str]) -> list[dict]:
    """One row per pending link, decision empty."""
    out = []
    for link in pending:
        if link.is_link:
            continue
        match = _LABEL.match(link.evidence)
        wikidata_label = match.group(1) if match else ""
        out.append({"entity": short(link.entity), "label": labels.get(link.entity, ""),
                    "qid": link.qid, "wikidata_label": wikidata_label,
                    "score": link.score, "evidence": link.evidence, "decision": ""})
    return out


@dataclass
class Decisions:
    accepted: list[Link]
    rejected: list[str]          # entity IRIs whose pending entries go
    undecided: int


def load(path: str | os.PathLike, fmt: str | None = None) -> list[tuple[int, dict]]:
    """(line or position, row) from a reviewed CSV or JSON file."""
    path = Path(path)
    fmt = fmt or ("json" if path.suffix.lower() == ".json" else
                  "csv" if path.suffix.lower() in (".csv", ".txt") else None)
    if fmt is None:
        raise UsageError(f"{path}: cannot tell csv from json by the extension; set --format.")
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), source=str(path)) from None
    if fmt == "json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(exc.msg, source=str(path), line=exc.lineno,
                             column=exc.colno) from None
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            raise InputError("expected a JSON list of objects", source=str(path), line=1)
        return [(n + 1, row) for n, row in enumerate(data)]
    reader = csv.DictReader(io.StringIO(text))
    missing = {"entity", "qid", "decision"} - set(reader.fieldnames or ())
    if missing:
        raise InputError(f"missing column(s): {', '.join(sorted(missing))}", source=str(path),
                         line=1)
    return [(reader.line_num, row) for row in reader]


def decide(entries: list[tuple[int, dict]], pending: list[Link], curated: dict[str, Link],
           source: str) -> Decisions:
    """Turn reviewed rows into confirmed links and rejections; refuse to replace a curated link."""
    by_entity = {link.entity: link for link in pending}
    accepted, rejected, undecided = [], [], 0
    for where, row in entries:
        decision = str(row.get("decision") or "").strip().lower()
        entity = expand(str(row.get("entity") or "").strip())
        qid = str(row.get("qid") or "").strip()
        if not decision:
            undecided += 1
            continue
        if decision in REJECT:
            rejected.append(entity)
            continue
        if decision not in ACCEPT:
            raise InputError(f"decision {decision!r} is neither accept nor reject",
                             source=source, line=where)
        if not is_qid(qid):
            raise InputError(f"{qid!r} is not a Wikidata item ID such as Q959", source=source,
                             line=where)
        held = curated.get(entity)
        if held is not None and held.qid != qid:
            raise InputError(f"{short(entity)} has the curated link wd:{held.qid}; kg link never "
                             "replaces a curated link (edit kg/data/links.ttl instead)",
                             source=source, line=where)
        base = by_entity.get(entity)
        score = _float(row.get("score"))
        if base is None or base.qid != qid:
            base = Link(entity, qid, method="reconciled", status="pending",
                        evidence=str(row.get("evidence") or ""), score=score)
        accepted.append(confirm(base, evidence=(base.evidence + " | accepted by a reviewer")
                                .lstrip(" |")))
    return Decisions(accepted, rejected, undecided)


def _float(value) -> float | None:
    try:
        return None if value in (None, "") else float(value)
    except (TypeError, ValueError):
        return None
