"""Score `kg ingest` against the hand-written expectations in tests/data/ingest.

For each article with ``"conflict": true`` the real ingest runs, its graph is loaded into
Oxigraph and read back with SPARQL; the facts are compared with NAME.expected.json per field
group (precision = right / extracted, recall = right / expected). It also counts attributions
without textual basis: a side or party that ingest gave where the expectation has none (it
must be 0). Pages that are not conflicts must be refused.

    python tests/ingest/score.py [-v] [FOLDER]
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import pyoxigraph as ox

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent / "data" / "ingest"
GROUPS = ("kind", "dates", "place", "result", "belligerents", "commanders", "units", "strength",
          "casualties", "quotes")
CLASS_KIND = {"Battle": "battle", "Siege": "siege", "War": "war", "CivilWar": "civil-war",
              "MilitaryIntervention": "intervention", "Rebellion": "rebellion",
              "Uprising": "uprising", "Campaign": "campaign", "Offensive": "offensive",
              "Conflict": "conflict", "Insurgency": "insurgency", "Invasion": "invasion"}

# The expectation's unit words, grouped as the ontology's units (kept apart from ingest's own
# tables on purpose, so the scorer does not grade ingest with its own rules).
UNIT_WORDS = (   # (group, words any of which the expectation's unit contains)
    ("LandingCraft", ("landing craft",)), ("Infantry", ("infantry",)),
    ("Cavalry", ("cavalry", "horsemen")),
    ("Ships", ("ship", "galley", "vessel", "boat", "frigate", "submarine", "destroyer",
               "cruiser", "corvette")),
    ("Guns", ("gun", "cannon", "artillery", "howitzer")), ("Tanks", ("tank",)),
    ("Aircraft", ("aircraft", "plane", "helicopter")), ("Vehicles", ("vehicle", "armoured car")),
    ("People", ("inhabitant", "civilian", "people", "resident")),
)
KIND_OF = {"Killed": "killed", "Wounded": "wounded", "Missing": "missing", "Captured": "captured",
           "DiedOfWoundsOrNonCombatCauses": "died", "UnspecifiedCasualties": "casualties",
           "CivilianCasualties": "civilian", "MaterielLoss": "materiel",
           "CapturedMateriel": "materiel"}
FORM_OF = {"Exact": "exact", "Range": "range", "LowerBound": "lower", "UpperBound": "upper",
           "Approximate": "approximate", "UnknownQuantity": "unknown",
           "Qualitative": "qualitative"}
KG = "https://w3id.org/conflict-kg/ontology#"
P = """PREFIX kg: <https://w3id.org/conflict-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


def unit_group(word: str | None, default: str) -> str:
    if not word:
        return default
    for group, words in UNIT_WORDS:
        if any(w in word.lower() for w in words):
            return group
    return default


def _select(store: ox.Store, query: str) -> list[dict]:
    result = store.query(P + query, use_default_graph_as_union=True)
    names = [v.value for v in result.variables]
    return [{n: (s[n].value if s[n] is not None else None) for n in names} for s in result]


def _local(iri: str | None) -> str | None:
    return iri.rsplit("#", 1)[1] if iri else None


