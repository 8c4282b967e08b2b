"""Casualty counts: the number a casualty cue refers to ("deux blessés", "Eén dode", "a man was injured").

Rule: look back from the cue over the same clause (stop at , ; : . ! ? parentheses and quotes, at most 8 words)
for the nearest quantifier:
- a digit or number word (extract/data/numbers.json) not followed by an age word ("23 ans", "de 23 jaar") -> that count,
  except in a partitive ("l'un des deux blessés", "een van de twee", "one of the two", "einer der beiden") -> 1;
- a vague word ("plusieurs", "enkele", "several", "mehrere", "une dizaine") -> None (SCHEMA: vague amounts are null);
- no quantifier: 1 when the clause is singular ("a été blessé", "werd gewond", "was injured", "wurde verletzt",
  a singular cue), None when it is plural ("ont été blessés", "werden", "were", "wurden").
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from extract.lexicon import words_regex

DATA = Path(__file__).resolve().parent.parent / "data" / "numbers.json"
CLAUSE_BREAK = re.compile(r"[,;:.!?()«»\"“”„\[\]\n–—]")
WORD = re.compile(r"[\w'’-]+")
LOOKBACK_WORDS = 8
VAGUE = "vague"
TIME_AFTER = {"h", "uur", "heures", "heure", "uhr", "am", "pm", "min", "minutes", "minuten", "km", "mètres", "meter"}
TIME_BEFORE = {"vers", "rond", "om", "omstreeks", "at", "around", "gegen", "um", "tegen", "à"}
ARTICLES = {"un", "une", "een", "a", "an", "ein", "eine", "einer", "einen", "einem", "eines"}
PREPOSITIONS = {"met", "with", "mit", "avec", "par", "door", "by", "van", "of", "von", "de", "d", "à", "au", "in", "op",
                "bei", "dans", "sur", "on", "at", "aan", "an", "auf", "into", "uit", "from", "aus", "pour", "for", "für"}
# "l'un des deux blessés", "een van de twee mannen", "one of the two victims", "einer der beiden Verletzten":
# the cue is about ONE member of a group of N
PARTITIVE = {("l'un", "des"), ("l’un", "des"), ("l'une", "des"), ("l’une", "des"), ("un", "des"), ("une", "des"),
             ("een", "van", "de"), ("één", "van", "de"), ("eén", "van", "de"), ("one", "of", "the"), ("einer", "der"),
             ("eine", "der"), ("eines", "der"), ("einer", "von", "den")}
# "de 20 et 26 ans", "van 18 en 22 jaar", "aged 20 and 26": ages take no room in the look-back window
AGE_PHRASE = re.compile(r"\b(?:de|van|of|von|aged|âgés?|âgées?)\s+\d{1,2}(?:\s+(?:et|en|and|und)\s+\d{1,2})?"
                        r"\s+(?:ans|jaar|years?(?:[- ]old)?|jahren?)\b", re.I)
AGE_BEFORE = {"de", "van", "of", "von", "aged", "âgé", "âgée", "agé", "à", "et", "en", "and", "und"}


@lru_cache(maxsize=None)
def _numbers(lang: str) -> dict:
    """The language's tables: "words" a dict, every word list a frozenset (looked up on every casualty cue)."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    table = data.get(lang) or data["fr"]
    return {k: frozenset(v) if isinstance(v, list) else v for k, v in table.items()}


def number_value(word: str, lang: str) -> int | None:
    """The count a single word denotes (digits or a number word), else None."""
    w = word.lower()
    if w.isdigit():
        return int(w)
    return _numbers(lang)["words"].get(w)


