"""The cue lexicons (extract/data/lexicons/<lang>.jsonl), validated on load as the gazetteer is.

One cue per line: `{"label", "pattern", "lang", ...}`; `pattern` is a case-insensitive regular expression matched
on whole words. Every entry becomes a cue span (extract/components/cue_matcher.py); a rule that needs a regex over a
text window builds it from a label's patterns with `words_regex` (the words in data, the glue in the rule). A line with an unknown label, a missing or unknown key, a value outside the vocabulary, a
pattern that does not compile, or another language's `lang` raises `ValueError("<file>:<line>: <problem>")`.
The labels, what each tells the rules, and their extra keys are listed in extract/README.md ("Data files").
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from core.jsonl import read_jsonl
from core.vocabulary import vocabulary

DATA_DIR = Path(__file__).resolve().parent / "data"
LEXICON_DIR = DATA_DIR / "lexicons"

LANGUAGES = ("fr", "nl", "en", "de")
STRENGTHS = ("strong", "weak", "generic")
NEG_KINDS = ("accident", "alert", "anniversary", "exercise", "fiction", "fireworks", "negated", "nonviolent",
             "politics", "raid", "sport", "statistics", "trial")

# label -> {extra key: allowed values (None = any non-empty string)}; "required" extras first, "?key" optional.
LABELS: dict[str, dict[str, tuple[str, ...] | None]] = {
    "TRIGGER": {"type": None, "?strength": STRENGTHS},    # type: one of the vocabulary's incident types
    "WEAPON": {"weapon": None},                            # weapon: one of the vocabulary's weapons
    "NEG": {"kind": NEG_KINDS},
    "CONTEXT": {"context": None},                          # context: one of the vocabulary's contexts
    **{label: {} for label in (
        "LEGAL", "KILL", "KILL_IMPLIED", "KILL_TOTAL", "KILL_AFTER", "INJURE", "INJURE_AFTER", "INJURE_STATE",
        "NOHURT", "NODEAD", "NOOTHER", "BACKGROUND", "FOLLOWUP", "REPORTING", "MULTI", "IN_BRUSSELS", "POLICE_FIRE",
        "ATTACKER_HURT", "ATTACKER_DEAD",
    )},
    # words the rules ask about (extract/README.md "Data files"): as cue spans or through `words_regex`
    **{label: {} for label in (
        "SHOTS", "RECAP", "ARREST", "NEAR", "MASK_BEFORE", "MASK_ARTICLE", "MASK_AFTER", "BRUSSELS_PREFIX",
        "ADJECTIVE_ENDING", "STREET_BEFORE", "STREET_AFTER", "ANOTHER", "AND", "PLUS", "SUBSET", "TOLL", "DEAD",
        "SINCE", "BETWEEN", "LATER",
    )},
}


def _check(obj: dict[str, Any], lang: str, where: str) -> dict[str, Any]:
    label = obj.get("label")
    if label not in LABELS:
        raise ValueError(f"{where}: unknown label {label!r}; known: {', '.join(sorted(LABELS))}")
    pattern = obj.get("pattern")
    if not isinstance(pattern, str) or not pattern.strip():
        raise ValueError(f"{where}: missing key 'pattern' (a non-empty regular expression)")
    try:
        re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise ValueError(f"{where}: pattern {pattern!r} is not a valid regular expression ({exc})") from None
    if obj.get("lang") != lang:
        raise ValueError(f"{where}: 'lang' must be {lang!r} in this file, got {obj.get('lang')!r}")
    extras = LABELS[label]
    allowed_keys = {"label", "pattern", "lang"} | {k.lstrip("?") for k in extras}
    unknown = sorted(set(obj) - allowed_keys)
    if unknown:
        raise ValueError(f"{where}: unknown key(s) {unknown} for label {label}")
    vocab = vocabulary()
    for key, values in extras.items():
        name = key.lstrip("?")
        if name not in obj:
            if key.startswith("?"):
                continue
            raise ValueError(f"{where}: label {label} needs key {name!r}")
        value = obj[name]
        choices = values if values is not None else {"type": vocab.types, "weapon": vocab.weapons, "context": vocab.contexts}.get(name)
        if not isinstance(value, str) or (choices is not None and value not in choices):
            raise ValueError(f"{where}: {name!r} must be one of {', '.join(choices or ())}, got {value!r}")
    return obj


def load_lexicon(lang: str, path: Path | None = None) -> list[dict[str, Any]]:
    """The validated cue entries of one language (`extract/data/lexicons/<lang>.jsonl`, or `path`)."""
    p = Path(path) if path else LEXICON_DIR / f"{lang}.jsonl"
    if not p.is_file():
        raise FileNotFoundError(f"no cue lexicon for language {lang!r} at {p}")
    return [_check(obj, lang, f"{p}:{lineno}") for lineno, obj in read_jsonl(p, error=ValueError)]


@lru_cache(maxsize=None)
def label_patterns(label: str, lang: str | None = None) -> tuple[str, ...]:
    """The patterns of one label, in file order: of a language's lexicon, or of all four when `lang` is None (for
    names written in either language, such as Brussels street names)."""
    if label not in LABELS:
        raise KeyError(f"unknown lexicon label {label!r}")
    langs = LANGUAGES if lang is None else (lang,)
    return tuple(dict.fromkeys(e["pattern"] for la in langs for e in load_lexicon(la) if e["label"] == label))


@lru_cache(maxsize=None)
def words_regex(template: str, lang: str | None = None, flags: int = re.IGNORECASE) -> re.Pattern:
    """`template` with each `{LABEL}` replaced by the alternation of that label's patterns (`label_patterns`; a
    label without patterns matches nothing), compiled once: the rule keeps the glue, the words are data."""
    def alternation(m: re.Match) -> str:
        patterns = label_patterns(m.group(1), lang)
        return "(?:" + "|".join(patterns) + ")" if patterns else "(?!)"
    return re.compile(re.sub(r"\{([A-Z_]+)\}", alternation, template), flags)
