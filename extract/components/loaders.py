"""Registered loaders that config files name to supply data at `nlp.initialize()` time."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from spacy.util import registry

from core.jsonl import read_jsonl as _read_jsonl
from gazetteer import load as load_gazetteer

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """A data file's objects; ValueError names the file:line of a malformed one."""
    return [obj for _, obj in _read_jsonl(path, error=ValueError)]


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
    return load_gazetteer(Path(path)) if path else load_gazetteer()


@registry.misc("incidents.gazetteer_patterns.v1")
def gazetteer_patterns(path: str | None = None) -> list[dict[str, Any]]:
    """EntityRuler patterns (COMMUNE, PLACE, POSTAL, OUTSIDE, BRUSSELS_AMBIGUOUS) of that gazetteer."""
    return list(gazetteer(path).entity_patterns())