def count_before(text: str, cue_start: int, lang: str, cue_text: str = "", implied: bool = True) -> int | str | None:
    """Count for the casualty cue starting at `cue_start` in `text`: an int, VAGUE, or None. With `implied=False`
    only an explicit quantifier counts (no singular default)."""
    window = text[max(0, cue_start - 160):cue_start]
    breaks = list(CLAUSE_BREAK.finditer(window))
    if breaks:
        window = window[breaks[-1].end():]
    every = WORD.findall(AGE_PHRASE.sub(" ", window))
    words = every[-LOOKBACK_WORDS:]
    offset = len(every) - len(words)  # the partitive may start before the look-back ("one of the two men hit ...")
    t = _numbers(lang)
    vague, ages = t["vague"], t["age_after"]
    both = coordinated_count(words, lang)
    if both is not None:
        return both
    things: set[int] = set()  # numbers that count things ("à deux reprises", "drie kogels"): no plural either
    for i in range(len(words) - 1, -1, -1):
        w = words[i].lower()
        nxt = words[i + 1].lower() if i + 1 < len(words) else ""
        if any(x.lower() in t["agents"] for x in words[max(0, i - 3):i]):
            things.add(i)
            continue  # "aangevallen door een of meerdere daders", "blessé par deux hommes": the attackers
        if w in vague:
            if nxt in ages or nxt.startswith(("d'an", "d’an")):
                continue  # "une trentaine d'années": an age
            if nxt in t.get("object_after", ()):
                things.add(i)
                continue  # "kreeg verschillende messteken", "à plusieurs reprises": how many wounds, not victims
            return VAGUE
        value = number_value(w, lang)
        if value is not None:
            prev = words[i - 1].lower() if i > 0 else ""
            if nxt in ages or (w.isdigit() and (value > 20 or prev in AGE_BEFORE or nxt in TIME_AFTER
                                                 or prev in TIME_BEFORE)):
                continue  # an age ("de 23 ans", "van 22", "aged 30") or not a head count
            if w in ARTICLES and prev in PREPOSITIONS:
                continue  # "met een kalasjnikov", "with a knife": an article, not a head count
            if nxt in t.get("object_after", ()):
                things.add(i)
                continue  # "touché par 17 balles", "drie kogels": a count of things, not of victims
            before = tuple(x.lower() for x in every[max(0, offset + i - 3):offset + i])
            if any(before[-len(p):] == p for p in PARTITIVE):
                return 1  # "l'un des deux blessés est décédé": one of them
            return value
    if not implied:
        return None
    lowered = {w.lower() for i, w in enumerate(words) if i not in things}
    # a plural clause counts no one, unless a singular verb shows whose it is ("hij heeft zijn vrouw doodgestoken")
    if lowered & t["plural_markers"] and not lowered & t["singular_markers"]:
        return None
    return None if is_plural_cue(cue_text, lang) else 1


def _phrase_count(words: list[str], lang: str) -> int | None:
    """People in a short noun phrase opened by a determiner or a number ("sa femme", "deux passants", "ein weiterer
    Mann"): the number, else 1; None when the words are no such phrase."""
    if not words or len(words) > 3:
        return None
    t = _numbers(lang)
    if any(w.lower() in t.get("auxiliaries", ()) or _casualty_word(lang).fullmatch(w) for w in words[1:]):
        return None  # "un homme tué et ...", "three people died and ...": a verb, not a noun phrase
    first = words[0].lower()
    if first in t.get("vague", ()):
        return None
    value = number_value(first, lang)
    if value is not None and len(words) > 1 and words[1].lower() not in t.get("object_after", ()):
        return value
    return 1 if first in t.get("determiners", ()) and len(words) > 1 else None


def _casualty_word(lang: str) -> re.Pattern:
    """The casualty words of the lexicon ("tué", "blessée", "died", "verletzt")."""
    return words_regex(r"(?:{KILL}|{INJURE})", lang, re.IGNORECASE)


