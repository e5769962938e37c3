"""``kg link`` output: decisions, link checks and the review list as text, JSON or CSV."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter

LINK_FORMATS = ("text", "json", "csv")
DECISION_COLUMNS = ("entity", "label", "class", "status", "qid", "wikidata_label",
                    "description", "score", "runner_up", "runner_up_score", "reason",
                    "explanation")
CHECK_COLUMNS = ("entity", "qid", "match", "method", "status", "ok", "wikidata_label",
                 "problems")


def _csv(columns, rows) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if row.get(k) is None else row.get(k) for k in columns})
    return buffer.getvalue()


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(str(x)) for x in column) for column in zip(header, *rows, strict=False)]
    lines = []
    for row in (header, *rows):
        cells = [str(cell).ljust(width) for cell, width in zip(row, widths, strict=False)]
        lines.append("  ".join(cells).rstrip())
    return lines


def render_decisions(decisions, fmt: str, skipped: int = 0) -> str:
    """Every decision; ``skipped`` entities already had a link and were not reconsidered."""
    records = [d.as_row() for d in decisions]
    if fmt == "json":
        return json.dumps(records, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return _csv(DECISION_COLUMNS, records)
    rows = []
    for r in records:
        note = r["wikidata_label"] or ""
        if r["reason"]:
            note = f"{note} ({r['reason']})" if note else r["reason"]
        runner = (f"{r['runner_up']} {r['runner_up_score']:.3f}" if r["runner_up"] else "-")
        rows.append((r["entity"], r["status"], r["qid"] or "-",
                     f"{r['score']:.3f}" if r["score"] is not None else "-", runner, note))
    lines = _table(("ENTITY", "STATUS", "QID", "SCORE", "RUNNER-UP", "WIKIDATA LABEL (REASON)"),
                   rows)
    counts = Counter(r["status"] for r in records)
    summary = ", ".join(f"{counts[s]} {s}" for s in ("auto", "review", "rejected", "linked")
                        if counts[s])
    if skipped:
        summary += f"; {skipped} entities already linked (--all reconsiders them)"
    return "\n".join([*lines, "", summary or "nothing to reconcile"]) + "\n"


def render_checks(results, fmt: str) -> str:
    records = [{
        "entity": _short(r.link.entity), "qid": r.link.qid, "match": r.link.match,
        "method": r.link.method, "status": r.link.status, "ok": r.ok,
        "wikidata_label": r.item.label if r.item else "", "problems": "; ".join(r.problems),
    } for r in results]
    if fmt == "json":
        for record, result in zip(records, results, strict=False):
            record["problems"] = result.problems
        return json.dumps(records, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return _csv(CHECK_COLUMNS, records)
    rows = [("ok" if r["ok"] else "BROKEN", r["entity"], "wd:" + r["qid"],
             r["problems"] or r["wikidata_label"]) for r in records]
    lines = _table(("CHECK", "ENTITY", "ITEM", "WIKIDATA LABEL / PROBLEM"), rows)
    broken = sum(1 for r in records if not r["ok"])
    lines += ["", f"{len(records)} links checked, {broken} broken"]
    return "\n".join(lines) + "\n"


def _short(iri: str) -> str:
    from ..wikidata.links import short

    return short(iri)


def render_review(table: list[dict], fmt: str) -> str:
    """The review list (``kg link --review``) as JSON or CSV, for a spreadsheet round trip."""
    from ..wikidata.review import COLUMNS

    if fmt == "json":
        return json.dumps(table, indent=2, ensure_ascii=False) + "\n"
    return _csv(COLUMNS, table)
