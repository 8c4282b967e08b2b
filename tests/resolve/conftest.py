"""A fresh in-memory warehouse and a helper that files a fictional article with its extracted mentions."""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable

import pytest

from warehouse.db import connect
from warehouse.load import store_extractions, upsert_articles

T0 = dt.datetime(2026, 3, 1, 6, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def con():
    c = connect(":memory:")
    yield c
    c.close()


@pytest.fixture
def mention() -> Callable[..., dict[str, Any]]:
    """mention(**facts): a mention as the extractor emits it (default: a shooting in Anderlecht on 4 March)."""

    def make(**kw: Any) -> dict[str, Any]:
        base = {"type": "shooting", "date": "2026-03-04", "commune": "Anderlecht", "place": None, "killed": None,
                "injured": None, "weapon": "firearm", "confidence": 0.8}
        base.update(kw)
        return base

    return make


@pytest.fixture
def report(con) -> Callable[..., str]:
    """report(article_id, published, *mentions, day=N, outlet=..., language=...) files one fictional article
    (first seen N days after T0, so later calls are later reports) and replaces its mentions."""

    def add(article_id: str, published: str | None, *mentions: dict[str, Any], day: float = 0,
            outlet: str = "bxl-matin.example.org", language: str = "fr") -> str:
        upsert_articles(con, [{"id": article_id, "url": f"https://{outlet}/{article_id}", "outlet": outlet,
                               "language": language, "published": published, "title": f"Fictional {article_id}",
                               "text": f"Fictional report {article_id}."}],
                        fetched_at=T0 + dt.timedelta(days=day))
        store_extractions(con, [{"id": article_id, "in_scope": bool(mentions), "incidents": list(mentions)}], "test")
        return article_id

    return add


@pytest.fixture
def incidents_of(con) -> Callable[[], dict[str, str]]:
    """mention_id -> incident_id after resolution."""
    return lambda: dict(con.execute("SELECT mention_id, incident_id FROM mentions ORDER BY mention_id").fetchall())
