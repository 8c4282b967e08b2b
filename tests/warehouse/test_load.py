"""Idempotent, transactional loads of articles, extractions and mentions."""

from __future__ import annotations

import pytest

from core.errors import UserError
from core.schema import BadArticle
from warehouse import load
from warehouse.db import connect

ARTICLES = [
    {"id": "t-1", "url": "https://news.example.org/a/1", "outlet": "news.example.org", "language": "fr",
     "published": "2026-03-05", "title": "Coups de feu à Anderlecht", "text": "Des coups de feu ont été tirés mercredi soir."},
    {"id": "t-2", "url": "https://news.example.org/a/2", "outlet": "news.example.org", "language": "nl",
     "published": "2026-03-05T07:30:00+01:00", "title": "Schietpartij", "text": "Gisteravond werd geschoten in Molenbeek."},
]


@pytest.fixture
def con(db_path):
    c = connect(db_path)
    yield c
    c.close()


def count(con, table: str) -> int:
    return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_loading_twice_is_idempotent(con):
    assert load.upsert_articles(con, ARTICLES).as_dict() == {"new": 2, "updated": 0, "unchanged": 0}
    assert load.upsert_articles(con, ARTICLES).as_dict() == {"new": 0, "updated": 0, "unchanged": 2}
    assert count(con, "articles") == 2
    assert count(con, "article_revisions") == 0


def test_published_timestamp_and_day_are_stored_in_brussels_time(con):
    load.upsert_articles(con, ARTICLES)
    day, ts = con.execute("SELECT published_date, published_at FROM articles WHERE article_id = 't-2'").fetchone()
    assert str(day) == "2026-03-05"
    assert ts is not None
    assert con.execute("SELECT published_at FROM articles WHERE article_id = 't-1'").fetchone()[0] is None


def test_changed_article_keeps_its_old_text_as_a_revision(con):
    load.upsert_articles(con, ARTICLES)
    changed = dict(ARTICLES[0], text=ARTICLES[0]["text"] + " Un homme a été blessé.")
    assert load.upsert_articles(con, [changed]).updated == 1
    assert con.execute("SELECT text FROM articles WHERE article_id = 't-1'").fetchone()[0].endswith("blessé.")
    assert con.execute("SELECT text FROM article_revisions WHERE article_id = 't-1'").fetchone()[0] == ARTICLES[0]["text"]


def test_reusing_an_id_for_another_url_is_refused(con):
    load.upsert_articles(con, ARTICLES)
    with pytest.raises(UserError, match="already stored"):
        load.upsert_articles(con, [dict(ARTICLES[0], url="https://other.example.org/x")])


def test_a_failure_mid_load_leaves_the_previous_state(con, monkeypatch):
    load.upsert_articles(con, ARTICLES[:1])
    real_execute = type(con).execute
    calls = {"n": 0}

    class Boom(RuntimeError):
        pass

    def flaky(self, sql, *args, **kwargs):
        if isinstance(sql, str) and sql.startswith("INSERT INTO articles"):
            raise Boom("disk full")
        return real_execute(self, sql, *args, **kwargs)

    changed = dict(ARTICLES[0], text="rewritten")
    wrapper = _ConnectionProxy(con, flaky)
    with pytest.raises(Boom):
        load.upsert_articles(wrapper, [changed, ARTICLES[1]])
    assert count(con, "articles") == 1
    assert count(con, "article_revisions") == 0
    assert con.execute("SELECT text FROM articles").fetchone()[0] == ARTICLES[0]["text"]


class _ConnectionProxy:
    """Delegates to a DuckDB connection but routes execute() through a hook (to inject failures)."""

    def __init__(self, con, execute_hook):
        self._con, self._hook = con, execute_hook

    def execute(self, sql, *args, **kwargs):
        return self._hook(self._con, sql, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._con, name)


def test_extractions_replace_mentions_and_track_versions(con):
    load.upsert_articles(con, ARTICLES)
    assert len(load.articles_needing_extraction(con, "v1")) == 2
    pred = {"id": "t-1", "in_scope": True, "incidents": [
        {"type": "shooting", "date": "2026-03-04", "commune": "Anderlecht", "place": None, "killed": 0,
         "injured": None, "weapon": "firearm", "confidence": 0.8, "evidence": [{"text": "x", "start": 0, "end": 1}]}]}
    failed = {"id": "t-2", "in_scope": False, "incidents": [], "error": "ValueError: boom"}
    assert load.store_extractions(con, [pred, failed], "v1") == 1
    assert load.articles_needing_extraction(con, "v1") == []
    assert con.execute("SELECT error FROM extractions WHERE article_id = 't-2'").fetchone()[0] == "ValueError: boom"
    # a new extractor version re-extracts everything and replaces mentions rather than adding to them
    assert len(load.articles_needing_extraction(con, "v2")) == 2
    load.store_extractions(con, [pred, pred | {"id": "t-2"}], "v2")
    assert count(con, "mentions") == 2
    assert {r[0] for r in con.execute("SELECT extractor_version FROM mentions").fetchall()} == {"v2"}
    # a changed article needs extraction again
    load.upsert_articles(con, [dict(ARTICLES[0], text="nouveau texte")])
    assert [a["id"] for a in load.articles_needing_extraction(con, "v2")] == ["t-1"]


def test_prediction_for_unknown_article_is_refused(con):
    with pytest.raises(UserError, match="unknown article"):
        load.store_extractions(con, [{"id": "nope", "in_scope": False, "incidents": []}], "v1")


@pytest.mark.parametrize("published", ["0001-01-01T00:00:00+00:00", "9999-12-31", "9999-12-31T23:59:59+00:00"])
def test_the_warehouse_refuses_dates_it_cannot_compute_with(con, published):
    """Whatever the caller, an article dated at the calendar's edge is not stored (issue 14); an article dated
    ahead of today (fictional gold) is."""
    with pytest.raises(BadArticle, match="published out of range|outside"):
        load.upsert_articles(con, [dict(ARTICLES[0], published=published), ARTICLES[1]])
    assert count(con, "articles") == 0
    load.upsert_articles(con, [dict(ARTICLES[0], published="2030-01-07")])
    assert count(con, "articles") == 1
