"""`incidents sql` is read-only for real: it writes nowhere, loads no extension, cannot re-open the warehouse
read-write, reads no local file, and never shows subscribers' personal data (issue 14)."""

from __future__ import annotations

import duckdb
import pytest

from incidents.cli.warehouse import run_query
from tests.test_cli import assert_one_line_error, run
from warehouse.analyst import PERSONAL_TABLES
from warehouse.db import connect


@pytest.fixture
def warehouse(tmp_path):
    db = tmp_path / "w.duckdb"
    con = connect(db)
    con.execute("INSERT INTO subscribers (subscriber_id, email, unsubscribe_token, created_at) "
                "VALUES ('s1', 'reader@example.org', 'secret-token', now())")
    con.close()
    return db


def subscribers(db) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT email, unsubscribe_token FROM subscribers").fetchall()
    finally:
        con.close()


def test_copy_export_and_attach_write_nothing(warehouse, tmp_path):
    other = tmp_path / "other.duckdb"
    con = duckdb.connect(str(other))
    con.execute("CREATE TABLE articles AS SELECT 1 AS x")
    con.close()
    attacks = {
        f"COPY (SELECT 1) TO '{tmp_path / 'x.csv'}'": tmp_path / "x.csv",
        f"EXPORT DATABASE '{tmp_path / 'd'}'": tmp_path / "d",
        f"ATTACH '{tmp_path / 'new.duckdb'}' AS n (READ_WRITE)": tmp_path / "new.duckdb",
    }
    for sql, target in attacks.items():
        assert_one_line_error(run("sql", sql, "--db", str(warehouse)), 1, "error: ")
        assert not target.exists(), sql
    assert_one_line_error(run("sql", f"ATTACH '{other}' AS o (READ_WRITE)", "--db", str(warehouse)), 1, "")
    assert_one_line_error(run("sql", f"ATTACH '{other}' AS o (READ_WRITE); DROP TABLE o.articles",
                              "--db", str(warehouse)), 1, "")
    assert duckdb.connect(str(other), read_only=True).execute("SELECT x FROM articles").fetchall() == [(1,)]


def test_reattaching_the_warehouse_read_write_fails(warehouse, tmp_path):
    trick = (f"ATTACH '{tmp_path / 'pv.duckdb'}' AS pv (READ_WRITE); USE pv; DETACH w; "
             f"ATTACH '{warehouse}' AS w2 (READ_WRITE); DELETE FROM w2.subscribers")
    assert_one_line_error(run("sql", trick, "--db", str(warehouse)), 1, "")
    for step in trick.split("; "):
        assert_one_line_error(run("sql", step, "--db", str(warehouse)), 1, "")
    assert not (tmp_path / "pv.duckdb").exists()
    assert subscribers(warehouse) == [("reader@example.org", "secret-token")]


@pytest.mark.parametrize("sql", [
    "INSTALL httpfs", "LOAD httpfs", "SET enable_external_access = true", "RESET lock_configuration",
    "SELECT * FROM read_csv('/etc/passwd')", "SELECT * FROM read_text('/etc/hostname')",
    "SELECT * FROM glob('/etc/*')", "SELECT * FROM 'https://example.org/x.csv'",
    "CHECKPOINT", "CALL pragma_storage_info('subscribers')", "PRAGMA enable_profiling",
])
def test_no_extension_no_setting_no_local_file(warehouse, sql):
    assert_one_line_error(run("sql", sql, "--db", str(warehouse)), 1, "error: ")


@pytest.mark.parametrize("sql", [
    "SELECT * FROM subscribers",
    "SELECT email FROM main.subscribers",
    "SELECT (SELECT max(email) FROM w.subscribers)",
    "SELECT count(*) FROM subscribers",
    "WITH subscribers AS (SELECT * FROM subscribers) SELECT email FROM subscribers",
    "SELECT 1 WHERE EXISTS (SELECT 1 FROM subscribers WHERE email LIKE 'r%')",
    "SELECT * FROM query('SELECT email FROM subscribers')",
    "SELECT * FROM query_table('subscribers')",
    "SUMMARIZE subscribers",
    "SELECT * FROM pragma_storage_info('subscribers')",
    "SELECT * FROM deliveries",
    "SELECT * FROM delivered_incidents",
    "SELECT a.title FROM articles a, subscribers s",
])
def test_subscribers_personal_data_is_out_of_reach(warehouse, sql):
    proc = run("sql", sql, "--db", str(warehouse), "--format", "csv")
    assert_one_line_error(proc, 1, "not open to analysts")
    assert "reader@example.org" not in proc.stdout + proc.stderr
    assert "secret-token" not in proc.stdout + proc.stderr


def test_analyst_views_and_tables_still_answer(warehouse):
    for sql in ("SELECT * FROM active_incidents", "SELECT * FROM incident_sources", "SELECT * FROM daily_counts",
                "SELECT * FROM monthly_counts_by_commune", "SELECT * FROM shootings_by_year",
                "SELECT * FROM recent_incidents", "SELECT count(*) FROM articles", "SELECT * FROM communes",
                "DESCRIBE articles", "SHOW TABLES", "SELECT * FROM range(3)", "SELECT 1;"):
        run_query(warehouse, sql)
    assert run_query(warehouse, "SELECT count(*) AS n FROM communes") == (["n"], [(19,)])


def test_every_table_with_personal_data_is_listed(warehouse):
    """A new table naming a subscriber, an email or a token must be added to PERSONAL_TABLES."""
    con = duckdb.connect(str(warehouse), read_only=True)
    personal = {t for (t,) in con.execute(
        "SELECT DISTINCT table_name FROM duckdb_columns() WHERE NOT internal AND "
        "regexp_matches(column_name, 'subscriber|email|token|password')").fetchall()}
    tables = {t for (t,) in con.execute("SELECT table_name FROM duckdb_tables() WHERE NOT internal").fetchall()}
    con.close()
    assert personal and personal <= set(PERSONAL_TABLES) <= tables
