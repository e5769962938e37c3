"""The scorer on the project's own test articles: no attribution without textual basis, every
non-conflict page refused, and precision and recall that do not regress."""

from __future__ import annotations

import json
import shutil

import pytest

from ingest import score


@pytest.fixture(scope="module")
def result():
    if not any(score.CORPUS.glob("*.expected.json")):
        pytest.skip("the corpus is not there yet")
    return score.score()


def test_no_attribution_without_textual_basis(result):
    assert result["unsupported"] == []


def test_pages_that_are_not_conflicts_are_refused(result):
    refused, total = result["refusals"]
    assert total >= 3 and refused == total


@pytest.mark.parametrize("group", score.GROUPS)
def test_precision_and_recall_per_field_group(result, group):
    right, extracted, expected = result["groups"][group]
    assert expected, f"the corpus has nothing for {group}"
    assert right / extracted >= 0.9 and right / expected >= 0.9, score.render(result)


def test_the_scorer_sees_a_wrong_fact_and_a_guessed_side(tmp_path):
    source = score.CORPUS / "battle-of-harrow-ford.txt"
    if not source.exists():
        pytest.skip("the corpus is not there yet")
    shutil.copy(source, tmp_path / source.name)
    expected = json.loads(source.with_name("battle-of-harrow-ford.expected.json").read_text())
    expected["losses"][0]["min"] = expected["losses"][0]["max"] = 215   # the text says 214
    expected["strength"][0]["side"] = 1       # as if the text said whose it is
    (tmp_path / "battle-of-harrow-ford.expected.json").write_text(json.dumps(expected))
    broken = score.score(tmp_path)
    right, extracted, wanted = broken["groups"]["casualties"]
    assert right == wanted - 1 and extracted == wanted
    assert broken["groups"]["strength"][0] == broken["groups"]["strength"][2] - 1
    # ingest gives no side where the text gives none: no unsupported attribution either way
    assert broken["unsupported"] == []


# The held-out articles (tests/data/ingest-heldout) were scored once before any rule was fitted
# to them (the README keeps that figure); since the fixes they guard against regressions too.
HELDOUT = score.CORPUS.parent / "ingest-heldout"


@pytest.fixture(scope="module")
def heldout():
    return score.score(HELDOUT)


def test_heldout_articles_make_no_attribution_without_basis(heldout):
    assert heldout["unsupported"] == []
    refused, total = heldout["refusals"]
    assert total >= 1 and refused == total
    assert heldout["articles"] >= 9


@pytest.mark.parametrize("group", score.GROUPS)
def test_heldout_precision_and_recall_do_not_regress(heldout, group):
    right, extracted, expected = heldout["groups"][group]
    assert expected, f"the held-out articles have nothing for {group}"
    assert right / extracted >= 0.9 and right / expected >= 0.9, score.render(heldout)
