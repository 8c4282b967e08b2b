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


def test_malformed_jsonl_names_the_line(tmp_path):
    good = {"id": "a", "url": "https://e.example.org/a", "outlet": "e", "language": "fr", "published": None,
            "title": "", "text": "Rien."}
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(good) + "\n\n{oops\n", encoding="utf-8")
    proc = run("extract", "--input", str(bad), "--output", str(tmp_path / "p.jsonl"))
    assert_one_line_error(proc, 1, "bad.jsonl:3: malformed JSON")


def test_missing_input_file_is_one_line(tmp_path):
    proc = run("extract", "--input", str(tmp_path / "nope.jsonl"), "--output", str(tmp_path / "p.jsonl"))
    assert_one_line_error(proc, 1, "no such file")
