"""The diagram picture: parties, sides, conflicts and campaigns, results; as Mermaid or as SVG.

Mermaid text needs no dependency (GitHub, GitLab and many editors draw it) and every node links
to its IRI (``click ... href``). The SVG is laid out here in four columns (parties, sides,
conflicts and campaigns, results), parts indented under their whole, edges as curves labelled
with what the data says ("on side", "took part in", "led", "result of"); dashed edges are the
weaker statement "losses counted on" (a casualty figure's party and side).
"""

from __future__ import annotations

import re

from .structure import Edge, Node, Structure
from .svg import Svg, num, text_width

COLUMNS = ("party", "side", "conflict", "result")
HEADINGS = {"party": "Parties", "side": "Sides", "conflict": "Conflicts and campaigns",
            "result": "Results"}
BOX_CLASS = {"party": "box", "side": "box-side", "conflict": "box-conflict",
             "result": "box-result"}
MARGIN = 16
GAP_X = 130
BOX_H = 24
NOTE_H = 14
GAP_Y = 10
INDENT = 16


def _tree_order(nodes: list[Node]) -> list[tuple[Node, int]]:
    """Nodes of one column depth first, children under their parent, siblings by label."""
    by_parent: dict[str | None, list[Node]] = {}
    present = {n.iri for n in nodes}
    for n in nodes:
        by_parent.setdefault(n.parent if n.parent in present else None, []).append(n)
    out: list[tuple[Node, int]] = []

    def walk(key: str | None, depth: int, seen: frozenset) -> None:
        for n in sorted(by_parent.get(key, []), key=lambda n: (n.label, n.iri)):
            if n.iri not in seen:
                out.append((n, depth))
                walk(n.iri, depth + 1, seen | {n.iri})

    walk(None, 0, frozenset())
    return out


def mermaid(data: Structure, title: str | None = None) -> bytes:
    """The diagram as Mermaid flowchart text (UTF-8 bytes)."""
    ids: dict[str, str] = {}
    for n in data.nodes:
        base = re.sub(r"\W", "_", re.split(r"[#/]", n.iri.rstrip("/#"))[-1]) or "node"
        if base[0].isdigit():
            base = "n" + base
        name, k = base, 2
        while name in ids.values():
            name, k = f"{base}_{k}", k + 1
        ids[n.iri] = name
    lines = [f"%% {title or 'Sides, parties, campaigns and results'}", "flowchart LR"]
    for kind in COLUMNS:
        members = [(n, d) for n, d in _tree_order([n for n in data.nodes if n.kind == kind])]
        if not members:
            continue
        lines.append(f"  subgraph group_{kind} [\"{HEADINGS[kind]}\"]")
        for n, _depth in members:
            text = _mm(n.label) + (f"<br/><small>{_mm(n.note)}</small>" if n.note else "")
            shape = ("([", "])") if kind == "result" else ("[[", "]]") if kind == "side" \
                else ("[", "]")
            lines.append(f"    {ids[n.iri]}{shape[0]}\"{text}\"{shape[1]}")
        lines.append("  end")
    for n in sorted(data.nodes, key=lambda n: ids[n.iri]):
        if n.parent and n.parent in ids:
            verb = "sub-result of" if n.kind == "result" else "part of"
            lines.append(f"  {ids[n.iri]} -->|{verb}| {ids[n.parent]}")
    for e in data.edges:
        arrow = "-.->" if e.dashed else "-->"
        lines.append(f"  {ids[e.source]} {arrow}|{_mm(e.label)}| {ids[e.target]}")
    for n in sorted(data.nodes, key=lambda n: ids[n.iri]):
        lines.append(f"  click {ids[n.iri]} href \"{n.iri}\" \"{_mm(n.label)}\"")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _mm(text: str) -> str:
    """Text safe inside a Mermaid label (entity codes for the characters Mermaid reads)."""
    return (text.replace("&", "#amp;").replace('"', "#quot;").replace("<", "#lt;")
            .replace(">", "#gt;").replace("|", "#124;"))


