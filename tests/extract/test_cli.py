"""`incidents extract` and `incidents eval` end to end (in-memory or temp warehouse)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from incidents.cli import main
from warehouse.db import connect

ARTICLES = [
    {"id": "x1", "url": "https://example.org/1", "outlet": "example.org", "language": "fr",
     "published": "2026-03-05", "title": "Jette : un homme blessé par balle",
     "text": "Un homme a été blessé par balle mercredi soir à Jette. Personne d'autre n'a été touché."},
    {"id": "x2", "url": "https://example.org/2", "outlet": "example.org", "language": "nl",
     "published": "2026-03-05", "title": "Man gewond bij schietpartij in Jette",
     "text": "In Jette raakte gisteravond een man gewond bij een schietpartij."},
    {"id": "x3", "url": "https://example.org/3", "outlet": "example.org", "language": "fr",
     "published": "2026-03-05", "title": "Métro : travaux", "text": "Les travaux du métro reprennent."},
]


def write(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def test_extract_writes_predictions_with_incident_ids(tmp_path, db_path, capsys):
    src, out = tmp_path / "a.jsonl", tmp_path / "p.jsonl"
    write(src, ARTICLES)
    with pytest.raises(SystemExit) as exit_:
        main(["extract", "--input", str(src), "--output", str(out), "--db", str(db_path)])
    assert exit_.value.code == 0
    preds = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [p["id"] for p in preds] == ["x1", "x2", "x3"]
    assert [p["in_scope"] for p in preds] == [True, True, False]
    assert all(i["incident_id"] for p in preds for i in p["incidents"])
    assert db_path.exists()
    assert "2 in scope" in capsys.readouterr().out


def test_extract_without_any_good_line_is_one_error_line(tmp_path, capsys):
    src = tmp_path / "bad.jsonl"
    src.write_text('not json\n', encoding="utf-8")
    with pytest.raises(SystemExit) as exit_:
        main(["extract", "--input", str(src), "--output", str(tmp_path / "p.jsonl")])
    assert exit_.value.code == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("warning: skipped") and ":1:" in err[0]
    assert err[1].startswith("error:") and "no valid article" in err[1] and len(err) == 2
    with pytest.raises(SystemExit):
        main(["extract", "--input", str(tmp_path / "missing.jsonl"), "--output", str(tmp_path / "p.jsonl")])
    assert "no such file" in capsys.readouterr().err


def test_same_url_twice_is_extracted_once_and_every_id_answered(tmp_path, db_path, capsys):
    """Two feeds list one article (issue 14): one article per URL is stored, the duplicate is counted, and the
    predictions answer every input id, the duplicate with the same incident ids."""
    src, out = tmp_path / "a.jsonl", tmp_path / "p.jsonl"
    write(src, [ARTICLES[0], dict(ARTICLES[0], id="x1-again"), ARTICLES[1], dict(ARTICLES[2], id="x3-again"),
                ARTICLES[2]])
    with pytest.raises(SystemExit) as exit_:
        main(["extract", "--input", str(src), "--output", str(out), "--db", str(db_path)])
    assert exit_.value.code == 0
    assert "2 with the URL of an earlier article" in capsys.readouterr().out
    preds = {p["id"]: p for p in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert list(preds) == ["x1", "x1-again", "x2", "x3-again", "x3"]
    assert preds["x1-again"]["incidents"] == preds["x1"]["incidents"] and preds["x1"]["incidents"][0]["incident_id"]
    con = connect(db_path, read_only=True)
    assert con.execute("SELECT article_id FROM articles ORDER BY 1").fetchall() == [("x1",), ("x2",), ("x3-again",)]
    con.close()
    # the same URL under yet another id in a later input is the stored article
    write(src, [dict(ARTICLES[1], id="x2-later")])
    with pytest.raises(SystemExit) as exit_:
        main(["extract", "--input", str(src), "--output", str(out), "--db", str(db_path)])
    assert exit_.value.code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["incidents"][0]["incident_id"] == \
        preds["x2"]["incidents"][0]["incident_id"]


HOLD = """
import duckdb, os, sys, time
con = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == "r")
print("held", flush=True)
deadline = time.monotonic() + 120
while time.monotonic() < deadline and not all(os.path.exists(f) for f in sys.argv[3:]):
    time.sleep(0.1)
