"""Extraction tests run on a small fixture gazetteer (tests/extract/fixtures/mini_gazetteer.json), so they test the
extraction rules, not the contents of the project gazetteer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINI_GAZETTEER = FIXTURES / "mini_gazetteer.json"


@pytest.fixture(autouse=True)
def mini_gazetteer(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("INCIDENTS_GAZETTEER", str(MINI_GAZETTEER))
    return MINI_GAZETTEER


@pytest.fixture
def run():
    """Extract one fictional article: run(text, title="", lang="fr", published="2026-03-05") -> prediction."""
    from extract.api import extract_article

    def _run(text: str, title: str = "", lang: str = "fr", published: str | None = "2026-03-05",
             aid: str = "t-1") -> dict[str, Any]:
        return extract_article({"id": aid, "language": lang, "published": published, "title": title, "text": text})

    return _run
