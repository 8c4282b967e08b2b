"""The project gazetteer and blank fr/nl/en/de pipelines with its EntityRuler patterns, shared by the tests."""

from __future__ import annotations

import pytest
import spacy

import gazetteer
from gazetteer import load


@pytest.fixture(scope="session")
def gaz() -> gazetteer.Gazetteer:
    return load()


@pytest.fixture(scope="session")
def rulers(gaz: gazetteer.Gazetteer) -> dict[str, spacy.language.Language]:
    patterns = gaz.entity_patterns()
    out = {}
    for lang in ("fr", "nl", "en", "de"):
        nlp = spacy.blank(lang)
        nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"}).add_patterns(patterns)
        out[lang] = nlp
    return out
