"""Benchmark: a nightly incident resolution against warehouses of growing history.

For each size N (articles) a warehouse file is generated directly with DuckDB SQL: N fictional articles over
N/300 days (about 300 articles a day, so history grows in time, not in daily density), 10% of them with one
resolved mention, about 1.2 mentions per incident. Then a night arrives: `--new` articles (default 1,000), each
with one unresolved mention, half of them follow-ups of the last days' incidents and half new incidents. The
resolution is timed; cost per new mention should stay flat as history grows.

    .venv/bin/python bench/resolve.py                 # 10k, 100k, 1M articles
    .venv/bin/python bench/resolve.py --sizes 10000 --new 500
    .venv/bin/python bench/resolve.py --gold ../shared/eval/dev.jsonl   # dedup scores on gold-as-mentions
    .venv/bin/python bench/resolve.py --cluster 825 1650 3300 6600      # one incident of N reports

`--cluster`: N reports of one incident (same commune and day, its place in three wordings, casualties and
victim ages that vary) arrive in one night; the time should grow about linearly with N (each new report is
scored against a bounded summary of the incident, not against all its reports).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.vocabulary import INCIDENT_TYPES, vocabulary  # noqa: E402
from gazetteer import commune_names  # noqa: E402
from resolve.resolver import resolve  # noqa: E402
from warehouse.db import connect  # noqa: E402

ARTICLES_PER_DAY = 300
START = dt.date(2017, 1, 1)
COMMUNES = list(commune_names())
# a plausible mix: twice as many shootings; each type with its usual weapon
TYPES = ["shooting", *[t for t in INCIDENT_TYPES if t not in ("homicide", "other")]]
WEAPONS = {t: vocabulary().default_weapon(t) or {"assault": "blunt", "robbery": "firearm"}[t] for t in set(TYPES)}


def _lookup_tables(con) -> None:
    """Small lookup tables (communes, types, weapons) numbered for the generators."""
    con.execute("CREATE OR REPLACE TEMP TABLE bench_communes AS SELECT unnest(?) AS commune, "
                "generate_subscripts(?, 1) - 1 AS k", [COMMUNES, COMMUNES])
    con.execute("CREATE OR REPLACE TEMP TABLE bench_types AS SELECT unnest(?) AS type, "
                "generate_subscripts(?, 1) - 1 AS k", [TYPES, TYPES])
    con.execute("CREATE OR REPLACE TEMP TABLE bench_weapons AS SELECT unnest(?) AS type, unnest(?) AS weapon",
                [list(WEAPONS), list(WEAPONS.values())])


def generate(path: Path, n_articles: int) -> dict:
    """A warehouse with `n_articles` articles, resolved mentions and incidents; returns its shape."""
    days = max(n_articles // ARTICLES_PER_DAY, 1)
    n_mentions = n_articles // 10
    n_incidents = max(int(n_mentions / 1.2), 1)
    first_seen = dt.datetime.combine(START, dt.time(6), dt.timezone.utc)
    con = connect(path)
    try:
        _lookup_tables(con)
        con.execute("SET preserve_insertion_order = false")
        con.execute(f"""
            INSERT INTO articles
            SELECT 'a' || i, 'https://outlet' || (i % 12) || '.example.org/' || i, 'outlet' || (i % 12) || '.example.org',
                   ['fr', 'nl', 'en', 'de'][1 + i % 4],
                   NULL, DATE '{START}' + CAST(floor(i * {days} / {n_articles}) AS INTEGER),
                   'Fictional headline ' || i, 'Fictional article body number ' || i || '.', md5(CAST(i AS TEXT)),
                   NULL, TIMESTAMPTZ '{first_seen}' + to_days(CAST(floor(i * {days} / {n_articles}) AS INTEGER)),
                   TIMESTAMPTZ '{first_seen}' + to_days(CAST(floor(i * {days} / {n_articles}) AS INTEGER))
            FROM range({n_articles}) t(i)""")
        con.execute(f"""
            CREATE TEMP TABLE bench_incidents AS
            SELECT base.k, 'BXL-' || strftime(d, '%Y%m%d') || '-' || substr(md5('inc' || base.k), 1, 8) AS incident_id,
                   d, t.type, w.weapon, c.commune, 'rue ' || substr(md5('place' || base.k), 1, 10) AS place
            FROM (SELECT k, DATE '{START}' + CAST(floor(k * {days} / {n_incidents}) AS INTEGER) AS d
                  FROM range({n_incidents}) r(k)) base
            JOIN bench_types t ON t.k = base.k % {len(TYPES)}
            JOIN bench_weapons w ON w.type = t.type
            JOIN bench_communes c ON c.k = (base.k * 7) % 19""")
        con.execute(f"""
            INSERT INTO mentions (mention_id, article_id, ordinal, extractor_version, type, date, commune, place,
                                  killed, injured, weapon, confidence, evidence, details, incident_id, created_at)
            SELECT 'a' || (i * 10) || ':0', 'a' || (i * 10), 0, 'bench', b.type, b.d, b.commune, b.place, 0, 1,
                   b.weapon, 0.8, '[]', '{{}}', b.incident_id, TIMESTAMPTZ '{first_seen}'
            FROM range({n_mentions}) r(i)
            JOIN bench_incidents b ON b.k = CAST(floor(i * {n_incidents} / {n_mentions}) AS BIGINT)""")
        con.execute(f"""
            INSERT INTO incidents
            SELECT b.incident_id, b.type, b.d, b.commune, NULL, b.place, 0, 1, b.weapon, 0.9, count(m.mention_id),
                   TIMESTAMPTZ '{first_seen}' + to_days(CAST(b.d - DATE '{START}' AS INTEGER)),
                   TIMESTAMPTZ '{first_seen}' + to_days(CAST(b.d - DATE '{START}' AS INTEGER)),
                   'active', '{{}}', count(m.mention_id)
            FROM bench_incidents b LEFT JOIN mentions m ON m.incident_id = b.incident_id
            GROUP BY ALL""")
        last_day = START + dt.timedelta(days=days - 1)
        return {"articles": n_articles, "mentions": n_mentions, "incidents": n_incidents, "days": days,
                "last_day": last_day}
    finally:
        con.close()


def add_night(path: Path, shape: dict, n_new: int) -> None:
    """`n_new` new articles of the next day, each with an unresolved mention: half follow-ups, half new."""
    last_day = shape["last_day"]
    now = dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(3), dt.timezone.utc)
    con = connect(path)
    try:
        _lookup_tables(con)
        con.execute(f"""
            INSERT INTO articles
            SELECT 'new' || i, 'https://night.example.org/' || i, 'night.example.org', 'fr', NULL,
                   DATE '{last_day}' + 1, 'Fictional night headline ' || i, 'Fictional night article ' || i || '.',
                   md5('new' || i), NULL, TIMESTAMPTZ '{now}', TIMESTAMPTZ '{now}'
            FROM range({n_new}) t(i)""")
        # follow-ups: repeat the facts of the last two days' incidents (another outlet, other language)
        con.execute(f"""
            CREATE TEMP TABLE recent AS
            SELECT row_number() OVER (ORDER BY incident_id) - 1 AS r, * FROM incidents
            WHERE date >= DATE '{last_day}' - 1""")
        n_recent = con.execute("SELECT count(*) FROM recent").fetchall()[0][0]
        con.execute(f"""
            INSERT INTO mentions (mention_id, article_id, ordinal, extractor_version, type, date, commune, place,
                                  killed, injured, weapon, confidence, evidence, details, incident_id, created_at)
            SELECT 'new' || i || ':0', 'new' || i, 0, 'bench', r.type, r.date, r.commune, upper(r.place), 1, 0,
                   r.weapon, 0.7, '[]', '{{}}', NULL, TIMESTAMPTZ '{now}'
            FROM range(0, {n_new}, 2) t(i) JOIN recent r ON r.r = (i // 2) % {max(n_recent, 1)}""")
        # new incidents: a fresh place each, any commune, yesterday or today
        con.execute(f"""
            INSERT INTO mentions (mention_id, article_id, ordinal, extractor_version, type, date, commune, place,
                                  killed, injured, weapon, confidence, evidence, details, incident_id, created_at)
            SELECT 'new' || i || ':0', 'new' || i, 0, 'bench', t.type, DATE '{last_day}' + CAST(i % 2 AS INTEGER), c.commune,
                   'avenue ' || substr(md5('new' || i), 1, 10), 0, 1, w.weapon, 0.7, '[]', '{{}}', NULL, TIMESTAMPTZ '{now}'
            FROM range(1, {n_new}, 2) r(i)
            JOIN bench_types t ON t.k = i % {len(TYPES)}
            JOIN bench_weapons w ON w.type = t.type
            JOIN bench_communes c ON c.k = (i * 5) % 19""")
    finally:
        con.close()


def _warm_up() -> None:
    """Import and cache everything once, so the first size is not charged for it."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "warm.duckdb"
        add_night(path, generate(path, 3000), 50)
        con = connect(path)
        try:
            resolve(con)
        finally:
            con.close()


def bench(sizes: list[int], n_new: int) -> None:
    _warm_up()
    print(f"{'articles':>10} {'incidents':>10} {'generate s':>10} {'new mentions':>12} {'resolve s':>10} "
          f"{'ms/mention':>10} {'attached':>8} {'new inc':>8} {'noop s':>7}")
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "bench.duckdb"
            t0 = time.perf_counter()
            shape = generate(path, n)
            t_gen = time.perf_counter() - t0
            add_night(path, shape, n_new)
            con = connect(path)
            try:
                t0 = time.perf_counter()
                stats = resolve(con)
                t_res = time.perf_counter() - t0
                t0 = time.perf_counter()
                resolve(con)
                t_noop = time.perf_counter() - t0
            finally:
                con.close()
        print(f"{n:>10} {shape['incidents']:>10} {t_gen:>10.1f} {stats.mentions:>12} {t_res:>10.2f} "
              f"{1000 * t_res / max(stats.mentions, 1):>10.2f} {stats.attached:>8} {stats.new_incidents:>8} "
              f"{t_noop:>7.2f}", flush=True)


def cluster(sizes: list[int]) -> None:
    from warehouse.load import store_extractions, upsert_articles

    places = ["Peterbos", "cité du Peterbos", "Peterbospark"]
    print(f"{'reports':>8} {'resolve s':>10} {'ms/report':>10} {'incidents':>9}")
    for n in sizes:
        con = connect(":memory:")
        try:
            upsert_articles(con, [{"id": f"c{i}", "url": f"https://o{i % 9}.example.org/{i}", "outlet": f"o{i % 9}",
                                   "language": "fr", "published": "2026-03-05", "title": "Fictional",
                                   "text": "Fictional report."} for i in range(n)])
            store_extractions(con, [{"id": f"c{i}", "in_scope": True, "incidents": [{
                "type": "shooting", "date": "2026-03-04", "commune": "Anderlecht", "place": places[i % 3],
                "killed": i % 2, "injured": 1 + i % 3, "weapon": "firearm", "confidence": 0.8,
                "details": {"victim_ages": [18 + i % 7]}}]} for i in range(n)], "bench")
            t0 = time.perf_counter()
            resolve(con)
            t = time.perf_counter() - t0
            k = con.execute("SELECT count(*) FROM incidents WHERE status = 'active'").fetchall()[0][0]
        finally:
            con.close()
        print(f"{n:>8} {t:>10.2f} {1000 * t / n:>10.2f} {k:>9}", flush=True)


def gold(path: Path) -> None:
    from evaluation.dedup import Noise, dedup_on_gold

    with open(path, encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()]
    print(f"{'noise (place, date, commune)':>30} {'seeds':>5} {'pairwise P':>10} {'R':>6} {'F1':>6} "
          f"{'predicted':>9} {'gold':>5}")
    for level in (0.0, 0.1, 0.2, 0.3, 0.4):
        seeds = range(1 if level == 0 else 10)
        runs = [dedup_on_gold(records, Noise(level, level, level, seed=s)) for s in seeds]
        mean = lambda key: sum(r["pairwise"][key] for r in runs) / len(runs)  # noqa: E731
        pred = sum(r["predicted_incidents"] for r in runs) / len(runs)
        print(f"{f'{level:.1f} each':>30} {len(runs):>5} {mean('precision'):>10.3f} {mean('recall'):>6.3f} "
              f"{mean('f1'):>6.3f} {pred:>9.1f} {runs[0]['gold_incidents']:>5}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--new", type=int, default=1000, help="new articles (one mention each) in the night")
    parser.add_argument("--gold", type=Path, help="instead: dedup scores on this gold JSONL (gold as mentions)")
    parser.add_argument("--cluster", type=int, nargs="+", help="instead: time one incident of N reports")
    args = parser.parse_args()
    if args.cluster:
        cluster(args.cluster)
    elif args.gold:
        gold(args.gold)
    else:
        bench(args.sizes, args.new)


if __name__ == "__main__":
    main()
