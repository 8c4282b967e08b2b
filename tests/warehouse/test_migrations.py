"""Migrations: fresh database, no-op re-apply, upgrade of an older file, rollback of a failing migration."""

from __future__ import annotations

import duckdb
import pytest

from warehouse import db as wdb

CORE_TABLES = {"articles", "article_revisions", "extractions", "mentions", "incidents", "incident_merges",
               "runs", "subscribers", "deliveries", "schema_version"}


def tables(con) -> set[str]:
    return {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}


def test_fresh_database_has_every_migration_and_core_table(db_path):
    con = wdb.connect(db_path)
    versions = [r[0] for r in con.execute("SELECT version FROM schema_version ORDER BY version").fetchall()]
    assert versions == [v for v, _, _ in wdb.migrations()]
    assert versions[0] == 1
    assert CORE_TABLES <= tables(con)
    con.close()


def test_applying_twice_is_a_noop(db_path):
    wdb.connect(db_path).close()
    con = wdb.connect(db_path)
    assert wdb.migrate(con) == []
    n = con.execute("SELECT count(*) FROM schema_version").fetchone()[0]
    assert n == len(wdb.migrations())
    con.close()


def test_upgrade_keeps_data_and_applies_only_the_new_migrations(db_path, monkeypatch):
    all_migrations = wdb.migrations()
    con = duckdb.connect(str(db_path.parent.mkdir(parents=True) or db_path))
    monkeypatch.setattr(wdb, "migrations", lambda: all_migrations[:1])
    assert wdb.migrate(con) == [all_migrations[0][1]]
    con.execute("INSERT INTO runs (run_id, flow, started_at, status) VALUES ('r1', 'nightly', now(), 'completed')")
    monkeypatch.setattr(wdb, "migrations", lambda: all_migrations + [(9999, "9999_extra.sql", "CREATE TABLE extra (x INT);")])
    applied = wdb.migrate(con)
    assert applied == [name for _, name, _ in all_migrations[1:]] + ["9999_extra.sql"]
    assert con.execute("SELECT run_id FROM runs").fetchall() == [("r1",)]
    assert "extra" in tables(con)
    con.close()


def test_failing_migration_rolls_back_and_is_not_recorded(db_path, monkeypatch):
    good = wdb.migrations()
    bad = (9998, "9998_broken.sql", "CREATE TABLE half_done (x INT); CREATE TABLE oops (;")
    monkeypatch.setattr(wdb, "migrations", lambda: good + [bad])
    with pytest.raises(duckdb.Error):
        wdb.connect(db_path)
    monkeypatch.setattr(wdb, "migrations", lambda: good)
    con = wdb.connect(db_path)
    assert "half_done" not in tables(con)
    assert 9998 not in {r[0] for r in con.execute("SELECT version FROM schema_version").fetchall()}
    con.close()


def test_migration_files_are_numbered_and_views_build_in_memory():
    names = [name for _, name, _ in wdb.migrations()]
    assert names == sorted(names)
    con = wdb.connect(":memory:")
    views = {r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    assert {name for name, _ in wdb.view_files()} <= views


def test_read_only_connection_requires_existing_file(tmp_path):
    from core.errors import UserError

    with pytest.raises(UserError, match="no such database"):
        wdb.connect(tmp_path / "missing.duckdb", read_only=True)


def test_not_a_database_is_a_user_error(tmp_path):
    from core.errors import UserError

    junk = tmp_path / "junk.duckdb"
    junk.write_bytes(b"this is not a duckdb file" * 100)
    with pytest.raises(UserError, match="cannot open"):
        wdb.connect(junk)
