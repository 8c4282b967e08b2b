"""Which incident types and weapons can describe one real incident, and which is more specific.

The tables are data (data/types.json); police zones come from the project gazetteer (`extract.gazetteer`).
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def _types() -> dict:
    return json.loads((resources.files("resolve") / "data" / "types.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _compatible_pairs() -> dict[frozenset[str], frozenset[str]]:
    return {frozenset(rule["types"]): frozenset(rule["weapons"]) for rule in _types()["compatible"]}


def weapons_compatible(a: str | None, b: str | None) -> bool:
    """Unknown or 'other' fits anything; otherwise both must be of one family (firearm ~ assault_rifle)."""
    if a is None or b is None or a == b or "other" in (a, b):
        return True
    family = _types()["weapon_family"]
    return family.get(a, a) == family.get(b, b)


def types_compatible(type_a: str, type_b: str, weapon_a: str | None, weapon_b: str | None) -> bool:
    """Same type, or a listed pair (a shooting followed up as a homicide) whose known weapons fit the pair."""
    if type_a == type_b:
        return True
    allowed = _compatible_pairs().get(frozenset((type_a, type_b)))
    if allowed is None:
        return False
    return all(w is None or w in allowed for w in (weapon_a, weapon_b))


def type_priority(kind: str) -> int:
    """Lower = preferred as the incident's type (the mechanism, e.g. shooting, beats the outcome, homicide)."""
    order = _types()["type_priority"]
    return order.index(kind) if kind in order else len(order)


def weapon_rank(weapon: str | None) -> int:
    """Higher = more specific (assault_rifle > firearm > other > unknown)."""
    return 0 if weapon is None else _types()["weapon_rank"].get(weapon, 1)


@lru_cache(maxsize=1)
def _zone_table() -> dict[str, str]:
    """commune (French canonical name) -> police zone, from the project gazetteer."""
    from extract.gazetteer import load

    return {c.name: c.police_zone for c in load().communes}


def police_zone(commune: str | None) -> str | None:
    """The police zone covering a canonical (French) commune name; None when unknown."""
    return _zone_table().get(commune) if commune else None
