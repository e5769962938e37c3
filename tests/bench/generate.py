"""Generate synthetic, shape-conformant conflict graphs (N-Triples) for benchmarks and scale tests.

The graphs use the ontology of ``ontology/conflict.ttl`` the way the encoded article does: conflicts
and interventions with campaigns (``kg:partOf``, nested), parties of every ``kg:`` party class,
sides with members, participations, strength and loss figures in all four quantity forms (exact,
range, lower bound, unknown), dates of mixed precision (``xsd:date``, ``xsd:gYearMonth``,
``xsd:gYear``), a headline result with sub-results, landings, motivations and hampering factors.
Each conflict has its own ``kg:SourceDocument`` whose generated text states every fact, and every
fact node and entity points at a ``kg:TextSpan`` whose ``kg:anchorOf`` is exactly the text at its
code-point offsets (the text contains non-ASCII characters, so byte and code-point offsets differ).

Output is streamed N-Triples, deterministic for a given ``--seed`` and ``--triples``; generation
stops at the first whole conflict that reaches the requested size, so the count is slightly above
it. No blank nodes: every node has an IRI under ``--base`` (by default example.org, so synthetic
data can never be mistaken for the project's own IRIs).

Usage::

    python tests/bench/generate.py --triples 100000 -o big.nt
    python tests/bench/generate.py --triples 10000 --seed 7 -o - | head
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from typing import TextIO

KG = "https://w3id.org/conflict-kg/ontology#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
RDFS_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
XSD = "http://www.w3.org/2001/XMLSchema#"
DCTERMS_TITLE = "<http://purl.org/dc/terms/title>"
DCTERMS_LICENSE = "<http://purl.org/dc/terms/license>"
CC0 = "<https://creativecommons.org/publicdomain/zero/1.0/>"  # the generated texts are ours
DEFAULT_BASE = "http://example.org/kg-bench/id/"

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")

# Syllables for made-up names; a few carry diacritics so code-point and byte offsets differ.
SYLLABLES = ("var", "nes", "tal", "or", "mir", "ska", "bel", "dra", "kov", "lin", "ost", "ria",
             "zó", "ær", "ul", "pen", "gar", "ith", "mon", "sal", "tév", "ka", "ro", "vin",
             "łó", "den", "ark", "ess", "ün", "bor")
STATE_FORMS = ("Kingdom of {}", "Republic of {}", "Empire of {}", "{} Confederation",
               "Grand Duchy of {}")
MOVEMENT_FORMS = ("{} Movement", "{} Party", "{} Front")
FORCE_FORMS = ("{} Legion", "{} Corps", "{} Army", "{} Brigade")
COALITION_FORMS = ("{} League", "{} Alliance", "{} Entente")
PLACE_REGION_FORMS = ("{} Plains", "North {}", "{} Valley", "{} Coast")
PLACE_SETTLEMENT_FORMS = ("Port {}", "{}grad", "{}ville", "Fort {}")
AIMS = ("secure the supply depots of {place}", "rescue forces trapped in {place}",
        "support the {party}", "hold the railway to {place}", "protect trade through {place}")
FACTORS = ("divided objectives", "war-weariness", "discontent among troops and sailors",
           "a shortage of supplies", "a harsh winter")


def iri(local: str, base: str = DEFAULT_BASE) -> str:
    return f"<{base}{local}>"


def kg(term: str) -> str:
    return f"<{KG}{term}>"


def escape(value: str) -> str:
    """Escape a string for an N-Triples literal (ECHAR of RDF 1.1 N-Triples, section 2.4)."""
    return (value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            .replace("\r", "\\r"))


def typed(value: str, datatype: str) -> str:
    return f'"{escape(value)}"^^<{XSD}{datatype}>'


def english(value: str) -> str:
    return f'"{escape(value)}"@en'


def integer(value: int, datatype: str = "nonNegativeInteger") -> str:
    return f'"{value}"^^<{XSD}{datatype}>'


def with_commas(n: int) -> str:
    return f"{n:,}"


# Predicates, formatted once.
P = {name: kg(name) for name in (
    "partOf", "place", "agent", "affected", "ends", "inConflict", "participant", "onSide", "role",
    "ledBy", "sideIn", "member", "resultOf", "subResultOf", "concerns", "party", "lossKind", "unit",
    "quantityForm", "value", "lowerBound", "upperBound", "listPosition", "capturedBy", "heldBy",
    "holdsBefore", "holdsAfter", "hampered", "statement", "startDate", "endDate", "date",
    "text", "inDocument", "beginIndex", "endIndex", "anchorOf", "evidence", "partOfPlace")}


class Document:
    """A source text built sentence by sentence; :meth:`span` records code-point offsets."""

    def __init__(self, node: str):
        self.node = node
        self.parts: list[str] = []
        self.length = 0
        self.spans: list[tuple[str, int, int, str]] = []

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def span(self, text: str) -> str:
        """Append ``text`` and return the IRI of a new TextSpan that quotes it."""
        begin = self.length
        self.add(text)
        node = f"{self.node[:-1]}/span-{len(self.spans) + 1}>"
        self.spans.append((node, begin, self.length, text))
        return node

    @property
    def text(self) -> str:
        return "".join(self.parts)


class Generator:
    """Writes triples to ``out`` and counts them."""

    def __init__(self, out: TextIO, seed: int, base: str):
        self.out = out
        self.rng = random.Random(seed)
        self.base = base
        self.count = 0
        self.buffer: list[str] = []
        self.used_names: set[str] = set()
        self.defect: str | None = None   # the deliberate error still to put in this conflict
        self.injected: list[tuple[str, str]] = []  # (kind, node) of each error put in

    # -- output -------------------------------------------------------------------------------

    def t(self, s: str, p: str, o: str) -> None:
        self.buffer.append(f"{s} {p} {o} .\n")
        if len(self.buffer) >= 5000:
            self.flush()

    def flush(self) -> None:
        self.count += len(self.buffer)
        self.out.write("".join(self.buffer))
        self.buffer.clear()

    def node(self, local: str) -> str:
        return iri(local, self.base)

    def entity(self, node: str, cls: str, label: str, *evidence: str) -> None:
        self.t(node, RDF_TYPE, kg(cls))
        self.t(node, RDFS_LABEL, english(label))
        for span in evidence:
            self.t(node, P["evidence"], span)

    def document(self, doc: Document, title: str) -> None:
        self.t(doc.node, RDF_TYPE, kg("SourceDocument"))
        self.t(doc.node, RDFS_LABEL, english(title))
        self.t(doc.node, DCTERMS_TITLE, english(title))
        self.t(doc.node, DCTERMS_LICENSE, CC0)
        self.t(doc.node, P["text"], typed(doc.text, "string"))
        for node, begin, end, quote in doc.spans:
            if self.defect == "anchor":  # the quote no longer matches the text at its offsets
                quote = quote[:-1] + ("x" if quote[-1] != "x" else "y")
                self.injected.append(("anchor", node))
                self.defect = None
            self.t(node, RDF_TYPE, kg("TextSpan"))
            self.t(node, P["inDocument"], doc.node)
            self.t(node, P["beginIndex"], integer(begin))
            self.t(node, P["endIndex"], integer(end))
            self.t(node, P["anchorOf"], typed(quote, "string"))

    # -- names --------------------------------------------------------------------------------

    def stem(self) -> str:
        while True:
            word = "".join(self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(2, 3)))
            word = word[0].upper() + word[1:]
            if word not in self.used_names:
                self.used_names.add(word)
                return word

    def name(self, forms: tuple[str, ...]) -> str:
        return self.rng.choice(forms).format(self.stem())

    # -- dates (precision kept in the datatype) ----------------------------------------------

    def date(self, year: int, precision: str | None = None) -> tuple[str, str, str]:
        """(lexical form, xsd datatype, text as the source would write it)."""
        precision = precision or self.rng.choice(("day", "month", "year"))
        month = self.rng.randint(1, 12)
        if precision == "day":
            day = self.rng.randint(1, 28)
            return f"{year:04d}-{month:02d}-{day:02d}", "date", f"{day} {MONTHS[month - 1]} {year}"
        if precision == "month":
            return f"{year:04d}-{month:02d}", "gYearMonth", f"{MONTHS[month - 1]} {year}"
        return f"{year:04d}", "gYear", str(year)

    # -- the gazetteer: parties shared by all conflicts -----------------------------------------

    def gazetteer(self, size: int) -> dict[str, list[tuple[str, str]]]:
        """Parties of every class, named in one document; returns class -> [(node, label)]."""
        doc = Document(self.node("gazetteer/source"))
        doc.add("A gazetteer of the parties in these synthetic conflicts.\n")
        pools: dict[str, list[tuple[str, str]]] = {"State": [], "PoliticalMovement": [],
                                                   "ArmedForce": [], "Coalition": []}
        plan = (["State"] * 6 + ["PoliticalMovement"] * 2 + ["ArmedForce"] * 2) * size
        for n, cls in enumerate(plan[:size], start=1):
            forms = {"State": STATE_FORMS, "PoliticalMovement": MOVEMENT_FORMS,
                     "ArmedForce": FORCE_FORMS}[cls]
            label = self.name(forms)
            node = self.node(f"party-{n}")
            doc.add("• ")
            span = doc.span(label)
            doc.add(f" ({cls}).\n")
            self.entity(node, cls, label, span)
            pools[cls].append((node, label))
        states = pools["State"]
        for n in range(1, max(2, size // 10) + 1):
            label = self.name(COALITION_FORMS)
            node = self.node(f"coalition-{n}")
            members = self.rng.sample(states, min(len(states), self.rng.randint(2, 4)))
            doc.add("• The ")
            span = doc.span(label)
            doc.add(" united " + ", ".join(m[1] for m in members) + ".\n")
            self.entity(node, "Coalition", label, span)
            for member, _ in members:
                self.t(node, P["member"], member)
            pools["Coalition"].append((node, label))
        self.document(doc, "Gazetteer of synthetic parties")
        return pools

    # -- one conflict with everything around it -------------------------------------------------

    def figure(self, doc: Document, node: str, cls: str, conflict: str, side: str,
               position: int, party: tuple[str, str] | None, unit: str, loss_kind: str | None,
               captured_by: str | None = None) -> None:
        rng = self.rng
        form = rng.choices(("Exact", "Range", "LowerBound", "UnknownQuantity"),
                           weights=(5, 2, 2, 1))[0]
        swap = self.defect == "range"  # a range whose minimum is above its maximum
        if swap:
            form, self.defect = "Range", None
            self.injected.append(("range", node))
        noun = {"Troops": "troops", "People": "", "LandingCraft": "landing craft"}[unit]
        kind_word = {None: "", "Killed": "killed", "Wounded": "wounded", "Missing": "missing",
                     "DiedOfWoundsOrNonCombatCauses": "dead from wounds or non-combat causes",
                     "UnspecifiedCasualties": "casualties", "CapturedMateriel": "captured"}[
            loss_kind]
        words = " ".join(w for w in (noun, kind_word) if w)
        scale = 100_000 if unit == "Troops" else (20 if unit == "LandingCraft" else 5_000)
        low = rng.randint(1, scale)
        if form == "Exact":
            quote = f"{with_commas(low)} {words}"
        elif form == "Range":
            high = low + rng.randint(1, scale)
            quote = f"{with_commas(low)}–{with_commas(high)} {words}"  # en dash, as the article
        elif form == "LowerBound":
            quote = f"{with_commas(low)}+ {words}"
        else:
            quote = "Unknown"
        if party is not None:
            doc.add(f"{party[1]}:\u00a0")  # a non-breaking space, as the article's casualty lines
        span = doc.span(quote)
        if captured_by is not None:
            doc.add(" by ")
            doc.span(captured_by[1])
        doc.add(" • ")
        self.t(node, RDF_TYPE, kg(cls))
        self.t(node, RDFS_LABEL, english(f"{quote} ({'loss' if loss_kind else 'strength'})"))
        self.t(node, P["inConflict"], conflict)
        self.t(node, P["onSide"], side)
        self.t(node, P["quantityForm"], kg(form))
        self.t(node, P["unit"], kg(unit))
        self.t(node, P["listPosition"], integer(position, "positiveInteger"))
        if party is not None:
            self.t(node, P["party"], party[0])
        if loss_kind is not None:
            self.t(node, P["lossKind"], kg(loss_kind))
        if captured_by is not None:
            self.t(node, P["capturedBy"], captured_by[0])
        if form == "Exact":
            self.t(node, P["value"], integer(low))
        elif form == "Range":
            self.t(node, P["lowerBound"], integer(high if swap else low))
            self.t(node, P["upperBound"], integer(low if swap else high))
        elif form == "LowerBound":
            self.t(node, P["lowerBound"], integer(low))
        self.t(node, P["evidence"], span)

    def conflict(self, n: int, pools: dict[str, list[tuple[str, str]]]) -> None:
        rng = self.rng
        c = f"c{n}"
        doc = Document(self.node(f"{c}/source"))
        conflict = self.node(c)
        conflict_cls = rng.choice(("Conflict", "MilitaryIntervention"))
        title = self.stem() + rng.choice((" War", " Intervention", " Uprising", " Expedition"))

        # Dates: day precision for the whole; campaigns and events strictly inside its years, so
        # any reading of mixed precisions agrees that each part lies within the whole.
        y0 = rng.randint(1700, 1980)
        y1 = y0 + rng.randint(6, 12)
        start, start_dt, start_text = self.date(y0, "day")
        end, end_dt, end_text = self.date(y1, rng.choice(("day", "month")))

        region = (self.node(f"{c}/place-1"), self.name(PLACE_REGION_FORMS))
        settlements = []  # (node, label, class): ports and towns, now and then an island
        for k in range(2, rng.randint(3, 5)):
            cls = "Island" if rng.random() < 0.2 else "Settlement"
            forms = ("{} Island",) if cls == "Island" else PLACE_SETTLEMENT_FORMS
            settlements.append((self.node(f"{c}/place-{k}"), self.name(forms), cls))

        doc.add("The ")
        conflict_span = doc.span(title)
        doc.add(" (")
        dates_span = doc.span(f"{start_text} – {end_text}")
        doc.add(") was fought in ")
        region_span = doc.span(region[1])
        doc.add(", around ")
        settlement_spans = []
        for k, (_, label, _cls) in enumerate(settlements):
            if k:
                doc.add(" and ")
            settlement_spans.append(doc.span(label))
        doc.add(".\n")
        self.entity(conflict, conflict_cls, title, conflict_span, dates_span)
        self.t(conflict, P["startDate"], typed(start, start_dt))
        self.t(conflict, P["endDate"], typed(end, end_dt))
        self.t(conflict, P["place"], region[0])
        self.entity(region[0], "Region", region[1], region_span)
        for (node, label, cls), span in zip(settlements, settlement_spans, strict=True):
            self.entity(node, cls, label, span)
            self.t(node, P["partOfPlace"], region[0])

        # Sides and the parties on them.
        parties = rng.sample(pools["State"], min(len(pools["State"]), rng.randint(3, 6)))
        parties += rng.sample(pools["PoliticalMovement"], 1) + rng.sample(pools["ArmedForce"], 1)
        rng.shuffle(parties)
        half = len(parties) // 2
        sides = []
        for k, members in enumerate((parties[:half], parties[half:]), start=1):
            side = self.node(f"{c}/side-{k}")
            label = f"{members[0][1]} side"
            doc.add("Belligerents: ")
            side_span = doc.span(label)
            doc.add(": ")
            self.entity(side, "Side", label, side_span)
            self.t(side, P["sideIn"], conflict)
            for m, (party, party_label) in enumerate(members, start=1):
                if m > 1:
                    doc.add(", ")
                span = doc.span(party_label)
                self.t(side, P["member"], party)
                self.t(party, P["evidence"], span)
                part = self.node(f"{c}/participation-{k}-{m}")
                self.t(part, RDF_TYPE, kg("Participation"))
                self.t(part, RDFS_LABEL, english(f"{party_label} in the {title}"))
                self.t(part, P["participant"], party)
                self.t(part, P["inConflict"], conflict)
                self.t(part, P["onSide"], side)
                self.t(part, P["evidence"], span)
                if m == 1:
                    self.t(part, P["role"], kg("Leader"))
            doc.add(".\n")
            sides.append((side, members))
        if rng.random() < 0.3:  # a coalition fought as a party too
            coalition = rng.choice(pools["Coalition"])
            doc.add("The ")
            span = doc.span(coalition[1])
            doc.add(" took part.\n")
            part = self.node(f"{c}/participation-coalition")
            self.t(part, RDF_TYPE, kg("Participation"))
            self.t(part, RDFS_LABEL, english(f"{coalition[1]} in the {title}"))
            self.t(part, P["participant"], coalition[0])
            self.t(part, P["inConflict"], conflict)
            self.t(part, P["onSide"], sides[0][0])
            self.t(part, P["ledBy"], sides[0][1][0][0])
            self.t(part, P["evidence"], span)
            self.t(coalition[0], P["evidence"], span)

        # Campaigns, some nested one level deeper, all strictly within the conflict's years.
        campaigns = []
        for k in range(1, rng.randint(2, 5) + 1):
            node = self.node(f"{c}/campaign-{k}")
            parent, p0, p1 = conflict, y0, y1
            roomy = [cp for cp in campaigns if cp[3] - cp[2] >= 4]
            if roomy and rng.random() < 0.4:
                parent, _, p0, p1 = rng.choice(roomy)
            # at least two years long and a year clear of its parent's ends, whatever the
            # precision of either date
            cy0 = rng.randint(p0 + 1, p1 - 3)
            cy1 = rng.randint(cy0 + 2, p1 - 1)
            cs, cs_dt, cs_text = self.date(cy0)
            ce, ce_dt, ce_text = self.date(cy1)
            place = rng.choice(settlements)
            label = f"{place[1]} campaign"
            doc.add("The ")
            span = doc.span(label)
            doc.add(" lasted from ")
            d_span = doc.span(f"{cs_text} to {ce_text}")
            doc.add(".\n")
            self.entity(node, "Campaign", label, span, d_span)
            self.t(node, P["partOf"], parent)
            if self.defect == "dates":  # start and end swapped: it ends before it starts
                cs, cs_dt, ce, ce_dt = ce, ce_dt, cs, cs_dt
                self.injected.append(("dates", node))
                self.defect = None
            self.t(node, P["startDate"], typed(cs, cs_dt))
            self.t(node, P["endDate"], typed(ce, ce_dt))
            self.t(node, P["place"], place[0])
            campaigns.append((node, label, cy0, cy1))

        # Events: a landing per campaign, an armistice that a motivation changes at.
        for k, (campaign, _, cy0, cy1) in enumerate(campaigns, start=1):
            node = self.node(f"{c}/landing-{k}")
            agent = rng.choice(sides[0][1])
            place = rng.choice(settlements)
            value, dt, text = self.date(rng.randint(cy0 + 1, cy1 - 1))
            label = f"Landing at {place[1]}"
            doc.add(f"{agent[1]} forces landed at {place[1]} in ")
            span = doc.span(text)
            doc.add(".\n")
            self.entity(node, "Landing", label, span)
            self.t(node, P["partOf"], campaign)
            self.t(node, P["agent"], agent[0])
            self.t(node, P["place"], place[0])
            self.t(node, P["date"], typed(value, dt))
        armistice = self.node(f"{c}/armistice")
        value, dt, text = self.date(rng.randint(y0 + 1, y1 - 1), "day")
        doc.add("An armistice was signed on ")
        span = doc.span(text)
        doc.add(".\n")
        self.entity(armistice, "Armistice", f"Armistice of the {title}", span)
        self.t(armistice, P["date"], typed(value, dt))
        self.t(armistice, P["partOf"], conflict)

        # Strength figures: some attributed, some not (as the article's eleven Allied figures).
        for k, (side, members) in enumerate(sides, start=1):
            doc.add("Strength: ")
            for pos in range(1, rng.randint(2, 6) + 1):
                party = rng.choice(members) if rng.random() < 0.6 else None
                self.figure(doc, self.node(f"{c}/strength-{k}-{pos}"), "StrengthEstimate",
                            conflict, side, pos, party, "Troops", None)
            doc.add("\n")
        # Loss figures by kind; one captured-materiel line per conflict.
        kinds = ("Killed", "Wounded", "Missing", "DiedOfWoundsOrNonCombatCauses",
                 "UnspecifiedCasualties")
        for k, (side, members) in enumerate(sides, start=1):
            doc.add("Casualties and losses: ")
            pos = 0
            for party in members:
                for kind in rng.sample(kinds, rng.randint(1, 3)):
                    pos += 1
                    self.figure(doc, self.node(f"{c}/loss-{k}-{pos}"), "LossFigure", conflict,
                                side, pos, party, "People", kind)
            if k == 2:
                pos += 1
                self.figure(doc, self.node(f"{c}/loss-{k}-{pos}"), "LossFigure", conflict,
                            side, pos, None, "LandingCraft", "CapturedMateriel",
                            captured_by=rng.choice(sides[0][1]))
            doc.add("\n")

        # The result and its sub-results.
        winner = rng.choice(sides)
        result = self.node(f"{c}/result")
        label = f"{winner[1][0][1]} victory"
        doc.add("Result: ")
        span = doc.span(label)
        doc.add("\n")
        self.entity(result, "Result", label, span)
        self.t(result, P["resultOf"], conflict)
        self.t(result, P["concerns"], winner[0])
        for k in range(1, rng.randint(1, 3) + 1):
            node = self.node(f"{c}/result-{k}")
            party = rng.choice(parties)
            sub = rng.choice(("Withdrawal of the {}", "Defeat of the {}", "Victory of the {}"))
            sub = sub.format(party[1])
            doc.add("• ")
            span = doc.span(sub)
            doc.add("\n")
            self.entity(node, "Result", sub, span)
            self.t(node, P["subResultOf"], result)
            self.t(node, P["concerns"], party[0])

        # Motivations before and after the armistice, and a hampering factor.
        for k, when in enumerate(("holdsBefore", "holdsAfter"), start=1):
            node = self.node(f"{c}/motivation-{k}")
            holder = rng.choice(sides[0][1])
            aim = rng.choice(AIMS).format(place=rng.choice(settlements)[1],
                                          party=rng.choice(parties)[1])
            doc.add(f"{'Before' if k == 1 else 'After'} the armistice, {holder[1]} sought to ")
            span = doc.span(aim)
            doc.add(".\n")
            self.entity(node, "Motivation", f"{holder[1]}: {aim}", span)
            self.t(node, P["statement"], english(aim))
            self.t(node, P["heldBy"], holder[0])
            self.t(node, P["inConflict"], conflict)
            self.t(node, P[when], armistice)
        node = self.node(f"{c}/factor-1")
        factor = rng.choice(FACTORS)
        hampered = rng.choice(parties)
        doc.add(f"The efforts of {hampered[1]} were hampered by ")
        span = doc.span(factor)
        doc.add(".\n")
        self.entity(node, "HamperingFactor", factor.capitalize(), span)
        self.t(node, P["statement"], english(factor))
        self.t(node, P["hampered"], hampered[0])
        self.t(node, P["inConflict"], conflict)

        self.document(doc, f"Synthetic account of the {title}")


DEFECTS = ("range", "anchor", "dates")


def generate(out: TextIO, triples: int, seed: int = 1, base: str = DEFAULT_BASE,
             violations: int = 0) -> int:
    """Write at least ``triples`` triples (whole conflicts) to ``out``; returns how many.

    With ``violations``, that many conflicts, spread evenly, each get one deliberate error, in
    turn: a range with its minimum above its maximum, a quote that does not match the text at its
    offsets, a campaign that ends before it starts (the last also puts its landing outside it).
    """
    return _generate(out, triples, seed, base, violations)[0]


def _generate(out: TextIO, triples: int, seed: int, base: str,
              violations: int) -> tuple[int, list[tuple[str, str]]]:
    gen = Generator(out, seed, base)
    pools = gen.gazetteer(max(12, triples // 4000))
    stride = max(1, triples // 650 // violations) if violations else 0  # ~650 triples a conflict
    n = 0
    while gen.count + len(gen.buffer) < triples:
        n += 1
        if violations and len(gen.injected) < violations and (n - 1) % stride == 0:
            gen.defect = DEFECTS[len(gen.injected) % len(DEFECTS)]
        gen.conflict(n, pools)
    gen.flush()
    return gen.count, gen.injected


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=10_000,
                        help="at least this many triples (default 10000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--base", default=DEFAULT_BASE, help=f"IRI base (default {DEFAULT_BASE})")
    parser.add_argument("--violations", type=int, default=0,
                        help="put this many deliberate errors in (default 0: conforming data)")
    parser.add_argument("-o", "--output", default="-", help="N-Triples file, or - for stdout")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if args.output == "-":
        count, injected = _generate(sys.stdout, args.triples, args.seed, args.base,
                                    args.violations)
    else:
        with open(args.output, "w", encoding="utf-8", newline="\n") as out:
            count, injected = _generate(out, args.triples, args.seed, args.base, args.violations)
    errors = f", {len(injected)} deliberate errors" if args.violations else ""
    print(f"{count} triples{errors} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

