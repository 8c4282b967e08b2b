"""Bulk storing of extractions stores exactly what the former row-by-row code stored (issue 14), pass after
pass: first extraction, resolution, the same extraction again, re-extraction with changed, dropped and added
mentions, an extraction error, an incident merged away."""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

import pytest

from core.errors import UserError
from resolve.resolver import resolve
from warehouse.db import connect
from warehouse.load import store_extractions, upsert_articles

BENCH = Path(__file__).resolve().parents[2] / "bench" / "store.py"
T0 = dt.datetime(2026, 3, 1, 6, 0, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_store", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def snapshot(con) -> dict[str, list[tuple]]:
    return {table: con.execute(f"SELECT * EXCLUDE ({key}), {key} FROM {table} ORDER BY {key}").fetchall()
            for table, key in (("extractions", "article_id"), ("mentions", "mention_id"),
                               ("incidents", "incident_id"))}


def test_bulk_stores_exactly_what_row_by_row_stored(bench, tmp_path):
    articles = bench.fictional_articles(300)
    first = bench.fictional_predictions(articles)
    again = bench.fictional_predictions(articles)
    changed = bench.fictional_predictions(articles, seed=7, changed=0.3)
    changed[0] = {"id": changed[0]["id"], "in_scope": False, "incidents": [], "error": "ValueError: fictional"}
    for pred in changed[1:40:3]:  # mentions dropped, and added
        pred["incidents"] = pred["incidents"][:1] if len(pred["incidents"]) > 1 else pred["incidents"] * 2
    results = []
    for name, store in (("old", bench.store_extractions_row_by_row), ("new", store_extractions)):
        con = connect(tmp_path / f"{name}.duckdb")
        upsert_articles(con, articles, fetched_at=T0)
        counts = [store(con, first, "v1", now=T0)]
        resolve(con, now=T0)
        counts.append(store(con, again, "v1", now=T0 + dt.timedelta(hours=1)))
        # an incident merged away: re-extracted mentions carry the surviving id as their prior
        loser, survivor = con.execute("SELECT incident_id FROM incidents ORDER BY incident_id LIMIT 2").fetchall()
        con.execute("INSERT INTO incident_merges VALUES (?, ?, ?, 'test')", [loser[0], survivor[0], T0])
        counts.append(store(con, changed, "v2", now=T0 + dt.timedelta(hours=2)))
        hashes = {a["id"]: "fictional-hash" for a in articles[:50]}
        counts.append(store(con, changed[:50], "v3", hashes=hashes, now=T0 + dt.timedelta(hours=3)))
        results.append((counts, snapshot(con)))
        con.close()
    (old_counts, old_rows), (new_counts, new_rows) = results
    assert new_counts == old_counts
    assert any(row[-2] for row in new_rows["mentions"])  # some prior_incident_ids (the column before mention_id)
    for table in old_rows:
        assert new_rows[table] == old_rows[table], table


def test_unknown_article_is_refused_and_nothing_stored(tmp_path):
    con = connect(tmp_path / "w.duckdb")
    upsert_articles(con, [{"id": "a1", "url": "https://e.example.org/1", "text": "Fictional."}])
    with pytest.raises(UserError, match="prediction for unknown article 'zz'"):
        store_extractions(con, [{"id": "a1", "in_scope": False, "incidents": []},
                                {"id": "zz", "in_scope": False, "incidents": []}], "v1")
    assert con.execute("SELECT count(*) FROM extractions").fetchone() == (0,)


@pytest.mark.parametrize("store_name", ["bulk", "row_by_row"])
def test_storing_takes_as_many_statements_for_ten_articles_as_for_a_thousand(bench, tmp_path, store_name):
    """Storing is bulk: the number of statements does not grow with the batch (the row-by-row baseline's did,
    about 4.7 ms an article)."""
    from tests.warehouse.test_load import _ConnectionProxy

    store = store_extractions if store_name == "bulk" else bench.store_extractions_row_by_row
    statements = []
    for n in (10, 300):
        con = connect(tmp_path / f"{n}.duckdb")
        articles = bench.fictional_articles(n)
        upsert_articles(con, articles, fetched_at=T0)
        calls = [0]

        def counting(real, sql, *args, **kwargs):
            calls[0] += 1
            return real.execute(sql, *args, **kwargs)

        for version in ("v1", "v2"):
            store(_ConnectionProxy(con, counting), bench.fictional_predictions(articles, changed=0.2), version, now=T0)
        statements.append(calls[0])
        con.close()
    if store_name == "bulk":
        assert statements[0] == statements[1] < 20
    else:
        assert statements[1] > 10 * statements[0]
