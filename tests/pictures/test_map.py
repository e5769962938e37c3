"""`kg draw map`: places with coordinates from the data or the cache, the rest listed, no tiles."""

from __future__ import annotations

import shutil

from click.testing import CliRunner

from kg.cli.root import cli

from .conftest import DATA, KGR, SVG, mark, parse, texts

EX = "https://example.org/places/"


def draw_map(tmp_path, *args, env=None):
    out = tmp_path / "map.svg"
    env = {"KG_CACHE_DIR": str(tmp_path / "no-cache"), **(env or {})}
    result = CliRunner(env=env).invoke(cli, ["draw", "map", *args, "-o", str(out)])
    return result, out


def test_map_takes_coordinates_from_data_exact_and_close_matches(tmp_path):
    result, out = draw_map(tmp_path, "--data", str(DATA / "places.ttl"),
                           "--cache", str(DATA / "places-cache.nq"))
    assert result.exit_code == 0, result.output
    root = parse(out)
    harbour = mark(root, EX + "Harbour")
    assert (harbour.get("data-via"), harbour.get("data-lon"), harbour.get("data-lat")) == \
        ("data", "37.25", "55.5")
    assert harbour.get("data-kind") == "settlement"
    plain = mark(root, EX + "Plain")
    assert (plain.get("data-via"), plain.get("data-lon"), plain.get("data-lat")) == \
        ("exact", "45", "50")
    realm = mark(root, EX + "OldRealm")
    assert realm.get("data-via") == "close" and "≈ Old realm (test)" in texts(realm)
    words = texts(root)
    assert "Not on the map: no coordinates in the data or the Wikidata cache" in words
    assert "Unmapped valley (test) (region): A raid (test)" in words
    assert any(w.startswith("Harbour town (test) (settlement, coordinates in the data): "
                            "A landing (test)") for w in words)
    land = [p for p in root.iter(SVG + "path") if p.get("data-role") == "land"]
    assert len(land) == 1 and land[0].get("stroke") == "none"
    assert b"http" not in b"".join(
        (p.get("d") or "").encode() for p in root.iter(SVG + "path")), "no tiles, no fetches"


def test_without_the_cache_linked_places_are_listed(tmp_path):
    result, out = draw_map(tmp_path, "--data", str(DATA / "places.ttl"), "--no-cache")
    assert result.exit_code == 0, result.output
    words = texts(parse(out))
    assert "Great plain (test) (region)" in words
    assert "1 of 4 places have coordinates." in " ".join(words)


def test_default_cache_is_the_one_kg_wikidata_fetch_writes(tmp_path):
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir()
    shutil.copy(DATA / "places-cache.nq", cache_dir / "wikidata.nq")
    result, out = draw_map(tmp_path, "--data", str(DATA / "places.ttl"),
                           env={"KG_CACHE_DIR": str(cache_dir)})
    assert result.exit_code == 0, result.output
    assert mark(parse(out), EX + "Plain").get("data-via") == "exact"


def test_bundled_article_with_the_projects_wikidata_fixture(tmp_path):
    fixture = DATA.parent.parent / "data" / "wikidata" / "fixture.ttl"
    result, out = draw_map(tmp_path, "--cache", str(fixture))
    assert result.exit_code == 0, result.output
    root = parse(out)
    assert mark(root, KGR + "Vladivostok").get("data-kind") == "settlement"
    assert mark(root, KGR + "Caucasus").get("data-kind") == "region"
    assert "Sakhalin (island)" in texts(root)


def test_no_coordinates_is_one_line_and_exit_3(tmp_path):
    result, out = draw_map(tmp_path, "--no-cache")
    assert result.exit_code == 3
    assert result.stderr == (
        "kg: nothing to map: none of the 13 places has coordinates in the data or the Wikidata "
        "cache (run `kg wikidata fetch`, or give geo:lat/geo:long)\n")
    assert not out.exists()


def test_map_same_bytes(tmp_path):
    args = ("--data", str(DATA / "places.ttl"), "--cache", str(DATA / "places-cache.nq"))
    _, a = draw_map(tmp_path, *args)
    first = a.read_bytes()
    _, b = draw_map(tmp_path, *args)
    assert b.read_bytes() == first
