"""What kind of incident and which weapon (extract/README.md rules 8, 9, 17), from the project vocabulary
(core/data/vocabulary.json via `core.vocabulary.vocabulary()`): its types, its weapons in precedence order and the
weapons each type may carry (the first is the type's default)."""

from __future__ import annotations

from core.vocabulary import vocabulary
from extract.rules.model import SentenceGroup


def extraction_order(types: tuple[str, ...]) -> tuple[str, ...]:
    """Rule 8: the order in which `pick_type` prefers a type: the vocabulary's order (SCHEMA: shooting > stabbing >
    explosion > arson > robbery > assault > homicide > other) with one documented exception: homicide before
    assault (a death told beats a plain assault: "beaten to death" is a homicide)."""
    rest = list(types)
    if "homicide" in rest and "assault" in rest and rest.index("assault") < rest.index("homicide"):
        rest.remove("homicide")
        rest.insert(rest.index("assault"), "homicide")
    return tuple(rest)


TYPE_ORDER = extraction_order(vocabulary().types)


def is_specific(kind: str) -> bool:
    """Rule 8: a specific type names its mechanism and so its weapon (shooting, stabbing, explosion, arson): the
    vocabulary lists weapons for it."""
    return kind in vocabulary().type_weapons


def pick_type(group: SentenceGroup) -> tuple[str, float]:
    """Rules 8, 17, 24: incident type and trigger strength, by precedence (`TYPE_ORDER`).

    Rule 24 first: when police or soldiers fired in the incident (a POLICE_FIRE cue), the shots were theirs and do
    not give the type of the attack they stopped: a knife attack (or a blast, a fire) ended by police fire keeps its
    type, an assault with a knife so stopped is a stabbing; police fire alone is the news, a shooting.
    Then the first specific type (shooting, stabbing, explosion, arson) a strong trigger names, so a robbery in which
    someone was shot is a shooting; rule 30: an assault or a killing told with a gun or a knife in the same sentence
    (not in a robbery) is a shooting or a stabbing; else the first strong type in `TYPE_ORDER` (robbery, homicide
    (a body found, no mechanism told), assault, other), else the first weak one, else other."""
    types: dict[str, str] = {}
    police_fire = any(s.labels("POLICE_FIRE") for s in group.sentences)
    armed: set[str] = set()  # rule 30: the weapon an assault or a killing was told with, in its own sentence
    for s in group.trigger_sentences:
        weapons = {c.detail for c in s.labels("WEAPON")}
        for c in s.triggers():
            t, strength = c.detail.split("/")
            if t == "shooting" and police_fire:
                continue  # the police's shots
            if t in ("assault", "homicide") and strength == "strong":
                armed |= weapons
            if types.get(t) != "strong":
                types[t] = strength
    if police_fire:
        stopped = [t for t in TYPE_ORDER if is_specific(t) and t != "shooting" and types.get(t) == "strong"]
        if stopped:
            return stopped[0], 1.0
        if types.get("assault") == "strong" and \
                any(c.detail == "knife" for s in group.sentences for c in s.labels("WEAPON")):
            return "stabbing", 1.0
        return "shooting", 1.0  # "un policier a fait usage de son arme": police fire is shots fired
    specific = [t for t in TYPE_ORDER if is_specific(t) and types.get(t) == "strong"]
    if specific:
        return specific[0], 1.0
    if types.get("robbery") != "strong":
        if armed & {"firearm", "assault_rifle"}:
            return "shooting", 1.0  # "il a tué sa femme avec une arme à feu": a killing with a gun
        if "knife" in armed:
            return "stabbing", 1.0  # attacked with a knife
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


def pick_context(group: SentenceGroup) -> list[str]:
    """Rule 26: what the incident happened in, beside its type (the vocabulary's `contexts`; not scored): a
    robbery told (so analysts still count armed robberies when the type is a shooting), police or soldiers' fire,
    and the lexicon's CONTEXT cues (home-jacking, car-jacking, terror, domestic, drugs)."""
    found: set[str] = set()
    for s in group.sentences:
        if any(c.detail == "robbery/strong" for c in s.triggers()):
            found.add("robbery")
        if s.labels("POLICE_FIRE"):
            found.add("police")
        found.update(c.detail for c in s.labels("CONTEXT"))
    return sorted(found & set(vocabulary().contexts))
