"""What a figure counts: its unit (troops, people, ships, tanks...) and, for losses, its kind.

Words are matched on the text after the number (``4,112 killed``, ``3 ships sunk``, ``1 landing
craft captured by Romanians``). Each name here is the local name of a term in ontology/conflict.ttl.
"""

from __future__ import annotations

import re

# (pattern, kg:Unit local name); the first that matches wins, so longer phrases come first.
MATERIEL_UNITS: tuple[tuple[re.Pattern, str], ...] = tuple(
    (re.compile(p, re.IGNORECASE), unit) for p, unit in (
        (r"\blanding\s+craft\b", "LandingCraft"),
        (r"\b\w*ships?\b|\bvessels?\b|\bboats?\b|\bsubmarines?\b|\bdestroyers?\b|"
         r"\bcruisers?\b|\bfrigates?\b|\bgalleys?\b|\bcorvettes?\b|\bjunks?\b", "Ships"),
        (r"\btanks?\b", "Tanks"),
        (r"\baircraft\b|\b(?:air)?planes?\b|\bhelicopters?\b|\bbombers?\b", "Aircraft"),
        (r"\bguns?\b|\bcannons?\b|\bartillery\b|\bhowitzers?\b", "Guns"),
        (r"\bvehicles?\b|\barmou?red\s+cars?\b|\btrucks?\b", "Vehicles"),
        (r"\bmat[eé]riel\b|\bequipment\b", "Materiel"),
    ))

# Loss kinds: (pattern, kg:LossKind local name), tried in order on the words after the number.
LOSS_KINDS: tuple[tuple[re.Pattern, str], ...] = tuple(
    (re.compile(p, re.IGNORECASE), kind) for p, kind in (
        (r"\bcivilians?\b|\btownspeople\b|\btownsfolk\b|\bvillagers\b|\bnon-?combatants\b",
         "CivilianCasualties"),
        (r"\b(?:killed|dead)\s+(?:or|and|&|/)\s+wounded\b|\bcasualt|\blosses\b|"
         r"\bkilled,\s+wounded\b", "UnspecifiedCasualties"),
        (r"\b(?:dead|died)\s+(?:from|of)\s+(?:wounds|disease|non-combat)|\bnon-combat\b|"
         r"\bdied\s+of\b|\bdisease\b", "DiedOfWoundsOrNonCombatCauses"),
        (r"\bkilled\b|\bdead\b|\bdeaths?\b|\bKIA\b|\bfallen\b", "Killed"),
        (r"\bwounded\b|\binjured\b|\bWIA\b", "Wounded"),
        (r"\bmissing\b|\bMIA\b", "Missing"),
        (r"\bcaptured\b|\bprisoners?\b|\bPOWs?\b|\btaken\s+prisoner\b|\bsurrendered\b",
         "Captured"),
    ))

_CAPTURED_BY = re.compile(r"\bcaptured\s+by\s+(?:the\s+)?(?P<party>[A-Z][^\d,;()]*?)\s*$")
STRENGTH_UNIT_WORDS = re.compile(
    r"^(?:troops|men|soldiers|personnel|infantry|cavalry|sailors|marines|fighters|warriors|"
    r"militia(?:men)?|regulars|volunteers|combatants|guerrillas|insurgents|rebels|police)\b",
    re.IGNORECASE)


def materiel_unit(words: str) -> str | None:
    """The materiel unit named in ``words``, if any.

    >>> materiel_unit("landing craft captured by Romanians"), materiel_unit("killed")
    ('LandingCraft', None)
    """
    for pattern, unit in MATERIEL_UNITS:
        if pattern.search(words):
            return unit
    return None


def loss_kind(words: str) -> str | None:
    """The loss kind the words after a number name, or None.

    >>> loss_kind("dead from wounds or non-combat related causes")
    'DiedOfWoundsOrNonCombatCauses'
    >>> loss_kind("killed or wounded"), loss_kind("prisoners")
    ('UnspecifiedCasualties', 'Captured')
    """
    for pattern, kind in LOSS_KINDS:
        if pattern.search(words):
            return kind
    return None


def captured_by(words: str) -> tuple[str, int] | None:
    """The party named in ``... captured by X`` and its offset within ``words``.

    >>> captured_by("landing craft captured by Romanians")
    ('Romanians', 26)
    """
    m = _CAPTURED_BY.search(words)
    if not m:
        return None
    return m.group("party"), m.start("party")
