"""`incidents extract` and `incidents eval` end to end (in-memory or temp warehouse)."""

from __future__ import annotations

import json

import pytest

from incidents.cli import main

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


def test_extract_bad_input_is_one_line_error(tmp_path, capsys):
    src = tmp_path / "bad.jsonl"
    src.write_text('{"id": "a", "text": "x"}\nnot json\n', encoding="utf-8")
    with pytest.raises(SystemExit) as exit_:
        main(["extract", "--input", str(src), "--output", str(tmp_path / "p.jsonl")])
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert err.startswith("error:") and ":2:" in err and "Traceback" not in err
    with pytest.raises(SystemExit):
        main(["extract", "--input", str(tmp_path / "missing.jsonl"), "--output", str(tmp_path / "p.jsonl")])
    assert "no such file" in capsys.readouterr().err


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
