"""Build (once per process) the spaCy pipeline of a language from extract/config/pipeline.cfg."""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

import extract.components  # noqa: F401  (registers the incidents_* factories and loaders)

CONFIG = Path(__file__).resolve().parent / "config" / "pipeline.cfg"
LANGUAGES = ("fr", "nl", "en", "de")
_lock = threading.Lock()


def build_pipeline(lang: str, gazetteer_path: str | None = None) -> Language:
    """A fresh, initialized pipeline for `lang` (fr, nl, en, de)."""
    if lang not in LANGUAGES:
        raise ValueError(f"no pipeline for language {lang!r}; supported: {', '.join(LANGUAGES)}")
    config = spacy.util.load_config(CONFIG, overrides={"nlp.lang": lang, "paths.gazetteer": gazetteer_path},
                                    interpolate=False)
    nlp = spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
    nlp.initialize()
    return nlp


@lru_cache(maxsize=None)
def _cached(lang: str, gazetteer_path: str | None) -> Language:
    return build_pipeline(lang, gazetteer_path)


def get_pipeline(lang: str, gazetteer_path: str | None = None) -> Language:
    """The process-wide pipeline for `lang` (built on first use). The gazetteer is the project's, unless
    `gazetteer_path` names another gazetteer data directory (the layout of extract/data/gazetteer)."""
    with _lock:
        return _cached(lang, gazetteer_path)
