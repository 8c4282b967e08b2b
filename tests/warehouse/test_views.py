"""Analyst views over a small fictional warehouse."""

from __future__ import annotations

import datetime as dt

import pytest

from incidents.cli.warehouse import run_query
from warehouse.db import build_views, connect

T = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
TODAY = dt.date.today()


def _incident(con, iid, kind, date, commune, killed=0, injured=1, status="active"):
    con.execute(
        "INSERT INTO incidents (incident_id, type, date, commune, police_zone, place, killed, injured, weapon,"
        " confidence, sources_count, first_seen, last_updated, status, provenance, mentions_count)"
        " VALUES (?, ?, ?, ?, NULL, NULL, ?, ?, NULL, 0.9, 1, ?, ?, ?, '{}', 1)",
        [iid, kind, date, commune, killed, injured, T, T, status])


def _source(con, iid, article_id, outlet, published):
    con.execute("INSERT INTO articles (article_id, url, outlet, language, published_date, title, text, content_hash,"
                " fetched_at, first_seen) VALUES (?, ?, ?, 'fr', ?, 't', 'fictional', 'h', ?, ?)",
                [article_id, f"https://{outlet}/{article_id}", outlet, published, T, T])
    con.execute("INSERT INTO mentions (mention_id, article_id, ordinal, extractor_version, type, incident_id,"
                " created_at) VALUES (?, ?, 0, 'test', 'shooting', ?, ?)", [f"{article_id}:0", article_id, iid, T])


@pytest.fixture
def con():
    c = connect(":memory:")
    _incident(c, "I1", "shooting", dt.date(2023, 1, 10), "Anderlecht", killed=1, injured=0)
    _incident(c, "I2", "shooting", dt.date(2023, 1, 12), "Anderlecht")
    _incident(c, "I3", "stabbing", dt.date(2023, 3, 2), "Jette")
    _incident(c, "I4", "shooting", dt.date(2023, 3, 2), None)
    _incident(c, "M1", "shooting", dt.date(2023, 2, 1), "Evere", status="merged")
    _incident(c, "R1", "shooting", dt.date(2023, 2, 1), "Evere", status="retracted")
    _source(c, "I1", "a1", "bxl-matin.example.org", dt.date(2023, 1, 11))
    _source(c, "I1", "a2", "stadskrant.example.org", dt.date(2023, 1, 11))
    yield c
    c.close()


def test_every_view_is_built():
    con = connect(":memory:")
    assert build_views(con) == ["active_incidents", "incident_sources", "daily_counts", "monthly_counts_by_commune",
                                "shootings_by_year", "recent_incidents", "outlet_health"]


def test_active_incidents_leave_out_merged_and_retracted(con):
    ids = [r[0] for r in con.execute("SELECT incident_id FROM active_incidents ORDER BY 1").fetchall()]
    assert ids == ["I1", "I2", "I3", "I4"]


def test_monthly_counts_include_every_commune_and_month(con):
    rows = con.execute("SELECT month, commune, incidents, shootings, killed FROM monthly_counts_by_commune").fetchall()
    months = sorted({r[0] for r in rows})
    assert months == [dt.date(2023, 1, 1), dt.date(2023, 2, 1), dt.date(2023, 3, 1)]  # February: no incident
    assert len(rows) == 3 * 19
    by = {(r[0], r[1]): r[2:] for r in rows}
    assert by[(dt.date(2023, 1, 1), "Anderlecht")] == (2, 2, 1)
    assert by[(dt.date(2023, 3, 1), "Jette")] == (1, 0, 0)
    assert by[(dt.date(2023, 2, 1), "Evere")] == (0, 0, 0)  # merged and retracted incidents do not count
    assert sum(r[2] for r in rows) == 3  # the incident without a commune is in no commune row


def test_daily_counts_are_zero_filled(con):
    rows = con.execute("SELECT date, incidents, shootings, stabbings FROM daily_counts").fetchall()
    assert rows[0] == (dt.date(2023, 1, 10), 1, 1, 0) and rows[-1] == (dt.date(2023, 3, 2), 2, 1, 1)
    assert len(rows) == (dt.date(2023, 3, 2) - dt.date(2023, 1, 10)).days + 1
    assert dict((r[0], r[1]) for r in rows)[dt.date(2023, 1, 11)] == 0


def test_shootings_by_year_beside_the_prosecutor(con):
    rows = {r[0]: r[1:] for r in con.execute(
        "SELECT year, shootings, prosecutor_shootings, coverage, articles FROM shootings_by_year").fetchall()}
    assert rows[2023] == (3, 62, round(3 / 62, 3), 2)
    assert rows[2022] == (0, 56, 0.0, 0) and rows[2024] == (0, 89, 0.0, 0)


def test_incident_sources_and_recent_incidents(con):
    src = con.execute("SELECT incident_id, outlet, url, published FROM incident_sources ORDER BY outlet").fetchall()
    assert [s[1] for s in src] == ["bxl-matin.example.org", "stadskrant.example.org"] and src[0][0] == "I1"
    _incident(con, "NOW", "shooting", TODAY - dt.timedelta(days=3), "Uccle")
    _incident(con, "OLD", "shooting", TODAY - dt.timedelta(days=45), "Uccle")
    _source(con, "NOW", "n1", "brussels-daily.example.org", TODAY)
    recent = con.execute("SELECT incident_id, outlets FROM recent_incidents").fetchall()
    assert recent == [("NOW", ["brussels-daily.example.org"])]


def test_views_answer_read_only_queries(tmp_path):
    db = tmp_path / "w.duckdb"
    writer = connect(db)
    _incident(writer, "I1", "shooting", dt.date(2023, 1, 10), "Anderlecht")
    writer.close()
    cols, rows = run_query(db, "SELECT commune, incidents FROM monthly_counts_by_commune WHERE incidents > 0")
    assert cols == ["commune", "incidents"] and rows == [("Anderlecht", 1)]
