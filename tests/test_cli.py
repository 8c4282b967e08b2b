"""The `incidents` console script: help for every subcommand, one-line errors, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from warehouse.db import connect

BIN = Path(sys.executable).with_name("incidents")
SUBCOMMANDS = ["demo", "run", "parse", "serve", "backfill", "crawl", "extract", "eval", "sql", "subscribers",
               "digest", "stats", "export", "site", "web"]


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN), *args], capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {})})


def assert_one_line_error(proc: subprocess.CompletedProcess, code: int, needle: str) -> None:
    assert proc.returncode == code, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = [l for l in proc.stderr.splitlines() if l.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ") and needle in lines[0], proc.stderr


@pytest.mark.parametrize("sub", SUBCOMMANDS)
def test_every_subcommand_has_help(sub):
    proc = run(sub, "--help")
    assert proc.returncode == 0, proc.stderr
    assert "Usage" in proc.stdout


def test_unknown_subcommand_exits_2():
    proc = run("frobnicate")
    assert proc.returncode == 2
    assert "No such command" in proc.stderr


def test_sql_on_missing_database_is_one_line(tmp_path):
    assert_one_line_error(run("sql", "SELECT 1", "--db", str(tmp_path / "none.duckdb")), 1, "no such database")


def test_sql_uses_incidents_db_env_and_formats(tmp_path):
    db = tmp_path / "w.duckdb"
    connect(db).close()
    proc = run("sql", "SELECT 42 AS answer, DATE '2026-03-05' AS day", "--format", "json", env={"INCIDENTS_DB": str(db)})
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == {"answer": 42, "day": "2026-03-05"}
    proc = run("sql", "SELECT 1 AS a, 'x,y' AS b", "--format", "csv", "--db", str(db))
    assert proc.stdout.splitlines() == ["a,b", '1,"x,y"']


def test_sql_error_is_one_line(tmp_path):
    db = tmp_path / "w.duckdb"
    connect(db).close()
    assert_one_line_error(run("sql", "SELECT nope FROM nowhere", "--db", str(db)), 1, "query failed")


def test_unreadable_database_is_one_line(tmp_path):
    junk = tmp_path / "junk.duckdb"
    junk.write_bytes(b"garbage" * 1000)
    assert_one_line_error(run("sql", "SELECT 1", "--db", str(junk)), 1, "cannot open")


GOOD_ARTICLE = {"id": "a", "url": "https://e.example.org/a", "outlet": "e", "language": "fr", "published": None,
                "title": "", "text": "Rien."}


def test_bad_lines_are_skipped_by_line_and_the_good_ones_stored(tmp_path):
    """One bad article costs only itself: each is named with its line and counted, the rest are extracted and
    stored (issue 14)."""
    bad = tmp_path / "bad.jsonl"
    lines = [json.dumps(GOOD_ARTICLE).encode(), b"", b"{oops", b'{"id": "u", "text": "\xff"}',
             json.dumps(dict(GOOD_ARTICLE, id="t", url="https://e.example.org/t", title=5)).encode(),
             json.dumps(dict(GOOD_ARTICLE, id="p", url="https://e.example.org/p", published=20261116)).encode(),
             json.dumps(dict(GOOD_ARTICLE, id="y", url="https://e.example.org/y",
                             published="0001-01-01T00:00:00+00:00")).encode(),
             json.dumps(dict(GOOD_ARTICLE, id="b", url="https://e.example.org/b")).encode()]
    bad.write_bytes(b"\n".join(lines) + b"\n")
    db = tmp_path / "w.duckdb"
    proc = run("extract", "--input", str(bad), "--output", str(tmp_path / "p.jsonl"), "--db", str(db))
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    warnings = proc.stderr.splitlines()
    assert [w.split(": ")[1] for w in warnings] == [f"skipped {bad}:{n}" for n in (3, 4, 5, 6, 7)], warnings
    assert "2 articles" in proc.stdout and "5 input lines skipped" in proc.stdout
    assert "bad published: 1, bad title: 1, published out of range: 1, unreadable line: 2" in proc.stdout
    assert [json.loads(l)["id"] for l in (tmp_path / "p.jsonl").read_text().splitlines()] == ["a", "b"]
    assert connect(db).execute("SELECT article_id FROM articles ORDER BY 1").fetchall() == [("a",), ("b",)]


def test_input_without_any_good_article_is_one_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{oops\n", encoding="utf-8")
    proc = run("extract", "--input", str(bad), "--output", str(tmp_path / "p.jsonl"))
    assert proc.returncode == 1 and proc.stderr.splitlines()[-1].startswith("error: ")
    assert "no valid article" in proc.stderr and "unreadable line: 1" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("command, env, needle", [
    ("digest", {"INCIDENTS_SMTP_PORT": "abc"}, "INCIDENTS_SMTP_PORT='abc'"),
    ("digest", {"INCIDENTS_SMTP_PORT": "70000"}, "INCIDENTS_SMTP_PORT='70000'"),
    ("digest", {"INCIDENTS_SMTP_SECURITY": "tls"}, "INCIDENTS_SMTP_SECURITY='tls'"),
    ("run", {"INCIDENTS_SMTP_PORT": "abc"}, "INCIDENTS_SMTP_PORT='abc'"),  # before the crawl, not after
    ("serve", {"INCIDENTS_LOCK_WAIT_SECONDS": "zz"}, "INCIDENTS_LOCK_WAIT_SECONDS='zz'"),
    ("run", {"INCIDENTS_OPERATOR_EMAIL": "ops@example.org, boss@example.org"}, "is not one email address"),
])
def test_bad_environment_values_are_one_line(tmp_path, command, env, needle):
    db = tmp_path / "w.duckdb"
    connect(db).close()
    proc = run(command, "--db", str(db), "--outbox", str(tmp_path / "out"),
               env={"INCIDENTS_SMTP_HOST": "127.0.0.1", **env})
    assert_one_line_error(proc, 1, needle)


def test_missing_input_file_is_one_line(tmp_path):
    proc = run("extract", "--input", str(tmp_path / "nope.jsonl"), "--output", str(tmp_path / "p.jsonl"))
    assert_one_line_error(proc, 1, "no such file")
