"""Promotion names across both sites: "EIG 4", "Promotion 4", 4, "eig-4" are one cohort.

DIG (Designers d'intérêt général, 2019) is its own cohort: "DIG", "dig", "eig-dig" in
Jekyll, "Promotion 3 - DIG" in Hugo.
"""

import re
from dataclasses import dataclass

from cohorte.text import normalise_name

# The programme's calendar, used only when the site gives no year: Hugo's `date` is the
# date a page was edited in the CMS (2021 for every migrated défi), not the promotion's.
# Sources: the Jekyll site (1-4, DIG), the EIG 5 and 6 announcements, the EIG 7 call (2024).
PROMOTION_YEARS = {1: 2017, 2: 2018, 3: 2019, 4: 2020, 5: 2021, 6: 2022, 7: 2024}
DIG_YEAR = 2019

_NUMBERED = re.compile(r"(?:eig|promotion|promo)?\s*(\d{1,2})")
_YEAR = re.compile(r"(?:19|20)\d\d")
_DIG = re.compile(r"\bdig\b")


@dataclass(frozen=True)
class CohortKey:
    """Identity of a promotion: its number, or a special name such as "dig"."""

    number: int | None = None
    special: str = ""


DIG = CohortKey(special="dig")


def parse_reference(raw) -> CohortKey | None:
    """The promotion a raw reference names, when its form says so; None otherwise."""
    if isinstance(raw, bool) or raw is None:
        return None
    if isinstance(raw, int):
        return CohortKey(number=raw) if 0 < raw < 100 else None  # 2019 is a year, not a number
    folded = normalise_name(str(raw))
    if _DIG.search(folded):
        return DIG
    match = _NUMBERED.fullmatch(folded)
    if match and int(match.group(1)) > 0:
        return CohortKey(number=int(match.group(1)))
    return None


def parse_year(raw) -> int | None:
    """A four-digit year in a reference ("2020", "2019 eig-3"), if any."""
    match = _YEAR.search(str(raw or ""))
    return int(match.group(0)) if match else None


def canonical(key: CohortKey) -> tuple[str, str, list[str]]:
    """Name, slug and standard aliases of a promotion identified by its key."""
    if key == DIG:
        return "DIG", "dig", ["DIG", "Promotion 3 - DIG", "Défis DIG", "eig-dig"]
    if key.number is not None:
        n = key.number
        return f"Promotion {n}", f"promotion-{n}", [f"Promotion {n}", f"EIG {n}", str(n)]
    raise ValueError(f"no canonical name for {key}")


def known_year(key: CohortKey) -> int | None:
    """The promotion's year from the programme's calendar, if known."""
    if key == DIG:
        return DIG_YEAR
    return PROMOTION_YEARS.get(key.number)


def merge_aliases(current: list, extra: list) -> list[str]:
    """Aliases in first-seen order, without two that fold to the same name."""
    seen = {normalise_name(str(a)) for a in current}
    merged = [str(a) for a in current]
    for alias in extra:
        folded = normalise_name(str(alias))
        if folded and folded not in seen:
            seen.add(folded)
            merged.append(str(alias).strip())
    return merged
