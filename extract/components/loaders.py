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


class MiniGazetteer:
    """A small stand-in with the project gazetteer's API, read from one JSON file (tests, experiments):
    {"communes": {id: canonical name}, "places": {id: commune name or null}, "postal": {code: commune name},
     "patterns": [EntityRuler patterns]}."""

    def __init__(self, path: Path):
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        self._communes = data.get("communes", {})
        self._places = data.get("places", {})
        self._postal = data.get("postal", {})
        self._patterns = data.get("patterns", [])

    def entity_patterns(self) -> list[dict[str, Any]]:
        return list(self._patterns)

    def commune(self, name_or_id: str) -> Any:
        name = self._communes.get(name_or_id) or (name_or_id if name_or_id in self._communes.values() else None)
        return _Named(name) if name else None

    def commune_for_postal(self, code: str) -> Any:
        name = self._postal.get(code)
        return _Named(name) if name else None

    def place(self, place_id: str) -> Any:
        if place_id not in self._places:
            return None
        commune = self._places[place_id]
        return _Place(place_id, commune)


class _Named:
    def __init__(self, name: str):
        self.name = name
        self.police_zone = None


class _Place:
    def __init__(self, name: str, commune: str | None):
        self.name, self.commune, self.kind = name, commune, "place"
        self.communes = [commune] if commune else []


@registry.misc("incidents.gazetteer.v1")
def gazetteer(path: str | None = None) -> Any:
    """The gazetteer: the project's (`extract.gazetteer.load()`), or a `MiniGazetteer` JSON file at `path`."""
    if path:
        return MiniGazetteer(Path(path))
    from extract.gazetteer import load

    return load()


@registry.misc("incidents.gazetteer_patterns.v1")
def gazetteer_patterns(path: str | None = None) -> list[dict[str, Any]]:
    """EntityRuler patterns (COMMUNE, PLACE, POSTAL, OUTSIDE, BRUSSELS_AMBIGUOUS) of that gazetteer."""
    return list(gazetteer(path).entity_patterns())
