"""The `runs` table: running -> completed | failed | skipped, and abandoned runs closed by the next one."""

from __future__ import annotations

import datetime as dt

from warehouse import runs
from warehouse.db import connect


def test_a_run_is_recorded_running_then_closed_with_its_counts(db_path):
    started = runs.utcnow()
    runs.start_run(db_path, "r1", "nightly", started)
    assert runs.get_run(db_path, "r1")["status"] == "running"

    runs.finish_run(db_path, "r1", "completed", {"load": {"new": 3}})

    row = runs.get_run(db_path, "r1")
    assert row["status"] == "completed" and row["counts"] == {"load": {"new": 3}} and row["error"] is None
    assert row["started_at"] == started and row["ended_at"] >= started


def test_a_run_left_running_is_closed_as_abandoned_by_the_next_run_of_that_flow(db_path):
    runs.start_run(db_path, "killed", "nightly")
    runs.start_run(db_path, "other-flow", "reprocess")
    runs.start_run(db_path, "next", "nightly")

    killed = runs.get_run(db_path, "killed")
    assert killed["status"] == "failed" and killed["error"] == runs.ABANDONED
    assert runs.get_run(db_path, "other-flow")["status"] == "running"
    assert runs.get_run(db_path, "next")["status"] == "running"


def test_a_skipped_run_is_one_row_with_its_reason(db_path):
    runs.record_skipped(db_path, "late", "nightly", "late run", {"late_hours": 30})

    row = runs.get_run(db_path, "late")
    assert (row["status"], row["error"], row["counts"]) == ("skipped", "late run", {"late_hours": 30})
    assert runs.get_run(db_path, "missing") is None


def test_incidents_touched_counts_active_incidents_and_those_changed_since_per_commune(db_path):
    since = dt.datetime(2026, 3, 5, 4, 30, tzinfo=dt.timezone.utc)
    before, after = since - dt.timedelta(days=1), since + dt.timedelta(minutes=5)
    con = connect(db_path)
    try:
        for iid, commune, updated, status in [("i1", "Anderlecht", after, "active"), ("i2", "Anderlecht", after, "active"),
                                              ("i3", None, after, "active"), ("i4", "Ixelles", before, "active"),
                                              ("i5", "Ixelles", after, "retracted")]:
            con.execute("INSERT INTO incidents (incident_id, type, commune, first_seen, last_updated, status) "
                        "VALUES (?, 'shooting', ?, ?, ?, ?)", [iid, commune, before, updated, status])
        assert runs.incidents_touched(con, since) == {"incidents_total": 4,
                                                      "per_commune": {"Anderlecht": 2, "unknown": 1}}
    finally:
        con.close()