def actual_facts(store: ox.Store) -> dict:
    """The facts of one ingested article, read back from its graph."""
    conflict = _select(store, """SELECT ?c ?start ?end ?ongoing WHERE {
        ?c kg:inConflict|^kg:inConflict ?x . OPTIONAL { ?c kg:startDate ?start }
        OPTIONAL { ?c kg:endDate ?end } OPTIONAL { ?c kg:ongoing ?ongoing }
        FILTER NOT EXISTS { ?c kg:inConflict ?y } } LIMIT 1""")
    facts: dict = {}
    row = conflict[0] if conflict else {}
    facts["dates"] = {("start", row.get("start")), ("end", row.get("end")),
                      ("ongoing", row.get("ongoing") == "true")}
    facts["place"] = {r["l"] for r in _select(
        store, "SELECT ?l WHERE { ?c kg:place/rdfs:label ?l }")}
    kinds = _select(store, """SELECT ?t ?whole ?duration WHERE {
        ?c a ?t . FILTER (STRENDS(STR(?c), "/conflict"))
        OPTIONAL { ?c kg:partOf/rdfs:label ?whole } OPTIONAL { ?c kg:statedDuration ?duration }
        }""")
    facts["kind"] = {("kind", CLASS_KIND.get(_local(r["t"]), _local(r["t"]))) for r in kinds}
    facts["kind"] |= {("part of", r["whole"]) for r in kinds if r["whole"]}
    facts["kind"] |= {("duration", True) for r in kinds if r["duration"]}
    if _select(store, "SELECT ?d WHERE { ?d kg:truncated true }"):
        facts["kind"].add(("truncated", True))
    facts["quotes"] = {r["l"].split(": ", 1)[1] for r in _select(store, """SELECT ?l WHERE {
        ?f a ?cls ; rdfs:label ?l . FILTER (?cls IN (kg:StrengthEstimate, kg:LossFigure)) }""")}
    results = set()
    for r in _select(store, """SELECT ?l ?t ?sub WHERE { ?r rdfs:label ?l ; a ?t .
            { ?r kg:resultOf ?c } UNION { ?r kg:subResultOf ?h BIND (true AS ?sub) }
            FILTER (?t IN (kg:Result, kg:Status, kg:TerritorialChange)) }"""):
        kind = {"Status": "status", "TerritorialChange": "territorial"}.get(_local(r["t"]))
        results.add((kind or ("sub" if r["sub"] else "result"), r["l"]))
    facts["result"] = results
    for group, query in (
            ("belligerents", "?p kg:participant/rdfs:label ?name ; a kg:Participation . "
                             "FILTER NOT EXISTS { ?p kg:participant/a kg:ArmedForce }"),
            ("units", "?p kg:participant ?u . ?u a kg:ArmedForce ; rdfs:label ?name ."),
            ("commanders", "?p kg:commander/rdfs:label ?name .")):
        rows = _select(store, f"""SELECT ?name ?side WHERE {{ {query}
            OPTIONAL {{ ?p kg:onSide ?s .
                        BIND (REPLACE(STR(?s), "^.*side-", "") AS ?side) }} }}""")
        facts[group] = Counter((r["name"], int(r["side"]) if r["side"] else None) for r in rows)
    for group, cls in (("strength", "StrengthEstimate"), ("casualties", "LossFigure")):
        rows = _select(store, f"""SELECT ?form ?v ?lo ?hi ?unit ?kind ?party ?side ?date ?captor
            WHERE {{ ?f a kg:{cls} ; kg:quantityForm ?form ; kg:unit ?unit .
            OPTIONAL {{ ?f kg:value ?v }} OPTIONAL {{ ?f kg:lowerBound ?lo }}
            OPTIONAL {{ ?f kg:upperBound ?hi }} OPTIONAL {{ ?f kg:lossKind ?kind }}
            OPTIONAL {{ ?f kg:party/rdfs:label ?party }} OPTIONAL {{ ?f kg:date ?date }}
            OPTIONAL {{ ?f kg:capturedBy/rdfs:label ?captor }}
            OPTIONAL {{ ?f kg:onSide ?s . BIND (REPLACE(STR(?s), "^.*side-", "") AS ?side)
                        FILTER NOT EXISTS {{ ?f kg:attributedByPosition true }} }} }}""")
        items = Counter()
        for r in rows:
            low = r["v"] or r["lo"]
            high = r["v"] or r["hi"]
            key = (FORM_OF[_local(r["form"])], int(low) if low else None,
                   int(high) if high else None, _local(r["unit"]),
                   KIND_OF.get(_local(r["kind"])) if r["kind"] else None, r["party"],
                   int(r["side"]) if r["side"] else None,
                   r["date"] if group == "strength" else r["captor"])
            items[key] += 1
        facts[group] = items
    return facts


def expected_facts(exp: dict) -> dict:
    kind = {("kind", exp["type"])} | {("part of", p) for p in exp["part_of"]}
    if exp["duration"]:
        kind.add(("duration", True))
    if exp["truncated"]:
        kind.add(("truncated", True))
    facts = {"kind": kind, "dates": {("start", exp["start"]), ("end", exp["end"]),
                       ("ongoing", bool(exp["ongoing"]))},
             "place": set(exp["places"])}
    results = {("sub", s) for s in exp["sub_results"]}
    results |= {("territorial", t) for t in exp["territorial_changes"]}
    if exp["result"]:
        results.add(("result", exp["result"]))
    if exp["status"]:
        results.add(("status", exp["status"]))
    facts["result"] = results
    for group in ("belligerents", "commanders", "units"):
        facts[group] = Counter((x["name"], x["side"]) for x in exp[group])
    facts["strength"] = Counter(
        (f["form"], f["min"], f["max"], unit_group(f["unit"], "Troops"), None, f["party"],
         f["side"], f["date"]) for f in exp["strength"])
    losses = Counter()
    for f in exp["losses"]:
        unit = unit_group(f["unit"], "Materiel") if f["kind"] == "materiel" else "People"
        losses[(f["form"], f["min"], f["max"], unit, f["kind"], f["party"], f["side"],
                f["captured_by"])] += 1
    facts["casualties"] = losses
    facts["quotes"] = {f["quote"] for f in exp["strength"] + exp["losses"]}
    return facts


