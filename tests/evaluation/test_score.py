"""evaluation.score gives the same numbers as the reference scorer ../shared/eval/score.py."""

from __future__ import annotations

import json
import subprocess
import sys

from evaluation.score import evaluate, score

GOLD = [
    {"id": "a", "language": "fr", "in_scope": True, "incidents": [
        {"type": "shooting", "date": "2026-03-04", "commune": "Anderlecht", "killed": 0, "injured": 1,
         "weapon": "firearm", "incident_key": "k1"}]},
    {"id": "b", "language": "nl", "in_scope": True, "incidents": [
        {"type": "shooting", "date": "2026-03-04", "commune": "Anderlecht", "killed": 0, "injured": 1,
         "weapon": "firearm", "incident_key": "k1"},
        {"type": "stabbing", "date": "2026-03-05", "commune": "Jette", "killed": 0, "injured": 2,
         "weapon": "knife", "incident_key": "k2"}]},
    {"id": "c", "language": "en", "in_scope": False, "incidents": []},
]
PRED = [
    {"id": "a", "in_scope": True, "incidents": [
        {"incident_id": "i1", "type": "shooting", "date": "2026-03-05", "commune": "Anderlecht", "killed": 0,
         "injured": 1, "weapon": "firearm"}]},
    {"id": "b", "in_scope": True, "incidents": [
        {"incident_id": "i1", "type": "shooting", "date": "2026-03-04", "commune": "Forest", "killed": 0,
         "injured": 1, "weapon": "assault_rifle"},
        {"incident_id": "i9", "type": "assault", "date": "2026-03-05", "commune": "Jette", "killed": 0,
         "injured": 2, "weapon": None}]},
    {"id": "c", "in_scope": True, "incidents": [
        {"incident_id": "i3", "type": "explosion", "date": None, "commune": None, "killed": None,
         "injured": None, "weapon": None}]},
]


def test_metrics_by_hand():
    r = score(GOLD, PRED)
    assert r["in_scope"]["tp"] == 2 and r["in_scope"]["fp"] == 1
    assert (r["incidents"]["tp"], r["incidents"]["fp"], r["incidents"]["fn"]) == (1, 3, 2)
    assert r["incidents_untyped"]["tp"] == 2
    assert r["fields"]["date_exact"] == 0.0 and r["fields"]["date_pm1"] == 1.0
    assert r["fields"]["commune"] == 0.5  # b's shooting matches on type and date, with the wrong commune


def test_errors_listed_by_kind():
    kinds = {e["kind"] for e in score(GOLD, PRED, with_errors=True)["errors"]}
    assert {"missed incident", "spurious incident", "wrong in_scope", "wrong date", "wrong commune"} <= kinds


def test_same_numbers_as_reference_scorer(tmp_path, shared_dir):
    """Run score.py on the dev set with our own predictions and with perturbed ones; compare every number."""
    gold_path = shared_dir / "eval" / "dev.jsonl"
    gold = [json.loads(line) for line in gold_path.open(encoding="utf-8") if line.strip()]
    variants = {
        "perfect": [{"id": a["id"], "in_scope": a["in_scope"],
                     "incidents": [dict(i, incident_id=i["incident_key"]) for i in a["incidents"]]} for a in gold],
        "noisy": [],
    }
    for n, a in enumerate(gold):
        incs = [dict(i, incident_id=f"x{n % 5}", date=None if n % 3 == 0 else i["date"],
                     killed=(i["killed"] or 0) + (n % 2), type="assault" if n % 7 == 0 else i["type"])
                for i in a["incidents"]]
        if n % 4 == 0:
            incs.append({"incident_id": f"s{n}", "type": "shooting", "date": a.get("published"), "commune": "Evere",
                         "killed": 0, "injured": 0, "weapon": "firearm"})
        if n % 11 != 5:
            variants["noisy"].append({"id": a["id"], "in_scope": bool(incs), "incidents": incs})
    for name, preds in variants.items():
        pred_path = tmp_path / f"{name}.jsonl"
        pred_path.write_text("".join(json.dumps(p) + "\n" for p in preds), encoding="utf-8")
        out = subprocess.run([sys.executable, str(shared_dir / "eval" / "score.py"), str(gold_path), str(pred_path)],
                             capture_output=True, text=True, check=True)
        ref = json.loads(out.stdout)
        ours = evaluate(gold, preds)
        for key, value in ref.items():
            assert ours[key] == value, (name, key)
