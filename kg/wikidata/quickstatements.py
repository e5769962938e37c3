"""QuickStatements (v1 syntax) for the claims Wikidata lacks, each with where it comes from.

One tab-separated line per statement: ``item  property  value  [qualifier value]  S143  Q328
S4656  "article URL"``. Values follow the v1 syntax (https://www.wikidata.org/wiki/Help:QuickStatements):

- items as ``Q…``;
- times as ``+YYYY-MM-DDT00:00:00Z/P`` with the precision the article gives (9 year, 10 month,
  11 day); the parts finer than the precision are ``00``, as in Wikibase's own JSON;
- exact quantities as the number (``4112``, no bounds, unit 1); a range as
  ``amount[lower,upper]`` (QuickStatements 3.0 reads this form), the amount being the midpoint
  Wikibase requires inside the article's bounds. A lower bound ("938+") is never written: the
  diff holds it for review.

The reference says the statement was imported from English Wikipedia (``S143 Q328``, "imported
from Wikimedia project") and gives the article as the "Wikimedia import URL" (``S4656``).
Nothing here uploads anything: the output is for a person to check and submit.
"""

from __future__ import annotations

from collections.abc import Iterable

from .claims import PARTY_QUALIFIER, Claim

ENGLISH_WIKIPEDIA = "Q328"


def time_value(value: str, precision: int) -> str:
    """A date at its precision, in QuickStatements' time syntax.

    >>> time_value("1918", 9), time_value("1920-09", 10), time_value("1918-01-12", 11)
    ('+1918-00-00T00:00:00Z/9', '+1920-09-00T00:00:00Z/10', '+1918-01-12T00:00:00Z/11')
    """
    year, month, day = [*value.split("-"), "00", "00"][:3]
    if precision < 10:
        month = "00"
    if precision < 11:
        day = "00"
    return f"+{year}-{month}-{day}T00:00:00Z/{precision}"


def quantity_value(claim: Claim) -> str:
    """An exact figure as such, a range as ``amount[lower,upper]``.

    >>> from decimal import Decimal
    >>> quantity_value(Claim("Q1", "x", "X", "P1132", "quantity", "60000", form="range",
    ...                      lower=Decimal(50000), upper=Decimal(70000)))
    '60000[50000,70000]'
    """
    if claim.form == "exact":
        return claim.value
    if claim.form == "range":
        return f"{claim.value}[{claim.lower},{claim.upper}]"
    raise ValueError(f"{claim.key}: a {claim.form} cannot be written as a Wikidata quantity")


def value(claim: Claim) -> str:
    if claim.kind == "item":
        return claim.value
    if claim.kind == "time":
        return time_value(claim.value, claim.precision or 11)
    return quantity_value(claim)


def _string(text: str) -> str:
    return '"' + text.replace('"', "%22") + '"'


def line(claim: Claim, article_url: str) -> str:
    """One QuickStatements v1 line for ``claim``, with its reference.

    >>> print(line(Claim("Q1", "x", "X", "P710", "item", "Q2"), "https://en.wikipedia.org/wiki/X")
    ...       .replace("\\t", " | "))
    Q1 | P710 | Q2 | S143 | Q328 | S4656 | "https://en.wikipedia.org/wiki/X"
    """
    if claim.held:
        raise ValueError(f"{claim.key} is held for review: {claim.held}")
    cells = [claim.item, claim.prop, value(claim)]
    if claim.party:
        cells += [PARTY_QUALIFIER, claim.party]
    cells += ["S143", ENGLISH_WIKIPEDIA]
    if article_url:
        cells += ["S4656", _string(article_url)]
    return "\t".join(cells)


def render(claims: Iterable[Claim], article_url: str) -> str:
    """The lines for ``claims`` (an empty string when there are none)."""
    return "".join(line(claim, article_url) + "\n" for claim in claims)
