"""Relevance gate: a cheap keyword check (one regex per language over title + text) that keeps ordinary news away
from the spaCy pipeline. Its keywords are every TRIGGER pattern of the language's cue lexicon, so an article the
gate drops could not have produced an incident anyway; `bench/extract.py` and the dev evaluation measure it."""

from __future__ import annotations

import re
from functools import lru_cache

from extract.components.loaders import lexicon

STOPWORDS = {
    "fr": {"le", "la", "les", "des", "est", "une", "dans", "pour", "qui", "sur", "pas", "avec", "au", "du", "été"},
    "nl": {"de", "het", "een", "en", "van", "is", "op", "niet", "met", "zijn", "werd", "voor", "dat", "bij"},
    "en": {"the", "and", "of", "to", "is", "was", "in", "on", "with", "for", "that", "by", "were", "at"},
    "de": {"der", "die", "das", "und", "ist", "nicht", "mit", "ein", "eine", "den", "wurde", "von", "im", "auf"},
}


@lru_cache(maxsize=None)
def gate_regex(lang: str) -> re.Pattern:
    pats = sorted({e["pattern"] for e in lexicon(lang) if e["label"] == "TRIGGER"}, key=len, reverse=True)
    return re.compile(rf"(?<![\w-])(?:{'|'.join(pats)})(?![\w-])", re.IGNORECASE)


def passes_gate(title: str, text: str, lang: str) -> bool:
    """Whether the article mentions any incident trigger of its language."""
    rx = gate_regex(lang)
    return bool(rx.search(title or "") or rx.search(text or ""))


def guess_language(text: str, sample: int = 4000) -> str | None:
    """fr, nl, en or de by stopword counts over the start of `text`; None when none of them fits."""
    words = re.findall(r"[a-zàâäçéèêëîïôöûüß]+", text[:sample].lower())
    if not words:
        return None
    scores = {lang: sum(w in sw for w in words) for lang, sw in STOPWORDS.items()}
    best = max(scores, key=scores.get)
    return best if scores[best] >= max(2, len(words) // 25) else None
