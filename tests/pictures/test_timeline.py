"""`kg draw timeline`: dates at their precision, open ends open, contradictions marked, BC works."""

from __future__ import annotations

from click.testing import CliRunner

from kg.cli.root import cli
from kg.pictures.dates import days_from_civil

from .conftest import DATA, KGR, SVG, draw, mark, parse, texts


def tick_x(root, year: int) -> float:
    for line in root.iter(SVG + "line"):
        if line.get("data-year") == str(year):
            return float(line.get("x1"))
    raise AssertionError(f"no tick for {year}")


def axis_x(root, year: int, month: int = 1, day: int = 1) -> float:
    """Where a day falls on the axis, from the first and last year ticks."""
    ticks = sorted((int(line.get("data-year")), float(line.get("x1")))
                   for line in root.iter(SVG + "line") if line.get("data-year"))
    (y0, x0), (y1, x1) = ticks[0], ticks[-1]
    d0, d1 = days_from_civil(y0, 1, 1), days_from_civil(y1, 1, 1)
    return x0 + (days_from_civil(year, month, day) - d0) * (x1 - x0) / (d1 - d0)


def rects(element, cls: str) -> list:
    return [r for r in element.iter(SVG + "rect") if cls in (r.get("class") or "").split()]


def test_timeline_parses_and_names_every_dated_thing(bundled_timeline):
    words = texts(bundled_timeline)
    for label in ("Allied intervention in the Russian Civil War", "North Russia intervention",
                  "British intervention in the Caucasus", "Japanese intervention in Siberia",
                  "Armistice of 11 November 1918", "Evacuation of the Czechoslovak Legion"):
        assert label in words
    assert "Timeline: Allied intervention in the Russian Civil War" in words
    assert "12 Jan 1918" in words and "20 May 1925" in words and "Sep 1920" in words


def test_year_precision_bar_spans_exactly_its_year(bundled_timeline):
    row = mark(bundled_timeline, KGR + "NorthRussiaIntervention")
    start = [r for r in rects(row, "start-extent") if r.get("data-date") == "1918"]
    assert len(start) == 1
    x, w = float(start[0].get("x")), float(start[0].get("width"))
    assert abs(x - tick_x(bundled_timeline, 1918)) < 0.02
    assert abs(x + w - tick_x(bundled_timeline, 1919)) < 0.02
    assert "1918" in texts(row) and "1919" in texts(row)


def test_month_precision_spans_its_month(bundled_timeline):
    row = mark(bundled_timeline, KGR + "EvacuationOfCzechoslovakLegion")
    (span,) = rects(row, "extent")
    assert span.get("data-precision") == "month"
    x0, x1 = tick_x(bundled_timeline, 1920), tick_x(bundled_timeline, 1921)
    per_day = (x1 - x0) / 366
    x = float(span.get("x"))
    assert abs(x - (x0 + (days_from_civil(1920, 9, 1) - days_from_civil(1920, 1, 1)) * per_day)) \
        < 0.02
    assert abs(float(span.get("width")) - 30 * per_day) < 0.02


def test_open_start_is_drawn_open_not_as_a_point(bundled_timeline):
    row = mark(bundled_timeline, KGR + "JapaneseInterventionInSiberia")
    assert not rects(row, "start-extent")
    (open_start,) = rects(row, "open-start")
    assert open_start.get("data-open") == "start" and open_start.get("stroke-dasharray")
    assert "start not given – 1922" in texts(row)


def test_end_known_only_as_by_1925_is_open_up_to_the_end_of_1925(bundled_timeline):
    row = mark(bundled_timeline, KGR + "AlliedWithdrawal")
    (bar,) = rects(row, "open-start")
    right = float(bar.get("x")) + float(bar.get("width"))
    assert abs(right - tick_x(bundled_timeline, 1926)) < 0.02
    assert [p.get("data-end-by") for p in row.iter(SVG + "path")] == ["1925"]
    assert "by 1925" in texts(row)


