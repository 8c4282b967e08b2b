"""Registered loaders that config files name to supply data at `nlp.initialize()` time."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from spacy.util import registry

from extract.lexicon import load_lexicon
from gazetteer import load as load_gazetteer

@registry.misc("incidents.lexicon.v1")
def lexicon(lang: str, path: str | None = None) -> list[dict[str, Any]]:
    """Cue patterns for one language: `extract/data/lexicons/<lang>.jsonl` (or `path`), validated (extract.lexicon)."""
    return load_lexicon(lang, Path(path) if path else None)


@registry.misc("incidents.gazetteer.v1")
def gazetteer(path: str | None = None) -> Any:
    """The gazetteer: the project's `gazetteer/data/`, or another data directory of that layout at `path`."""
    return load_gazetteer(Path(path)) if path else load_gazetteer()


@registry.misc("incidents.gazetteer_patterns.v1")
def gazetteer_patterns(path: str | None = None) -> list[dict[str, Any]]:
    """EntityRuler patterns (COMMUNE, PLACE, POSTAL, OUTSIDE, BRUSSELS_AMBIGUOUS) of that gazetteer."""
    return list(gazetteer(path).entity_patterns())
