"""``kg wikidata diff`` output: the comparison as a table, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
import re

DIFF_FORMATS = ("table", "csv", "json", "quickstatements")
COLUMNS = ("id", "status", "item", "label", "entity", "property", "property_label", "article",
           "value_label", "qualifier", "wikidata", "quote", "note")
#: Labels of the compared properties, as the project's wikidata-properties.tsv gives them.
PROPERTY_LABELS = {
    "P361": "part of", "P527": "has part(s)", "P276": "location", "P710": "participant",
    "P580": "start time", "P582": "end time", "P585": "point in time",
    "P1120": "number of deaths", "P1339": "number of injured", "P1446": "number of missing",
    "P1132": "number of participants",
}


def records(rows) -> list[dict]:
    out = []
    for row in rows:
        record = row.as_dict()
        record["property_label"] = PROPERTY_LABELS.get(record["property"], "")
        out.append({key: record.get(key, "") for key in COLUMNS})
    return out


def _one_line(text: str, width: int) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= width else text[:width - 1] + "…"


def render_rows(rows, fmt: str, summary: str = "") -> str:
    """The rows as ``table`` (with ``summary`` under it), ``csv`` or ``json``."""
    data = records(rows)
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(data)
        return buffer.getvalue()
    header = ("STATUS", "ITEM", "PROPERTY", "ARTICLE", "WIKIDATA", "QUOTE", "NOTE")
    lines = []
    for r in data:
        article = r["article"]
        if r["value_label"]:
            article += f" ({r['value_label']})" if r["qualifier"] else f" {r['value_label']}"
        lines.append((r["status"], r["item"], f"{r['property']} {r['property_label']}",
                      _one_line(article, 34), _one_line(r["wikidata"] or "-", 30),
                      _one_line(r["quote"], 40), _one_line(r["note"], 60)))
    widths = [max(len(cell) for cell in column) for column in zip(header, *lines, strict=True)]
    text = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
                      .rstrip()
            for row in (header, *lines)]
    return "\n".join([*text, "", summary]).rstrip("\n") + "\n"
