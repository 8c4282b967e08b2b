"""The incident vocabulary (core/data/vocabulary.json): types in precedence order, weapons, which weapons a type
carries, which types can describe one incident, contexts. One file, validated on load, read by every stage; and
their labels per language (core/data/labels.toml), for the digests and the public site."""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

VOCABULARY_FILE = "data/vocabulary.json"
LABELS_FILE = "data/labels.toml"
LANGUAGES = ("fr", "nl", "en")


@dataclass(frozen=True)
class Vocabulary:
    types: tuple[str, ...]                       # precedence order: the first present wins
    weapons: tuple[str, ...]                     # precedence order: the most specific first
    weapon_family: dict[str, str]
    weapon_rank: dict[str, int]
    type_weapons: dict[str, tuple[str, ...]]     # the weapons a type may carry; the first is its default
    compatible: dict[frozenset[str], frozenset[str]]
    contexts: tuple[str, ...]

    def default_weapon(self, kind: str) -> str | None:
        allowed = self.type_weapons.get(kind)
        return allowed[0] if allowed else None

    def type_priority(self, kind: str) -> int:
        """Lower = preferred as the incident's type (the mechanism, e.g. shooting, beats the outcome, homicide)."""
        return self.types.index(kind) if kind in self.types else len(self.types)

    def rank_of_weapon(self, weapon: str | None) -> int:
        """Higher = more specific (assault_rifle > firearm > other > unknown)."""
        return 0 if weapon is None else self.weapon_rank.get(weapon, 1)

    def weapons_compatible(self, a: str | None, b: str | None) -> bool:
        """Unknown or 'other' fits anything; otherwise both must be of one family (firearm ~ assault_rifle)."""
        if a is None or b is None or a == b or "other" in (a, b):
            return True
        return self.weapon_family.get(a, a) == self.weapon_family.get(b, b)

    def types_compatible(self, type_a: str, type_b: str, weapon_a: str | None, weapon_b: str | None) -> bool:
        """Same type, or a listed pair (a shooting followed up as a homicide) whose known weapons fit the pair."""
        if type_a == type_b:
            return True
        allowed = self.compatible.get(frozenset((type_a, type_b)))
        if allowed is None:
            return False
        return all(w is None or w in allowed for w in (weapon_a, weapon_b))


def _fail(msg: str) -> ValueError:
    return ValueError(f"core/{VOCABULARY_FILE}: {msg}")


def parse(raw: dict[str, Any]) -> Vocabulary:
    """Validate the vocabulary's JSON object; ValueError names what is wrong."""
    try:
        types = tuple(t["id"] for t in raw["types"])
        weapons = tuple(w["id"] for w in raw["weapons"])
        family = {w["id"]: str(w["family"]) for w in raw["weapons"]}
        rank = {w["id"]: int(w["rank"]) for w in raw["weapons"]}
        type_weapons = {k: tuple(v) for k, v in raw["type_weapons"].items()}
        compatible = {frozenset(r["types"]): frozenset(r["weapons"]) for r in raw["compatible"]}
        contexts = tuple(raw["contexts"])
    except (KeyError, TypeError) as exc:
        raise _fail(f"missing or malformed key {exc}") from exc
    for seq, what in ((types, "type"), (weapons, "weapon"), (contexts, "context")):
        if len(set(seq)) != len(seq):
            raise _fail(f"a {what} is listed twice: {seq}")
    for kind, allowed in type_weapons.items():
        if kind not in types or not allowed or any(w not in weapons for w in allowed):
            raise _fail(f"type_weapons: unknown type or weapon in {kind!r}: {allowed}")
    for pair, allowed in compatible.items():
        if len(pair) != 2 or any(t not in types for t in pair) or any(w not in weapons for w in allowed):
            raise _fail(f"compatible: unknown type or weapon in {sorted(pair)} / {sorted(allowed)}")
    return Vocabulary(types, weapons, family, rank, type_weapons, compatible, contexts)


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The project vocabulary (read and validated once per process)."""
    text = (resources.files("core") / VOCABULARY_FILE).read_text(encoding="utf-8")
    return parse(json.loads(text))


INCIDENT_TYPES: tuple[str, ...] = vocabulary().types


def parse_labels(raw: dict[str, Any], vocab: Vocabulary) -> dict[str, dict[str, dict[str, str]]]:
    """Validate the labels table: every language has a label for every type and weapon, and nothing else."""
    if set(raw) != set(LANGUAGES):
        raise ValueError(f"core/{LABELS_FILE}: languages {sorted(raw)}, expected {list(LANGUAGES)}")
    for lang in LANGUAGES:
        for kind, ids in (("types", vocab.types), ("weapons", vocab.weapons)):
            table = raw[lang].get(kind)
            if not isinstance(table, dict) or set(table) != set(ids) or not all(isinstance(v, str) and v for v in table.values()):
                raise ValueError(f"core/{LABELS_FILE}: [{lang}.{kind}] must label exactly {list(ids)}")
    return {lang: {"types": dict(raw[lang]["types"]), "weapons": dict(raw[lang]["weapons"])} for lang in LANGUAGES}


@lru_cache(maxsize=1)
def labels() -> dict[str, dict[str, dict[str, str]]]:
    """What readers see for each type and weapon: {language: {"types": {id: label}, "weapons": {id: label}}}."""
    text = (resources.files("core") / LABELS_FILE).read_text(encoding="utf-8")
    return parse_labels(tomllib.loads(text), vocabulary())
