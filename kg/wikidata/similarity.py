"""Label similarity, normalised and explainable: the one number reconciliation trusts most.

>>> similarity("Arkhangelsk", "arkhangelsk")
1.0
>>> round(similarity("Siberian intervention", "Siberian Intervention"), 2)
1.0
>>> similarity("Vladivostok", "Vladivostok (ship)") < 0.9
True
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalize(text: str) -> str:
    """Case-folded, accents and punctuation removed, single spaces, no leading article.

    >>> normalize("  The Treaty of Brest-Litovsk ")
    'treaty of brest litovsk'
    """
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = _NON_WORD.sub(" ", text).strip()
    return text[4:] if text.startswith("the ") else text


def similarity(a: str, b: str) -> float:
    """1.0 for the same normalised text, else difflib's ratio (0..1)."""
    a, b = normalize(a), normalize(b)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b).ratio()


def contains_words(a: str, b: str) -> bool:
    """Every word of the shorter text appears in the longer one.

    >>> contains_words("Greece", "Kingdom of Greece"), contains_words("France", "French Republic")
    (True, False)
    """
    wa, wb = set(normalize(a).split()), set(normalize(b).split())
    if not wa or not wb:
        return False
    return wa <= wb or wb <= wa


def best_match(names: Iterable[str], others: Iterable[tuple[str, float]]) -> tuple[float, str, str]:
    """The best (similarity x weight, our name, their name) over all pairs.

    ``others`` are (name, weight) pairs: a Wikidata label weighs 1.0, an alias a little less.
    """
    best = (0.0, "", "")
    others = list(others)
    for name in names:
        for other, weight in others:
            score = similarity(name, other) * weight
            if score > best[0]:
                best = (score, name, other)
    return best


def still_fits(names: Iterable[str], others: Iterable[str], threshold: float = 0.6) -> bool:
    """Does any of our names still fit any of the item's labels (``kg link --check``)?

    >>> still_fits(["United Kingdom"], ["United Kingdom of Great Britain and Ireland"])
    True
    >>> still_fits(["Arkhangelsk"], ["Arkhangelsk Oblast", "Archangel Oblast"])
    True
    >>> still_fits(["Caucasus"], ["Vladivostok"])
    False
    """
    others = list(others)
    return any(similarity(a, b) >= threshold or contains_words(a, b)
               for a in names for b in others)
