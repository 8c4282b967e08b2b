"""Registered loaders that config files name to supply data at `nlp.initialize()` time."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from spacy.util import registry

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@registry.misc("incidents.lexicon.v1")
def lexicon(lang: str, path: str | None = None) -> list[dict[str, Any]]:
    """Cue patterns for one language: `extract/data/lexicons/<lang>.jsonl` (or `path`)."""
    p = Path(path) if path else DATA_DIR / "lexicons" / f"{lang}.jsonl"
    if not p.exists():
        raise FileNotFoundError(f"no cue lexicon for language {lang!r} at {p}")
    return read_jsonl(p)


@registry.misc("incidents.gazetteer.v1")
def gazetteer(path: str | None = None) -> Any:
    """The gazetteer: the project's `extract/data/gazetteer/`, or another data directory of that layout at `path`."""
    from extract.gazetteer import load

    return load(Path(path)) if path else load()


@registry.misc("incidents.gazetteer_patterns.v1")
def gazetteer_patterns(path: str | None = None) -> list[dict[str, Any]]:
    """EntityRuler patterns (COMMUNE, PLACE, POSTAL, OUTSIDE, BRUSSELS_AMBIGUOUS) of that gazetteer."""
    return list(gazetteer(path).entity_patterns())
