"""`incidents stats` and `incidents export` on a small fictional warehouse."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
from typer.testing import CliRunner

from incidents.cli import app
from resolve.resolver import resolve
from warehouse.db import connect
from warehouse.load import store_extractions, upsert_articles


def _warehouse(path):
    con = connect(path)
    arts = [{"id": f"x{i}", "url": f"https://example.org/x{i}", "outlet": "example.org", "language": "fr",
             "published": "2026-03-05", "title": "t", "text": f"Fictional {i}."} for i in range(3)]
    upsert_articles(con, arts)
    store_extractions(con, [
        {"id": "x0", "in_scope": True, "incidents": [{"type": "shooting", "date": "2026-03-04", "commune": "Jette",
                                                      "place": "place Reine Astrid", "killed": 0, "injured": 1}]},
        {"id": "x1", "in_scope": True, "incidents": [{"type": "shooting", "date": "2026-03-04", "commune": "Jette",
                                                      "place": "Koningin Astridplein", "killed": 0, "injured": 1}]},
        {"id": "x2", "in_scope": False, "incidents": []},
    ], "test")
    resolve(con)
    con.close()


def test_stats_text_and_json(tmp_path):
    db = tmp_path / "w.duckdb"
    _warehouse(db)
    runner = CliRunner()
    out = runner.invoke(app, ["stats", "--db", str(db)])
    assert out.exit_code == 0, out.output
    assert "incidents: 1 active" in out.output and "shooting 1" in out.output and "Jette 1" in out.output
    out = runner.invoke(app, ["stats", "--db", str(db), "--json"])
    data = json.loads(out.output)
    assert data["mentions"] == 2 and data["incidents"]["active"] == 1 and data["articles_in_scope"] == 2


def test_export_writes_parquet(tmp_path):
    db = tmp_path / "w.duckdb"
    _warehouse(db)
    out = CliRunner().invoke(app, ["export", "--to", str(tmp_path / "out"), "--db", str(db)])
    assert out.exit_code == 0, out.output
    con = duckdb.connect()
    rows = con.execute(f"SELECT incident_id, sources_count FROM '{tmp_path / 'out' / 'incidents.parquet'}'").fetchall()
    assert len(rows) == 1 and rows[0][1] == 2
    src = con.execute(f"SELECT count(*) FROM '{tmp_path / 'out' / 'incident_sources.parquet'}'").fetchall()
    assert src == [(2,)]
    assert not list((tmp_path / "out").glob(".*tmp"))


def test_missing_database_is_one_line_error(tmp_path):
    for args in (["stats"], ["export", "--to", str(tmp_path / "out")]):
        proc = subprocess.run([str(Path(sys.executable).with_name("incidents")), *args, "--db",
                               str(tmp_path / "nope.duckdb")], capture_output=True, text=True, timeout=120)
        assert proc.returncode == 1
        assert proc.stderr.startswith("error: ") and "no such database" in proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1
