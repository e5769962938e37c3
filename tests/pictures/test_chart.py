"""`kg draw chart`: ranges as ranges, lower bounds open, unknowns unknown, unattributed apart."""

from __future__ import annotations

import pytest

from .conftest import DATA, KGR, SVG, draw, mark, parse, texts


@pytest.fixture(scope="module")
def chart(tmp_path_factory):
    result, out = draw(tmp_path_factory.mktemp("chart"), "chart")
    assert result.exit_code == 0, result.output
    return parse(out)


def shapes(element, tag="rect"):
    return [(r.get("class") or "") for r in element.iter(SVG + tag)]


def panel_scale(chart, figure_iri: str) -> tuple[float, float]:
    """(x of zero, pixels per unit) of the panel holding the figure, from its tick labels."""
    for g in chart.iter(SVG + "g"):
        if g.get("class") == "panel" and any(a.get("href") == figure_iri
                                            for a in g.iter(SVG + "a")):
            ticks = [(float(t.text.replace(",", "")), float(t.get("x")))
                     for t in g.iter(SVG + "text") if t.get("class") == "tick-label"]
            (v0, x0), (v1, x1) = ticks[0], ticks[-1]
            return x0, (x1 - x0) / (v1 - v0)
    raise AssertionError(figure_iri)


def test_chart_has_every_panel_and_label(chart):
    words = texts(chart)
    for heading in ("Strength (troops)", "Killed (people)", "Missing (people)",
                    "Wounded (people)", "Captured materiel (landing craft)"):
        assert heading in words
    for label in ("Czechoslovakia", "United Kingdom", "United States", "Greece"):
        assert label in words
    figures = [a for a in chart.iter(SVG + "a") if a.get("class") == "figure"]
    assert len(figures) == 21


def test_exact_bar_length_is_the_value(chart):
    iri = KGR + "loss-czechoslovakia-killed"
    zero, per_unit = panel_scale(chart, iri)
    (bar,) = mark(chart, iri).iter(SVG + "rect")
    assert abs(float(bar.get("x")) - zero) < 0.02
    assert abs(float(bar.get("width")) - 4112 * per_unit) < 0.05
    assert "4,112" in texts(mark(chart, iri))


def test_range_is_drawn_as_a_range(chart):
    iri = KGR + "strength-allied-1"
    zero, per_unit = panel_scale(chart, iri)
    row = mark(chart, iri)
    assert row.get("data-form") == "range"
    core, hatched = row.iter(SVG + "rect")
    assert abs(float(core.get("width")) - 50000 * per_unit) < 0.05
    assert "range" in hatched.get("class")
    right = float(hatched.get("x")) + float(hatched.get("width"))
    assert abs(right - (zero + 70000 * per_unit)) < 0.05
    assert "50,000–70,000" in texts(row)


def test_lower_bound_is_open_ended_not_exact(chart):
    row = mark(chart, KGR + "loss-united-kingdom-killed")
    assert row.get("data-form") == "lower"
    assert "938+" in texts(row) and "938" not in texts(row)
    classes = shapes(row)
    assert "core" in classes and "open-end" in classes
    open_end = next(r for r in row.iter(SVG + "rect") if r.get("class") == "open-end")
    assert open_end.get("stroke-dasharray") and open_end.get("fill") == "url(#fade-right)"


def test_unknown_is_shown_as_unknown_never_zero(chart):
    for iri in (KGR + "loss-bolshevik-unknown", KGR + "strength-bolshevik-1"):
        row = mark(chart, iri)
        assert row.get("data-form") == "unknown"
        assert not list(row.iter(SVG + "rect")), "no bar for an unknown, not even a zero one"
        assert "unknown: the source gives no number" in texts(row)
        assert "0" not in texts(row)


def test_unattributed_figures_are_apart(chart):
    strength = mark(chart, KGR + "strength-allied-3")
    assert strength.get("data-attributed") == "no"
    assert mark(chart, KGR + "loss-greece-killed").get("data-attributed") == "yes"
    notes = [t for t in chart.iter(SVG + "text") if t.get("data-role") == "unattributed"]
    assert notes and all(t.text == "not attributed to any party by the source" for t in notes)


def test_chart_same_bytes(tmp_path):
    _, a = draw(tmp_path, "chart", name="a.svg")
    _, b = draw(tmp_path, "chart", name="b.svg")
    assert a.read_bytes() == b.read_bytes()


def test_no_figures_is_one_line_and_exit_3(tmp_path):
    result, out = draw(tmp_path, "chart", "--data", str(DATA / "no-dates.ttl"))
    assert result.exit_code == 3
    assert result.stderr == ("kg: nothing to chart: no strength or loss figures "
                             "(kg:StrengthEstimate, kg:LossFigure) in the data\n")
    assert not out.exists()


def test_side_sums_agree_with_the_bundled_totals_queries(chart):
    """Attributed figures are added as casualty_totals adds them; unattributed ones are counted,
    never summed, as strength_totals says (the source does not say whether they overlap)."""
    from kg.query.catalog import load_bundled
    from kg.query.run import run_local
    from kg.store.store import Store

    store = Store.bundled()
    strength = run_local(store, load_bundled("strength_totals")).dicts()
    allied = next(r for r in strength if r["side"].value == KGR + "AlliedSide")
    assert allied["atLeast"] is None  # the query gives no sum either
    killed = next(r for r in run_local(store, load_bundled("casualty_totals")).dicts()
                  if r["side"].value == KGR + "AlliedSide" and r.get("kind") is not None
                  and r["kind"].value.endswith("#Killed"))
    totals = [t.text for t in chart.iter(SVG + "text") if t.get("data-role") == "total"]
    assert totals == [
        f"{int(allied['figures'].value)} figures not attributed to a party: not added "
        "(they may overlap)",
        f"sum: at least {int(killed['atLeast'].value):,} (1 open-ended)",
    ]


def test_chart_from_a_store_made_by_kg_load(tmp_path):
    from click.testing import CliRunner

    from kg.cli.root import cli

    store = tmp_path / "war.db"
    loaded = CliRunner().invoke(cli, ["load", "--bundled", "--store", str(store)])
    assert loaded.exit_code == 0, loaded.output
    result, out = draw(tmp_path, "chart", "--store", str(store))
    assert result.exit_code == 0, result.output
    _, bundled = draw(tmp_path, "chart", name="bundled.svg")
    assert out.read_bytes() == bundled.read_bytes()


def test_approximate_upper_bound_words_and_a_missing_form(tmp_path):
    result, out = draw(tmp_path, "chart", "--data", str(DATA / "forms.ttl"))
    assert result.exit_code == 0, result.output
    root = parse(out)
    ex = "https://example.org/forms/"
    about = mark(root, ex + "about")
    assert about.get("data-form") == "approximate" and "c. 5,000" in texts(about)
    at_most = mark(root, ex + "atMost")
    assert at_most.get("data-form") == "upper" and "≤ 400" in texts(at_most)
    (bar,) = at_most.iter(SVG + "rect")
    assert bar.get("stroke-dasharray") and "hatched" in bar.get("class")
    heavy = mark(root, ex + "heavy")
    assert heavy.get("data-form") == "qualitative" and not list(heavy.iter(SVG + "rect"))
    assert "in words, no number: Heavy" in texts(heavy)
    no_form = mark(root, ex + "noForm")     # no kg:quantityForm: the numbers given decide
    assert no_form.get("data-form") == "range" and "12–20" in texts(no_form)