def test_contradictions_are_marked_and_explained(bundled_timeline):
    badges = [g for g in bundled_timeline.iter(SVG + "g") if g.get("class") == "contradiction"]
    assert sorted({g.get("data-number") for g in badges}) == ["1", "2"]
    words = " ".join(texts(bundled_timeline))
    assert "British intervention in the Caucasus: part starts before its whole" in words
    assert "North Russia intervention: ended after its end" in words


def test_undated_events_are_listed_not_dropped(bundled_timeline):
    words = texts(bundled_timeline)
    assert "Not drawn: no date in the data" in words
    assert "Allied landing at Arkhangelsk (part of North Russia intervention)" in words


def test_every_row_links_its_iri(bundled_timeline):
    rows = [a for a in bundled_timeline.iter(SVG + "a") if a.get("class") == "row"]
    assert len(rows) == 15
    for a in rows:
        assert a.get("href").startswith(KGR)
        assert a.find(SVG + "title").text.endswith(f"({a.get('href')})")


def test_same_data_same_bytes(tmp_path):
    first, a = draw(tmp_path, "timeline", name="a.svg")
    second, b = draw(tmp_path, "timeline", name="b.svg")
    assert first.exit_code == second.exit_code == 0
    assert a.read_bytes() == b.read_bytes()


def test_bc_dates(tmp_path):
    result, out = draw(tmp_path, "timeline", "--data", str(DATA / "ancient.ttl"))
    assert result.exit_code == 0, result.output
    root = parse(out)
    words = texts(root)
    assert "Timeline: Greco-Persian Wars (test)" in words
    assert "492 BC" in words and "490 BC" in words and "Sep 490 BC" in words
    row = mark(root, "https://example.org/ancient/FirstInvasion")
    (start,) = rects(row, "start-extent")
    x, w = float(start.get("x")), float(start.get("width"))
    assert abs(x - axis_x(root, -491)) < 0.02 and abs(x + w - axis_x(root, -490)) < 0.02
    marathon = rects(mark(root, "https://example.org/ancient/Marathon"), "extent")[0]
    assert abs(float(marathon.get("x")) - axis_x(root, -489, 9, 1)) < 0.02
    assert marathon.get("data-date") == "-0489-09"
    assert float(marathon.get("width")) >= axis_x(root, -489, 10, 1) - axis_x(root, -489, 9, 1)
    assert not [g for g in root.iter(SVG + "g") if g.get("class") == "contradiction"]
    assert {"500 BC", "490 BC", "450 BC"} <= set(words)   # ticks at round BC years
    second = mark(root, "https://example.org/ancient/SecondInvasion")
    assert [r.get("data-open") for r in rects(second, "open-end")] == ["end"]
    assert "An embassy with no date (test) (part of Greco-Persian Wars (test))" in words


def test_no_dates_is_one_line_and_exit_3(tmp_path):
    result, out = draw(tmp_path, "timeline", "--data", str(DATA / "no-dates.ttl"))
    assert result.exit_code == 3
    assert result.stderr == ("kg: nothing to draw a timeline from: no kg:startDate, kg:endDate,"
                             " kg:date or kg:endNoLaterThan in the data\n")
    assert not out.exists()


def test_unknown_extension_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(cli, ["draw", "timeline", "-o", str(tmp_path / "t.gif")])
    assert result.exit_code == 2
    assert "cannot tell the format from .gif" in result.stderr


def test_svg_to_stdout():
    result = CliRunner().invoke(cli, ["draw", "timeline"])
    assert result.exit_code == 0
    assert result.stdout.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg')


def test_installed_entry_point_draws_the_same_bytes(tmp_path):
    import os
    import subprocess
    import sys

    kg = os.path.join(os.path.dirname(sys.executable), "kg")
    out = tmp_path / "t.svg"
    done = subprocess.run([kg, "draw", "timeline", "-o", str(out)], capture_output=True)
    assert done.returncode == 0, done.stderr
    _, again = draw(tmp_path, "timeline", name="again.svg")
    assert out.read_bytes() == again.read_bytes()
    missing = subprocess.run([kg, "draw", "chart", "--data", str(DATA / "no-dates.ttl")],
                             capture_output=True, text=True)
    assert (missing.returncode, missing.stdout) == (3, "")
    assert missing.stderr.count("\n") == 1 and "Traceback" not in missing.stderr
