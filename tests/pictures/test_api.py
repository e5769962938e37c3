"""kg.pictures.picture, the one entry point for `kg draw` and for servers, gives the CLI's bytes."""

from __future__ import annotations

import pytest

from kg.pictures import NAMES, NothingToDraw, picture
from kg.store.store import Store

from .conftest import DATA, draw


@pytest.mark.parametrize("name", [n for n in NAMES if n != "map"])
def test_picture_is_what_kg_draw_writes(tmp_path, name):
    _, out = draw(tmp_path, name)
    assert picture(Store.bundled(), name) == out.read_bytes()


def test_unknown_picture_or_format():
    with pytest.raises(ValueError):
        picture(Store(), "pie")
    with pytest.raises(ValueError):
        picture(Store(), "timeline", "mmd")


def test_nothing_to_draw_names_what_is_missing_and_exits_3():
    store = Store()
    store.load_file(str(DATA / "no-dates.ttl"))
    with pytest.raises(NothingToDraw) as caught:
        picture(store, "chart")
    assert caught.value.exit_code == 3 and "no strength or loss figures" in str(caught.value)