def draw(data: Structure, title: str | None = None) -> bytes:
    """The diagram as an SVG document (UTF-8 bytes)."""
    columns = {k: _tree_order([n for n in data.nodes if n.kind == k]) for k in COLUMNS}
    columns = {k: v for k, v in columns.items() if v}
    widths = {k: max(max(text_width(n.label, 12), text_width(n.note, 10.5)) + 16 + d * INDENT
                     for n, d in v) for k, v in columns.items()}
    boxes: dict[str, tuple[float, float, float, float]] = {}
    x, top = MARGIN, 80
    placed_y: dict[str, float] = {}
    heights = []
    for kind in COLUMNS:
        if kind not in columns:
            continue
        order = columns[kind]
        if kind == "party":   # parties near what they link to, to keep edges short
            order = sorted(order, key=lambda nd: (_barycenter(nd[0], data.edges, columns),
                                                  nd[0].label))
        y = top
        for n, depth in order:
            h = BOX_H + (NOTE_H if n.note else 0)
            bx = x + depth * INDENT
            boxes[n.iri] = (bx, y, widths[kind] - depth * INDENT, h)
            placed_y[n.iri] = y
            y += h + GAP_Y
        heights.append(y)
        x += widths[kind] + GAP_X
    width, height = x - GAP_X + MARGIN + 20, max(heights) + 60
    heading = title or "Sides, parties, campaigns and results"
    svg = Svg(width, height, heading, "Who was on which side, which campaigns belong to which "
              "conflict, and what the results were, as the data states them.")
    svg.text(MARGIN, 24, heading, "title")
    svg.text(MARGIN, 42, "solid: stated link; dashed: a party's losses counted on a side; "
             "indented: part of / sub-result of", "note")
    x = MARGIN
    for kind in COLUMNS:
        if kind in columns:
            svg.text(x, 68, HEADINGS[kind], "heading")
            x += widths[kind] + GAP_X
    labelled: dict[tuple[str, bool], list[str]] = {}
    for e in data.edges:
        _edge(svg, e, boxes, labelled)
    for kind in COLUMNS:
        for n, _depth in columns.get(kind, []):
            if n.parent and n.parent in boxes:
                px, py, _pw, ph = boxes[n.parent]
                bx, by, _bw, bh = boxes[n.iri]
                svg.path(f"M{num(px + 8)},{num(py + ph)} L{num(px + 8)},{num(by + bh / 2)} "
                         f"L{num(bx)},{num(by + bh / 2)}", "edge", data_role="part-of")
    for kind in COLUMNS:
        for n, _depth in columns.get(kind, []):
            bx, by, bw, bh = boxes[n.iri]
            svg.open_mark(n.iri, n.label, "node", data_kind=kind)
            svg.rect(bx, by, bw, bh, BOX_CLASS[kind], rx="4" if kind != "result" else "11")
            svg.text(bx + 8, by + 16, n.label, "label")
            if n.note:
                svg.text(bx + 8, by + 31, n.note, "note")
            svg.close_mark()
    return svg.document()


def _barycenter(node: Node, edges: list[Edge], columns) -> float:
    """The mean position of what a party links to, in column order (for sorting parties)."""
    index = {n.iri: (c, i) for c, members in enumerate(columns.values())
             for i, (n, _d) in enumerate(members)}
    targets = [index[e.target][1] + 100 * (index[e.target][0] - 1)
               for e in edges if e.source == node.iri and e.target in index]
    return sum(targets) / len(targets) if targets else 1e9


def _edge(svg: Svg, e: Edge, boxes, labelled: dict[tuple[str, bool], list[str]]) -> None:
    """A curve from source to target; its label once per target end, stacked if several."""
    if e.source not in boxes or e.target not in boxes:
        return
    sx, sy, sw, sh = boxes[e.source]
    tx, ty, tw, th = boxes[e.target]
    if sx < tx:
        x1, x2 = sx + sw, tx
    else:
        x1, x2 = sx, tx + tw
    y1, y2 = sy + sh / 2, ty + th / 2
    bend = (x2 - x1) / 2
    svg.open_group("relation", data_source=e.source, data_target=e.target, data_label=e.label)
    svg.path(f"M{num(x1)},{num(y1)} C{num(x1 + bend)},{num(y1)} {num(x2 - bend)},{num(y2)} "
             f"{num(x2)},{num(y2)}", "edge-dashed" if e.dashed else "edge")
    head = -1 if x2 > x1 else 1
    svg.polygon([(x2, y2), (x2 + 7 * head, y2 - 4), (x2 + 7 * head, y2 + 4)], "marker",
                stroke="none")
    seen = labelled.setdefault((e.target, head > 0), [])
    if e.label not in seen:
        seen.append(e.label)
        svg.text(x2 + (8 * head if head > 0 else -8), y2 - 5 - 11 * (len(seen) - 1), e.label,
                 "note", anchor="start" if head > 0 else "end")
    svg.close_group()
