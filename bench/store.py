"""Benchmark: storing extractions (`warehouse.load.store_extractions`), bulk against the former row-by-row code.

    .venv/bin/python bench/store.py                      # 2,000 and 10,000 articles
    .venv/bin/python bench/store.py --sizes 20000 --out bench/results/store-YYYY-MM-DD.json

For each size N: N fictional articles (about a third with one to three mentions, as the relevance gate passes)
are upserted into two fresh warehouse files; then, on each, in the same run, the same predictions are stored by
`store_extractions_row_by_row` (the code before issue 14, kept here verbatim as the baseline) and by the current
`store_extractions`, for three passes: a first extraction, the same extraction again (a no-op but for the
extractor version) and a re-extraction where every tenth article changed. Prints ms per article and the ratio
old / new. `tests/warehouse/test_store_bulk.py` checks that both store exactly the same rows.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Iterable

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import duckdb  # noqa: E402

from core.errors import UserError  # noqa: E402
from gazetteer import commune_names  # noqa: E402
from warehouse.db import connect, transaction  # noqa: E402
from warehouse.load import _mention_facts, _priors, _stored_facts, store_extractions, upsert_articles  # noqa: E402

COMMUNES = list(commune_names())
_MENTION_FACTS = "type, date, commune, place, killed, injured, weapon, confidence, evidence, details"
T0 = dt.datetime(2026, 3, 1, 6, 0, tzinfo=dt.timezone.utc)


def store_extractions_row_by_row(con: duckdb.DuckDBPyConnection, predictions: Iterable[dict[str, Any]],
                                 extractor_version: str, hashes: dict[str, str] | None = None,
                                 now: dt.datetime | None = None) -> int:
    """The baseline: `warehouse.load.store_extractions` as it was before issue 14 (a few statements per article)."""
    now = now or dt.datetime.now(dt.timezone.utc)
    preds = list(predictions)
    written = 0
    with transaction(con):
        for pred in preds:
            aid = str(pred["id"])
            chash = (hashes or {}).get(aid)
            if chash is None:
                found = con.execute("SELECT content_hash FROM articles WHERE article_id = ?", [aid]).fetchall()
                if not found:
                    raise UserError(f"prediction for unknown article {aid!r}: load the article first")
                chash = found[0][0]
            incidents = [] if pred.get("error") else (pred.get("incidents") or [])
            con.execute(
                "INSERT OR REPLACE INTO extractions VALUES (?, ?, ?, ?, ?, ?)",
                [aid, extractor_version, chash, bool(pred.get("in_scope")) and not pred.get("error"),
                 pred.get("error"), now])
            stored = {ordinal: _stored_facts(row) for ordinal, *row in con.execute(
                f"SELECT ordinal, {_MENTION_FACTS} FROM mentions WHERE article_id = ?", [aid]).fetchall()}
            keep = {ordinal for ordinal, inc in enumerate(incidents) if stored.get(ordinal) == _mention_facts(inc)}
            if keep == set(stored) and len(keep) == len(incidents):
                con.execute("UPDATE mentions SET extractor_version = ? WHERE article_id = ?", [extractor_version, aid])
                written += len(incidents)
                continue
            was = dict(con.execute(
                "SELECT m.ordinal, coalesce(g.into_id, m.incident_id) FROM mentions m"
                " LEFT JOIN incident_merges g ON g.merged_id = m.incident_id"
                " WHERE m.article_id = ? AND m.incident_id IS NOT NULL", [aid]).fetchall())
            article_priors = sorted(set(was.values()))
            con.execute("DELETE FROM mentions WHERE article_id = ? AND NOT list_contains(?, ordinal)",
                        [aid, sorted(keep)])
            con.execute("UPDATE mentions SET extractor_version = ? WHERE article_id = ?", [extractor_version, aid])
            for ordinal, inc in enumerate(incidents):
                written += 1
                if ordinal in keep:
                    continue
                con.execute(
                    "INSERT INTO mentions (mention_id, article_id, ordinal, extractor_version, type, date, commune,"
                    " place, killed, injured, weapon, confidence, evidence, details, incident_id, created_at,"
                    " prior_incident_ids) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)",
                    [f"{aid}:{ordinal}", aid, ordinal, extractor_version, inc["type"], inc.get("date"),
                     inc.get("commune"), inc.get("place"), inc.get("killed"), inc.get("injured"), inc.get("weapon"),
                     inc.get("confidence"), json.dumps(inc.get("evidence") or [], ensure_ascii=False),
                     json.dumps(inc.get("details") or {}, ensure_ascii=False), now, _priors(was.get(ordinal), article_priors)])
    return written


def fictional_articles(n: int, seed: int = 7) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    return [{"id": f"b{i}", "url": f"https://o{i % 9}.example.org/{i}", "outlet": f"o{i % 9}.example.org",
             "language": rng.choice(["fr", "nl"]), "published": str(dt.date(2026, 3, 1) + dt.timedelta(days=i % 60)),
             "title": f"Fictional article {i}", "text": f"Fictional text {i}. " * rng.randint(20, 80)}
            for i in range(n)]


def fictional_predictions(articles: list[dict[str, Any]], seed: int = 7, changed: float = 0.0) -> list[dict[str, Any]]:
    """About a third of the articles in scope with 1-3 mentions; `changed`: share of articles whose facts moved."""
    rng = random.Random(seed)
    changes = random.Random(seed + 1)
    preds = []
    for art in articles:
        if rng.random() > 0.33:
            preds.append({"id": art["id"], "in_scope": False, "incidents": []})
            continue
        moved = changes.random() < changed
        incidents = [{"type": rng.choice(["shooting", "stabbing", "assault"]),
                      "date": str(dt.date(2026, 3, 1) + dt.timedelta(days=rng.randint(0, 60))),
                      "commune": rng.choice(COMMUNES), "place": rng.choice([None, "Peterbos", "gare du Midi"]),
                      "killed": rng.choice([None, 0, 1]), "injured": rng.choice([None, 1, 2]) if not moved else 3,
                      "weapon": rng.choice(["firearm", "knife"]), "confidence": round(rng.uniform(0.5, 0.95), 2),
                      "evidence": [{"text": "fictional", "start": 0, "end": 10}],
                      "details": {"victim_ages": [rng.randint(16, 60)]}}
                     for _ in range(rng.randint(1, 3))]
        preds.append({"id": art["id"], "in_scope": True, "incidents": incidents})
    return preds


PASSES = (("first extraction", "v1", 0.0), ("same again", "v1", 0.0), ("10% re-extracted", "v2", 0.1))


def run(store: Callable[..., int], db: Path, articles: list[dict[str, Any]]) -> dict[str, float]:
    con = connect(db)
    try:
        upsert_articles(con, articles, fetched_at=T0)
        out = {}
        for name, version, changed in PASSES:
            preds = fictional_predictions(articles, changed=changed)
            t0 = time.perf_counter()
            store(con, preds, version, now=T0)
            out[name] = time.perf_counter() - t0
        return out
    finally:
        con.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2_000, 10_000])
    parser.add_argument("--out", type=Path, help="write the results as JSON here")
    args = parser.parse_args()
    results = []
    print(f"{'articles':>8} {'pass':>18} {'old ms/art':>10} {'new ms/art':>10} {'old/new':>8}")
    for n in args.sizes:
        articles = fictional_articles(n)
        with tempfile.TemporaryDirectory() as tmp:
            old = run(store_extractions_row_by_row, Path(tmp) / "old.duckdb", articles)
            new = run(store_extractions, Path(tmp) / "new.duckdb", articles)
        for name, _, _ in PASSES:
            row = {"articles": n, "pass": name, "old_ms_per_article": round(1000 * old[name] / n, 3),
                   "new_ms_per_article": round(1000 * new[name] / n, 3), "ratio": round(old[name] / new[name], 1)}
            results.append(row)
            print(f"{n:>8} {name:>18} {row['old_ms_per_article']:>10.3f} {row['new_ms_per_article']:>10.3f} "
                  f"{row['ratio']:>8.1f}", flush=True)
    if args.out:
        args.out.write_text(json.dumps({
            "_doc": "bench/store.py: storing extractions, old (row by row, before issue 14) vs new (bulk, Arrow), "
                    "same run, same machine, fresh warehouse files",
            "machine": f"{platform.machine()} {platform.python_version()} duckdb {duckdb.__version__}",
            "runs": results}, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