def coordinated_objects(text: str, cue_end: int, lang: str) -> int | None:
    """Rule 34: the people a verb is done to, when two noun phrases joined by "et/en/and/und" follow it ("a tué sa
    femme et deux enfants" -> 3, "shot dead a magistrate and a court clerk" -> 2); None when what follows is not so
    built ("killed a man and injured a woman", "tué dimanche")."""
    window = text[cue_end:cue_end + 120]
    m = CLAUSE_BREAK.search(window)
    words = WORD.findall(window[:m.start()] if m else window)
    t = _numbers(lang)
    joins = t.get("and", frozenset())
    lowered = [w.lower() for w in words]
    j = next((i for i, w in enumerate(lowered[:4]) if w in joins), None)
    if j is None or j < 2:
        return None
    left = _phrase_count(words[:j], lang)
    if left is None:
        return None
    for end in range(min(len(words), j + 4), j + 2, -1):
        if any(w in PREPOSITIONS for w in lowered[j + 1:end]):
            continue
        right = _phrase_count(words[j + 1:end], lang)
        if right is not None:
            return left + right
    return None


def coordinated_count(words: list[str], lang: str) -> int | None:
    """Rule 34: two noun phrases for people joined by "et/en/and/und" right before the cue ("sa femme et son fils ont
    été blessés", "ein weiterer Mann und eine Frau kamen verletzt", "deux hommes et une femme") count their people
    together; None when the clause is not so built (a verb between: "un homme a été tué et une femme blessée")."""
    joins = _numbers(lang).get("and", frozenset())
    j = next((i for i in range(len(words) - 1, 0, -1) if words[i].lower() in joins), None)  # the last "and"
    if j is None:
        return None
    # the right phrase runs up to the cue, or up to its auxiliaries ("ont été gravement blessés")
    ends = range(max(j + 2, len(words) - 3), min(len(words), j + 4) + 1)
    rights = [_phrase_count(words[j + 1:end], lang) for end in ends]
    lefts = [_phrase_count(words[start:j], lang) for start in range(max(0, j - 3), j - 1)]
    right = next((n for n in rights if n is not None), None)
    left = next((n for n in lefts if n is not None), None)
    return None if right is None or left is None else left + right


def one_of_group(sentence: str, lang: str) -> bool:
    """Rule 47: the sentence's subject is one member of a group ("L'une des victimes", "Een van de slachtoffers",
    "One of the victims", "Eines der Opfer"): a partitive (PARTITIVE) opens it."""
    words = tuple(w.lower() for w in WORD.findall(sentence)[:3])
    return any(words[:len(p)] == p for p in PARTITIVE)


def is_plural_cue(cue: str, lang: str) -> bool:
    c = cue.lower()
    if lang == "fr":
        return c.endswith(("és", "ées", "ts", "tes", "ès", "sés"))
    if lang == "nl":
        return c.endswith(("doden", "gewonden"))  # not participles such as "overleden", "bezweken"
    if lang == "de":
        return c.endswith(("ten",)) or c == "tote"
    return c.endswith(("deaths", "injuries"))


def count_after(text: str, cue_end: int, lang: str) -> int | None:
    """The count right after a total cue ("le bilan s'élève à deux morts", "de dodentol stijgt tot twee")."""
    words = WORD.findall(text[cue_end:cue_end + 40])[:2]
    for w in words:
        value = number_value(w, lang)
        if value is not None:
            return value
    return None


def count_objects_after(text: str, cue_end: int, lang: str) -> int | None:
    """Victims counted after a participle ("wounding a man and a woman", "blessant deux passants"): the number
    words heading the clause's noun phrases joined by and/et, up to the end of the clause."""
    window = text[cue_end:cue_end + 160]
    m = CLAUSE_BREAK.search(window)
    clause = window[:m.start()] if m else window
    total, found = 0, False
    for part in re.split(r"\b(?:and|et|en|und)\b", clause):
        words = WORD.findall(part)[:3]
        if words and words[0].lower() in _numbers(lang).get("all", ()):
            words = words[1:]  # "injuring all three", "blessant tous les deux"
            if words and words[0].lower() in _numbers(lang).get("determiners", ()):
                words = words[1:]
        if words:
            value = number_value(words[0], lang)
            if value is not None and not words[0].isdigit():
                total += value
                found = True
    return total if found else None
