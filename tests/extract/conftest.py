"""Extraction tests run the production pipelines (project gazetteer included) on fictional sentences."""

from __future__ import annotations

import functools
from typing import Any

import pytest


@pytest.fixture
def run():
    """Extract one fictional article: run(text, title="", lang="fr", published="2026-03-05") -> prediction."""
    from extract.api import extract_article

    def _run(text: str, title: str = "", lang: str = "fr", published: str | None = "2026-03-05",
             aid: str = "t-1") -> dict[str, Any]:
        return extract_article({"id": aid, "language": lang, "published": published, "title": title, "text": text})

    return _run


@pytest.fixture
def run_project(run):
    """`run`, published on 2026-06-10 unless told (the day the rule tests are written for)."""
    return functools.partial(run, published="2026-06-10")
