"""The ingest report: line by line, what became which fact and what was skipped and why."""

from __future__ import annotations

from .model import Article

_STATUS_WIDTH = 8


def coverage(article: Article) -> tuple[int, int]:
    """(infobox lines used, infobox lines used or skipped)."""
    lines = article.line_spans
    text = article.text
    statuses = [article.notes.get(i, ("skipped", ""))[0] for i, (b, e) in enumerate(lines)
                if text[b:e].strip()]
    used = statuses.count("used")
    skipped = statuses.count("skipped")
    return used, used + skipped


def render(article: Article, cited: dict[int, set[str]] | None = None) -> str:
    """The report of one article as text (one line per source line, then a summary).

    :param cited: the nodes citing each offset (from :func:`kg.ingest.graph.article_quads`):
        each line then names the nodes its words became, relative to the article's base IRI.
    """
    text = article.text
    out = [f"{article.name}: {article.title.name!r}, layout {article.layout}, "
           f"kind {article.kind}, {len(article.line_spans)} lines"]
    for i, (b, e) in enumerate(article.line_spans):
        status, why = article.notes.get(i, ("skipped", "not part of any section"))
        if status == "blank" or not text[b:e].strip():
            continue
        line = text[b:e].strip().replace("\u00a0", " ")
        shown = line if len(line) <= 48 else line[:47] + "…"
        if status == "prose":
            why = "prose, kept in the source document only"
        nodes = sorted({n for offset, names in (cited or {}).items() if b <= offset < e
                        for n in names if not n.startswith(("source", "span-"))})
        if nodes and status == "used":
            why += " [" + ", ".join(nodes) + "]"
        out.append(f"  L{i + 1:<4} {status:<{_STATUS_WIDTH}} {shown!r}" + (f" -> {why}" if why
                                                                           else ""))
    used, total = coverage(article)
    percent = f"{100 * used / total:.0f}%" if total else "n/a"
    prose = sum(1 for s, _ in article.notes.values() if s in ("prose", "licence"))
    out.append(f"  coverage: {used} of {total} infobox lines became facts ({percent}); "
               f"{total - used} skipped; {prose} lines of prose or licence kept as text only")
    out.append(f"  facts: {len(article.figures)} figures, {len(article.belligerents)} "
               f"belligerents, {len(article.commanders)} commanders, {len(article.units)} "
               f"units, {len(article.places)} places")
    if article.truncated:
        out.append(f"  truncated: {article.truncated}; ingested as far as it goes")
    return "\n".join(out) + "\n"
