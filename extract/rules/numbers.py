"""Casualty counts: the number a casualty cue refers to ("deux blessés", "Eén dode", "a man was injured").

Rule: look back from the cue over the same clause (stop at , ; : . ! ? parentheses and quotes, at most 8 words)
for the nearest quantifier:
- a digit or number word (extract/data/numbers.json) not followed by an age word ("23 ans", "de 23 jaar") -> that count;
- a vague word ("plusieurs", "enkele", "several", "mehrere", "une dizaine") -> None (SCHEMA: vague amounts are null);
- no quantifier: 1 when the clause is singular ("a été blessé", "werd gewond", "was injured", "wurde verletzt",
  a singular cue), None when it is plural ("ont été blessés", "werden", "were", "wurden").
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "numbers.json"
CLAUSE_BREAK = re.compile(r"[,;:.!?()«»\"“”„\[\]\n–—]")
WORD = re.compile(r"[\w'’-]+")
LOOKBACK_WORDS = 8
PLURAL_MARKERS = {
    "fr": {"ont", "sont", "les", "des", "étaient", "avaient", "deux"},
    "nl": {"werden", "raakten", "zijn", "waren", "de", "mensen", "personen"},
    "en": {"were", "are", "people", "have"},
    "de": {"wurden", "sind", "waren", "die", "menschen", "personen"},
}
VAGUE = "vague"


@lru_cache(maxsize=None)
def _numbers(lang: str) -> dict:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    return data.get(lang) or data["fr"]


def number_value(word: str, lang: str) -> int | None:
    """The count a single word denotes (digits or a number word), else None."""
    w = word.lower()
    if w.isdigit():
        return int(w)
    return _numbers(lang)["words"].get(w)


def count_before(text: str, cue_start: int, lang: str, cue_text: str = "") -> int | str | None:
    """Count for the casualty cue starting at `cue_start` in `text`: an int, VAGUE, or None (no quantifier)."""
    window = text[max(0, cue_start - 160):cue_start]
    breaks = list(CLAUSE_BREAK.finditer(window))
    if breaks:
        window = window[breaks[-1].end():]
    words = WORD.findall(window)[-LOOKBACK_WORDS:]
    t = _numbers(lang)
    vague = set(t["vague"])
    ages = set(t["age_after"])
    for i in range(len(words) - 1, -1, -1):
        w = words[i].lower()
        nxt = words[i + 1].lower() if i + 1 < len(words) else ""
        if w in vague:
            return VAGUE
        value = number_value(w, lang)
        if value is not None:
            if nxt in ages or (w.isdigit() and value > 100):
                continue
            return value
    lowered = {w.lower() for w in words}
    if lowered & PLURAL_MARKERS.get(lang, set()):
        return None
    return None if is_plural_cue(cue_text, lang) else 1


def is_plural_cue(cue: str, lang: str) -> bool:
    c = cue.lower()
    if lang == "fr":
        return c.endswith(("és", "ées", "ts", "tes", "ès", "sés"))
    if lang == "nl":
        return c.endswith(("den", "nden"))
    if lang == "de":
        return c.endswith(("ten",)) or c == "tote"
    return c.endswith(("deaths", "injuries"))
