"""What kind of incident and which weapon (extract/README.md rules 8, 9, 17), from the project vocabulary
(core/data/vocabulary.json via `core.vocabulary.vocabulary()`): its types, its weapons in precedence order and the
weapons each type may carry (the first is the type's default)."""

from __future__ import annotations

import re

from core.vocabulary import vocabulary
from extract.rules.model import SentenceGroup

FOUND_DEAD = re.compile(r"retrouvée?s? (?:morte?s?|sans vie)|corps sans vie|found dead|dood aangetroffen|levenloos|"
                        r"tot\b.*aufgefunden|leiche", re.I)


def extraction_order(types: tuple[str, ...]) -> tuple[str, ...]:
    """Rule 8: the order in which the fallbacks of `pick_type` prefer a type: the vocabulary's order with two
    documented exceptions: robbery first (a robbery told wins, whatever else is named), and homicide before assault
    (a death told beats a plain assault)."""
    rest = [t for t in types if t != "robbery"]
    if "homicide" in rest and "assault" in rest and rest.index("assault") < rest.index("homicide"):
        rest.remove("homicide")
        rest.insert(rest.index("assault"), "homicide")
    return (("robbery",) if "robbery" in types else ()) + tuple(rest)


# The vocabulary's order with rule 8's exceptions; `vocabulary().types` alone switches to the vocabulary's order.
TYPE_ORDER = extraction_order(vocabulary().types)


def is_specific(kind: str) -> bool:
    """Rule 8: a specific type names its mechanism and so its weapon (shooting, stabbing, explosion, arson): the
    vocabulary lists weapons for it."""
    return kind in vocabulary().type_weapons


def pick_type(group: SentenceGroup) -> tuple[str, float]:
    """Rules 8, 17: incident type and trigger strength: robbery when a robbery is told; a body found is a homicide;
    else the first specific type (shooting, stabbing, explosion, arson) a strong trigger names, title first; else the
    first strong type in `TYPE_ORDER` (homicide before assault); else the first weak one; else other."""
    types: dict[str, str] = {}
    order: list[str] = []
    for s in group.trigger_sentences:
        for c in s.triggers():
            t, strength = c.detail.split("/")
            if types.get(t) != "strong":
                types[t] = strength
            if strength == "strong" and t not in order:
                order.append(t)
    if types.get("robbery") == "strong":
        return "robbery", 1.0
    if any(FOUND_DEAD.search(c.text) for s in group.trigger_sentences for c in s.triggers()):
        return "homicide", 1.0  # a body found ("found dead with stab wounds"): a homicide case
    specific = [t for t in order if is_specific(t)]
    if specific:
        return specific[0], 1.0
    strong = [t for t in TYPE_ORDER if types.get(t) == "strong"]
    if strong:
        return strong[0], 1.0
    weak = [t for t in TYPE_ORDER if t in types]
    return (weak[0], 0.5) if weak else ("other", 0.3)


def pick_weapon(group: SentenceGroup, kind: str) -> str | None:
    """Rule 9: the strongest weapon cue (vocabulary order: assault_rifle > firearm > knife > ...) the type may carry
    (any for types without a weapon list: robbery, assault, homicide), else the type's default weapon, else null."""
    vocab = vocabulary()
    cues = [c.detail for s in group.sentences for c in s.labels("WEAPON")]
    allowed = vocab.type_weapons.get(kind)
    for w in vocab.weapons:
        if w in cues and (allowed is None or w in allowed):
            return w
    return vocab.default_weapon(kind)