time.sleep(4)  # the extracts are now waiting for the lock
"""


def hold(path, mode: str = "w", *until) -> subprocess.Popen:
    """A real second process holding the warehouse (mode w: a writer, r: a reader) until the files `until` all
    exist, and 4 s more (at most 2 minutes)."""
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(path), mode, *map(str, until)], stdout=subprocess.PIPE,
                            text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


def extract_cli(src, out, db, wait: float) -> subprocess.Popen:
    return subprocess.Popen([str(Path(sys.executable).with_name("incidents")), "extract", "--input", str(src),
                             "--output", str(out), "--db", str(db)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "INCIDENTS_LOCK_WAIT_SECONDS": str(wait)})


def test_extract_waits_for_the_lock_like_other_writers(tmp_path, db_path):
    """The holder releases the lock 4 s after the extract wrote its predictions and started waiting for it."""
    src, out = tmp_path / "a.jsonl", tmp_path / "p.jsonl"
    write(src, ARTICLES)
    connect(db_path).close()
    holder = hold(db_path, "w", out)
    proc = extract_cli(src, out, db_path, wait=60)
    _, err = proc.communicate(timeout=300)
    holder.wait()
    assert proc.returncode == 0, err
    assert all(i["incident_id"] for line in out.read_text(encoding="utf-8").splitlines()
               for i in json.loads(line)["incidents"])


@pytest.mark.parametrize("mode", ["w", "r"])
def test_extract_keeps_its_predictions_when_the_lock_is_not_released(tmp_path, db_path, mode):
    src, out = tmp_path / "a.jsonl", tmp_path / "p.jsonl"
    write(src, ARTICLES)
    connect(db_path).close()
    holder = hold(db_path, mode, tmp_path / "never")
    try:
        proc = extract_cli(src, out, db_path, wait=1)
        _, err = proc.communicate(timeout=300)
    finally:
        holder.kill()
        holder.wait()
    lines = err.strip().splitlines()
    assert proc.returncode == 1 and len(lines) == 1 and lines[0].startswith("error: "), err
    assert "still locked after waiting 1 s" in err and "pipeline run" not in err and str(out) in err
    preds = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [p["id"] for p in preds] == ["x1", "x2", "x3"] and [p["in_scope"] for p in preds] == [True, True, False]
    assert all(i["incident_id"] is None for p in preds for i in p["incidents"]) and preds[0]["incidents"]


def test_two_extracts_at_once_both_store(tmp_path, db_path):
    connect(db_path).close()
    holder = hold(db_path, "w", tmp_path / "p0.jsonl", tmp_path / "p1.jsonl")  # both then wait, then race
    procs = []
    for n, art in enumerate(ARTICLES[:2]):
        write(tmp_path / f"{n}.jsonl", [art])
        procs.append(extract_cli(tmp_path / f"{n}.jsonl", tmp_path / f"p{n}.jsonl", db_path, wait=120))
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    holder.wait()
    con = connect(db_path, read_only=True)
    assert con.execute("SELECT count(*) FROM mentions WHERE incident_id IS NOT NULL").fetchone() == (2,)
    con.close()


def test_eval_json_and_table(tmp_path, capsys):
    gold = [dict(ARTICLES[0], in_scope=True, incidents=[
        {"type": "shooting", "date": "2026-03-04", "commune": "Jette", "place": None, "killed": 0, "injured": 1,
         "weapon": "firearm", "incident_key": "k1"}]), dict(ARTICLES[2], in_scope=False, incidents=[])]
    path = tmp_path / "gold.jsonl"
    write(path, gold)
    with pytest.raises(SystemExit) as exit_:
        main(["eval", "--gold", str(path), "--json"])
    assert exit_.value.code == 0
    report = json.loads(capsys.readouterr().out)
    assert report["incidents"]["f1"] == 1.0 and report["in_scope"]["f1"] == 1.0
    assert set(report["by_language"]) == {"fr"}
    with pytest.raises(SystemExit):
        main(["eval", "--gold", str(path), "-v"])
    assert "incident F1" in capsys.readouterr().out


def test_eval_rejects_gold_without_annotations(tmp_path, capsys):
    path = tmp_path / "gold.jsonl"
    write(path, ARTICLES[:1])
    with pytest.raises(SystemExit) as exit_:
        main(["eval", "--gold", str(path)])
    assert exit_.value.code == 1
    assert "in_scope" in capsys.readouterr().err
