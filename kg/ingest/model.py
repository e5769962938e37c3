"""What ingest extracts from one article, before it becomes RDF: plain data with text offsets."""

from __future__ import annotations

from dataclasses import dataclass, field

from .dates import DateRange
from .quantities import Quantity

Span = tuple[int, int]


@dataclass
class Mention:
    """A named thing or a phrase at ``span``; ``side`` only where the text makes it certain, or
    with ``by_position`` where the only basis is its place in the flattened infobox."""

    name: str
    span: Span
    side: int | None = None
    by_position: bool = False
    role: str | None = None          # "supporter" for entries under "Supported by:"
    leader: Mention | None = None    # "Delian League led by Athens"


@dataclass
class Figure:
    """A strength or loss figure: the quantity, what it counts and whose it is."""

    section: str                     # "strength" or "casualties"
    quantity: Quantity
    span: Span                       # the figure's words, footnote marks left out
    position: int                    # 1-based within its section (and column, where known)
    unit: str                        # local name of a kg:Unit
    loss_kind: str | None = None     # local name of a kg:LossKind (casualties only)
    party: Mention | None = None
    party_span: Span | None = None   # "Greece:" on a line of its own, cited as evidence too
    inline_party: bool = False       # "Czechoslovakia: 4,112 killed": party and figure in one
    side: int | None = None
    by_position: bool = False
    captured_by: Mention | None = None


@dataclass
class Article:
    """One ingested article: every fact with the offsets of the words that state it."""

    name: str                        # file name, for messages
    text: str
    digest: str
    layout: int
    title: Mention
    kind: str = "conflict"           # battle, siege, war, ... (see kg.ingest.extract.KINDS)
    kind_span: Span | None = None
    part_of: list[Mention] = field(default_factory=list)
    dates: DateRange | None = None
    dates_span: Span | None = None
    duration: tuple[str, Span] | None = None      # (xsd:duration, span of the stated words)
    places: list[Mention] = field(default_factory=list)
    result: Mention | None = None
    sub_results: list[Mention] = field(default_factory=list)
    territorial_changes: list[Mention] = field(default_factory=list)
    status: Mention | None = None
    sides: dict[int, Mention] = field(default_factory=dict)
    belligerents: list[Mention] = field(default_factory=list)
    commanders: list[Mention] = field(default_factory=list)
    units: list[Mention] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    notes: dict[int, tuple[str, str]] = field(default_factory=dict)
    line_spans: list[Span] = field(default_factory=list)
    truncated: str | None = None
    licence: Span | None = None

    def quote(self, span: Span) -> str:
        return self.text[span[0]:span[1]]
