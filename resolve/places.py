"""Place names reduced to language-neutral keys, so "station Clemenceau", "metrostation Clemenceau" and
"Clemenceau metro station" meet, and a measure of how strongly two places agree.

The word lists (generic words, Dutch/German compound endings, translations) are data: data/place_words.json.
A place name that is one of the project gazetteer's (gazetteer) names or aliases gets that place's id
("Kuregem" and "Cureghem" are one place) and kind (a district is an area, not a spot: it neither confirms nor
contradicts a street inside it).
"""

from __future__ import annotations

import json
import re
import unicodedata
from difflib import SequenceMatcher
from functools import lru_cache
from importlib import resources
from typing import Callable

from gazetteer import load, normalize

_WORD = re.compile(r"[a-z0-9]+")
AREA_KINDS = frozenset({"district", "sublocality"})  # gazetteer kinds that name an area, not a spot


@lru_cache(maxsize=1)
def _words() -> dict:
    data = json.loads((resources.files("resolve") / "data" / "place_words.json").read_text(encoding="utf-8"))
    return {
        "generic": frozenset(data["generic"]),
        "suffixes": sorted(data["suffixes"], key=len, reverse=True),
        "synonyms": data["synonyms"],
        "joiners": frozenset(data["joiners"]),
        "vague": frozenset(data.get("vague", ())),
    }


def _fold(text: str) -> str:
    """Lower case without accents."""
    nfkd = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in nfkd if not unicodedata.combining(c))


def _split_compound(word: str, suffixes: list[str]) -> list[str]:
    """"ribaucourtstraat" -> ["ribaucourt", "straat"]; the stem must keep at least 3 letters."""
    for suffix in suffixes:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return [word[: -len(suffix)], suffix]
    return [word]


@lru_cache(maxsize=65536)
def place_key(place: str | None) -> frozenset[str]:
    """The distinctive words of a place name, folded, split, translated; empty for None or a generic name."""
    if not place:
        return frozenset()
    w = _words()
    tokens: list[str] = []
    for word in _WORD.findall(_fold(place)):
        for part in _split_compound(word, w["suffixes"]):
            tokens.append(w["synonyms"].get(part, part))
    out: list[str] = []
    glue = None
    for tok in tokens:
        if tok in w["joiners"]:
            glue = tok
            continue
        if tok in w["generic"] or (len(tok) < 3 and not tok.isdigit()):
            continue
        out.append(f"{glue}_{tok}" if glue else tok)
        glue = None
    return frozenset(out)


def _same_word(a: str, b: str) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) < 4:
        return False
    if a.startswith(b) or b.startswith(a):
        return True
    return SequenceMatcher(None, a, b).ratio() >= 0.8


@lru_cache(maxsize=262144)
def place_agreement(a: frozenset[str], b: frozenset[str]) -> float | None:
    """Share of the smaller key found in the other (fuzzy per word); None when either place is unknown."""
    if not a or not b:
        return None
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    hits = sum(1 for x in small if any(_same_word(x, y) for y in large))
    return hits / len(small)


@lru_cache(maxsize=1)
def _gazetteer_names() -> tuple[dict[str, tuple[str, str]], Callable[[str], str]]:
    """(normalised name or alias -> (gazetteer place id, kind), the gazetteer's normaliser). A form shared by two
    places is dropped, except that a place's own name beats another place's alias."""
    places = load().places
    best: dict[str, tuple[bool, str, str]] = {}
    ambiguous: set[str] = set()
    for p in places:
        for name in (p.name, *p.aliases):
            form, own = normalize(name), name == p.name
            if form in best and best[form][1] != p.id:
                if best[form][0] == own:
                    ambiguous.add(form)
                    continue
                if best[form][0]:
                    continue
                ambiguous.discard(form)
            best[form] = (own, p.id, p.kind)
    return {f: (pid, kind) for f, (_, pid, kind) in best.items() if f not in ambiguous}, normalize


@lru_cache(maxsize=65536)
def gazetteer_place(place: str | None) -> tuple[str, str] | None:
    """(place id, kind) of the gazetteer place this exact name or alias denotes (spelling-insensitive)."""
    if not place:
        return None
    names, normalize = _gazetteer_names()
    return names.get(normalize(place))


@lru_cache(maxsize=1)
def _commune_words() -> frozenset[str]:
    """Key words of the communes' names in every language, and of the city ("Bruxelles", "centre")."""
    words: set[str] = set(_words()["vague"])
    for commune in load().communes:
        for names in commune.names.values():
            for name in names:
                words |= {w.rsplit("_", 1)[-1] for w in place_key(name)} | set(place_key(name))
    return frozenset(words)


@lru_cache(maxsize=65536)
def is_named_place(place: str | None) -> bool:
    """Whether the place names a spot or district rather than only a commune or the city ("Anderlecht",
    "Molenbeek", "centre de Bruxelles" are no named place; "Peterbos", "Porte de Hal" are)."""
    key = place_key(place)
    if not key:
        return False
    if gazetteer_place(place):
        return True
    commune_words = _commune_words()
    return not all(w in commune_words or w.rsplit("_", 1)[-1] in commune_words for w in key)
