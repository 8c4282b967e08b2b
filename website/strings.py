"""The site's wording per language (website/strings.toml) with the type and weapon labels (core/data/labels.toml)."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

from core.vocabulary import LANGUAGES, labels

STRINGS_FILE = "strings.toml"


def parse(raw: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Validate the strings table: the three languages, each with the same keys; add the labels."""
    if set(raw) != set(LANGUAGES):
        raise ValueError(f"website/{STRINGS_FILE}: languages {sorted(raw)}, expected {list(LANGUAGES)}")
    keys = {lang: set(raw[lang]) for lang in LANGUAGES}
    for lang in LANGUAGES:
        if keys[lang] != keys[LANGUAGES[0]]:
            diff = sorted(keys[lang] ^ keys[LANGUAGES[0]])
            raise ValueError(f"website/{STRINGS_FILE}: [{lang}] and [{LANGUAGES[0]}] differ in keys {diff}")
        if len(raw[lang]["months"]) != 12:
            raise ValueError(f"website/{STRINGS_FILE}: [{lang}] months must list 12 names")
    return {lang: {**raw[lang], **labels()[lang]} for lang in LANGUAGES}


@cache
def strings() -> dict[str, dict[str, Any]]:
    return parse(tomllib.loads((resources.files("website") / STRINGS_FILE).read_text(encoding="utf-8")))