def _common_quotes(actual: set, expected: set) -> int:
    return len(actual & expected)


def _count(x) -> int:
    return sum(x.values()) if isinstance(x, Counter) else len(x)


def _common(a, b) -> int:
    if isinstance(a, Counter):
        return sum((a & b).values())
    return len(a & b)


def unsupported(actual: dict, expected: dict) -> list[str]:
    """Sides or parties ingest gave where the expectation (the same item otherwise) has none."""
    found = []
    for group in ("belligerents", "commanders", "units"):
        for (name, side) in actual[group]:
            if side is not None and (name, None) in expected[group]:
                found.append(f"{group}: {name} on side {side}")
    for group in ("strength", "casualties"):
        for key in actual[group]:
            if key in expected[group]:
                continue
            for side_slot, party_slot in ((6, None), (None, 5)):
                slot = side_slot if side_slot is not None else party_slot
                if key[slot] is None:
                    continue
                bare = tuple(None if i == slot else v for i, v in enumerate(key))
                if bare in expected[group]:
                    what = "side" if side_slot else "party"
                    found.append(f"{group}: {key[0]} {key[1]} given {what} {key[slot]}")
    return found


def ingest_store(path: Path) -> ox.Store:
    from kg.ingest.extract import ingest_bytes
    from kg.ingest.graph import article_quads

    store = ox.Store()
    store.extend(article_quads(ingest_bytes(path.read_bytes(), path.name)))
    return store


def score(folder: Path = CORPUS, verbose: bool = False, out=sys.stdout) -> dict:
    """Totals per group: {"group": [right, extracted, expected]}, plus refusals and attributions."""
    from kg.ingest.source import Refusal

    totals = {g: [0, 0, 0] for g in GROUPS}
    bad_attributions: list[str] = []
    refusals = [0, 0]
    articles = 0
    for path in sorted(folder.glob("*.txt")):
        expected_path = path.with_name(path.stem + ".expected.json")
        if not expected_path.exists():
            continue
        exp = json.loads(expected_path.read_text(encoding="utf-8"))
        if not exp.get("conflict"):
            refusals[1] += 1
            try:
                ingest_store(path)
            except Refusal:
                refusals[0] += 1
            else:
                print(f"{path.name}: not a conflict, but ingested", file=out)
            continue
        articles += 1
        try:
            actual = actual_facts(ingest_store(path))
        except Refusal as exc:
            print(f"{path.name}: refused: {exc}", file=out)
            actual = {g: set() for g in GROUPS}
        expected = expected_facts(exp)
        for group in GROUPS:
            right = _common(actual[group], expected[group])
            totals[group][0] += right
            totals[group][1] += _count(actual[group])
            totals[group][2] += _count(expected[group])
            if verbose and (right != _count(actual[group]) or right != _count(expected[group])):
                a, e = actual[group], expected[group]
                print(f"{path.name} [{group}]\n  only extracted: {sorted(map(str, a - e))}\n"
                      f"  only expected:  {sorted(map(str, e - a))}", file=out)
        bad = unsupported(actual, expected)
        bad_attributions.extend(f"{path.name}: {b}" for b in bad)
    return {"groups": totals, "unsupported": bad_attributions, "refusals": refusals,
            "articles": articles}


def render(result: dict) -> str:
    lines = [f"{'field group':<14}{'precision':>10}{'recall':>8}{'right':>7}{'extracted':>10}"
             f"{'expected':>9}"]
    for group, (right, got, want) in result["groups"].items():
        precision = f"{right / got:.2f}" if got else "-"
        recall = f"{right / want:.2f}" if want else "-"
        lines.append(f"{group:<14}{precision:>10}{recall:>8}{right:>7}{got:>10}{want:>9}")
    lines.append(f"articles: {result['articles']} conflicts; pages that are not conflicts "
                 f"refused: {result['refusals'][0]} of {result['refusals'][1]}")
    lines.append(f"attributions without textual basis: {len(result['unsupported'])}")
    lines.extend(f"  {u}" for u in result["unsupported"])
    return "\n".join(lines)


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "-v"]
    print(render(score(Path(args[0]) if args else CORPUS, verbose="-v" in sys.argv)))
