"""The backfill flow: crawl outlets' sitemaps over a date range in chunks, then extract and resolve.

Resumable: each finished chunk is recorded in `backfill_chunks` (keyed by the sources registry's content hash) and
is not crawled again, so a backfill killed half-way is resumed by running the same command. No digest is sent:
backfilled incidents are history, not news.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any, Callable

from prefect import flow

from core.errors import UserError
from core.settings import default_db_path
from crawlers.sources import default_sources_path
from flows import tasks
from flows.nightly import crawl_dir_for
from flows.runner import Stage, current_run_id, execute
from warehouse.db import write_connection
from warehouse.runs import utcnow

FLOW_NAME = "backfill"
CHUNK_DAYS = 7


def chunks(date_from: dt.date, date_to: dt.date, days: int = CHUNK_DAYS) -> list[tuple[dt.date, dt.date]]:
    """Consecutive inclusive (start, end) ranges of at most `days` days covering date_from..date_to."""
    if date_from > date_to:
        raise UserError(f"backfill range is empty: --from {date_from} is after --to {date_to}")
    if days < 1:
        raise UserError(f"chunk size must be at least one day, got {days}")
    out, start = [], date_from
    while start <= date_to:
        end = min(start + dt.timedelta(days=days - 1), date_to)
        out.append((start, end))
        start = end + dt.timedelta(days=1)
    return out


def sources_key(sources: Path | None) -> str:
    """Identity of the registry a chunk was crawled with: a changed registry (a new outlet) redoes the chunks."""
    if sources is None:
        sources = default_sources_path()
    try:
        return hashlib.sha256(Path(sources).read_bytes()).hexdigest()
    except OSError as exc:
        raise UserError(f"{sources}: cannot read the sources registry ({exc.strerror})") from exc


def finished_chunks(db: Path, key: str) -> set[tuple[dt.date, dt.date]]:
    with write_connection(db) as con:
        return {(s, e) for s, e in con.execute(
            "SELECT chunk_start, chunk_end FROM backfill_chunks WHERE sources_key = ?", [key]).fetchall()}


def mark_finished(db: Path, key: str, start: dt.date, end: dt.date, run_id: str, counts: dict[str, Any]) -> None:
    with write_connection(db) as con:
        con.execute("INSERT OR REPLACE INTO backfill_chunks VALUES (?, ?, ?, ?, ?, ?)",
                    [key, start, end, run_id, json.dumps(counts, default=str), utcnow()])


def _chunk_stage(db: Path, sources: Path | None, crawl_dir: Path, key: str, run_id: str,
                 start: dt.date, end: dt.date, settings: dict[str, Any] | None) -> Callable[[], dict[str, Any]]:
    def run() -> dict[str, Any]:
        out = crawl_dir / f"backfill-{start:%Y%m%d}-{end:%Y%m%d}.jsonl"
        crawl = tasks.crawl_task(sources, out, db, mode="sitemaps", date_from=start, date_to=end,
                                  settings=settings)
        load = tasks.load_task(crawl_dir, db)
        counts = {"crawl": crawl, "load": load}
        errors = {o: n for o, n in (crawl.get("errors_by_outlet") or {}).items() if n}
        if errors:  # what was fetched is stored; the chunk stays open so the next backfill fetches the rest
            raise ChunkIncomplete(f"{sum(errors.values())} fetch error(s) ({', '.join(f'{o}: {n}' for o, n in errors.items())}); "
                                  "the chunk is crawled again by the next backfill (stored URLs are skipped)")
        mark_finished(db, key, start, end, run_id, counts)
        return counts
    return run


class ChunkIncomplete(RuntimeError):
    """Some pages of a chunk could not be fetched; the chunk is not recorded as done."""


@flow(name=FLOW_NAME, description=__doc__.splitlines()[0], log_prints=True)
def backfill_flow(date_from: dt.date, date_to: dt.date, db: str | None = None, sources: str | None = None,
                  work_dir: str | None = None, chunk_days: int = CHUNK_DAYS, n_process: int = 1,
                  crawl_settings: dict[str, Any] | None = None) -> dict[str, Any]:
    """Sitemap crawl of date_from..date_to (inclusive) in `chunk_days` chunks, skipping finished chunks."""
    db_path = Path(db) if db else default_db_path()
    sources_path = Path(sources) if sources else None
    key = sources_key(sources_path)
    plan = chunks(date_from, date_to, chunk_days)
    done = finished_chunks(db_path, key)
    todo = [c for c in plan if c not in done]
    print(f"backfill {date_from}..{date_to}: {len(plan)} chunk(s), {len(plan) - len(todo)} already done")
    crawl_dir = crawl_dir_for(db_path, work_dir)
    crawl_dir.mkdir(parents=True, exist_ok=True)
    run_id = current_run_id()
    started = utcnow()
    chunk_stages = [Stage(f"chunk {s}..{e}", _chunk_stage(db_path, sources_path, crawl_dir, key, run_id, s, e,
                                                               crawl_settings),
                          soft=True) for s, e in todo]
    return execute(db_path, FLOW_NAME, run_id=run_id, started_at=started,
                   extra={"chunks_planned": len(plan), "chunks_skipped": len(plan) - len(todo)},
                   stages=chunk_stages + [
                       Stage("extract", lambda: tasks.extract_task(db_path, n_process)),
                       Stage("resolve", lambda: tasks.resolve_task(db_path, started)),
                       Stage("views", lambda: tasks.views_task(db_path)),
                   ])
