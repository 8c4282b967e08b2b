"""The pipeline stages as Prefect tasks: thin wrappers (retries, timeouts, logged counts) over the packages.

Network stages (crawl, digest) retry with exponential backoff; deterministic stages (load, extract, resolve,
views) do not: re-running them gives the same failure.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.logging import get_run_logger
from prefect.tasks import exponential_backoff

from core.errors import UserError
from core.schema import validate_article

CRAWL_RETRIES, CRAWL_BACKOFF = 2, 60.0      # 60 s then 120 s
DIGEST_RETRIES, DIGEST_BACKOFF = 2, 30.0    # 30 s then 60 s
LOADED_DIR = "loaded"                       # crawl files already in the warehouse move here


def _logger() -> logging.Logger | logging.LoggerAdapter:
    try:
        return get_run_logger()
    except Exception:  # called outside a run (unit use)
        return logging.getLogger(__name__)


def as_dict(stats: Any) -> dict[str, Any]:
    if hasattr(stats, "as_dict"):
        return stats.as_dict()
    if dataclasses.is_dataclass(stats):
        return dataclasses.asdict(stats)
    return dict(stats)


# ---------------------------------------------------------------------------------------------------- crawl

@task(name="crawl", cache_policy=NO_CACHE, retries=CRAWL_RETRIES, retry_delay_seconds=exponential_backoff(backoff_factor=CRAWL_BACKOFF),
      retry_jitter_factor=0.2, timeout_seconds=3 * 3600)
def crawl_task(sources: Path | None, out: Path, db: Path, mode: str = "feeds", date_from: dt.date | None = None,
               date_to: dt.date | None = None, settings: dict[str, Any] | None = None) -> dict[str, Any]:
    """Crawl the registry's feeds (or sitemaps over a date range) into the Articles JSONL `out`.

    `settings` overrides Scrapy settings (e.g. no download delay for a local site)."""
    from crawlers.run import crawl

    if sources is None:
        from crawlers.sources import default_sources_path

        sources = default_sources_path()
    stats = as_dict(crawl(Path(sources), Path(out), db=db if db.exists() else None, mode=mode,
                          date_from=date_from, date_to=date_to, settings_overrides=settings))
    _logger().info("crawl (%s): %s new, %s updated articles; errors by outlet: %s", mode,
                   stats.get("new_articles"), stats.get("updated_articles"), stats.get("errors_by_outlet"))
    errors = {o: n for o, n in (stats.get("errors_by_outlet") or {}).items() if n}
    if errors and not stats.get("feeds_read"):  # one outlet down is a normal night; all of them is not
        raise CrawlFailed(f"no feed or sitemap could be read (errors by outlet: {errors}); is the network down?")
    return stats


class CrawlFailed(RuntimeError):
    """Every outlet failed: retried with backoff, then the run is marked failed."""


# ---------------------------------------------------------------------------------------------------- load

def pending_crawl_files(crawl_dir: Path) -> list[Path]:
    """Crawl outputs not yet loaded (this run's and any a killed run left behind), oldest first."""
    if not crawl_dir.is_dir():
        return []
    return sorted((p for p in crawl_dir.glob("*.jsonl") if p.is_file()), key=lambda p: p.stat().st_mtime)


def read_crawl_file(path: Path) -> tuple[list[dict[str, Any]], int]:
    """(valid articles, number of bad lines) of a crawl output; bad lines are logged and counted, not fatal."""
    articles, bad = [], 0
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                if not isinstance(obj, dict):
                    raise UserError(f"{path}:{lineno}: not a JSON object")
                art = validate_article(obj, f"{path}:{lineno}")
            except (json.JSONDecodeError, UserError) as exc:
                bad += 1
                _logger().warning("skipping bad article line %s:%s: %s", path.name, lineno, exc)
                continue
            art.update({k: obj[k] for k in ("modified", "fetched_at") if obj.get(k)})
            articles.append(art)
    return articles, bad


@task(name="load-articles", cache_policy=NO_CACHE, timeout_seconds=1800)
def load_task(crawl_dir: Path, db: Path) -> dict[str, Any]:
    """Upsert every pending crawl file into the warehouse, then move it to `loaded/` (re-loading is harmless)."""
    from flows.stages import load_articles

    totals: Counter[str] = Counter()
    by_outlet: dict[str, Counter[str]] = defaultdict(Counter)
    files = pending_crawl_files(crawl_dir)
    for path in files:
        articles, bad = read_crawl_file(path)
        totals["invalid"] += bad
        groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for art in articles:
            groups[art.get("outlet") or "unknown"].append(art)
        for outlet, group in sorted(groups.items()):
            stats = load_articles(db, group).as_dict()
            by_outlet[outlet].update(stats)
            totals.update(stats)
        done = crawl_dir / LOADED_DIR
        done.mkdir(exist_ok=True)
        path.replace(done / path.name)
    result = {"files": len(files), "new": totals["new"], "updated": totals["updated"],
              "unchanged": totals["unchanged"], "invalid": totals["invalid"],
              "by_outlet": {o: dict(c) for o, c in sorted(by_outlet.items())}}
    _logger().info("loaded %s file(s): %s new, %s updated, %s unchanged, %s invalid line(s)", len(files),
                   result["new"], result["updated"], result["unchanged"], result["invalid"])
    return result


# ---------------------------------------------------------------------------------------------------- extract

@task(name="extract", cache_policy=NO_CACHE, timeout_seconds=4 * 3600)
def extract_task(db: Path, n_process: int = 1) -> dict[str, Any]:
    """Extract incidents from every article that needs it (new, changed, or from another extractor version)."""
    from extract import EXTRACTOR_VERSION
    from flows.stages import extract_pending

    stats = extract_pending(db, n_process=n_process).as_dict()
    stats["error_ids"] = stats.get("error_ids", [])[:20]
    stats["extractor_version"] = EXTRACTOR_VERSION
    _logger().info("extracted %s article(s): %s in scope, %s mention(s), %s error(s)", stats["articles"],
                   stats["in_scope"], stats["mentions"], stats["errors"])
    return stats


# ---------------------------------------------------------------------------------------------------- resolve

@task(name="resolve", cache_policy=NO_CACHE, timeout_seconds=1800)
def resolve_task(db: Path, since: dt.datetime) -> dict[str, Any]:
    """Resolve unresolved mentions into incidents; report incidents new or updated since `since`."""
    from flows.stages import resolve_pending
    from warehouse.db import write_connection

    with write_connection(db) as con:
        before = {r[0] for r in con.execute("SELECT incident_id FROM incidents").fetchall()}
    stats = resolve_pending(db)
    with write_connection(db) as con:
        rows = con.execute("SELECT incident_id, commune, last_updated >= ? FROM incidents "
                           "WHERE status = 'active'", [since]).fetchall()
    new = [(iid, commune) for iid, commune, _ in rows if iid not in before]
    updated = [(iid, commune) for iid, commune, changed in rows if iid in before and changed]
    per_commune: Counter[str] = Counter(commune or "unknown" for _, commune in new + updated)
    result = {"resolver": stats, "incidents_new": len(new), "incidents_updated": len(updated),
              "incidents_total": len(rows), "per_commune": dict(per_commune.most_common())}
    _logger().info("resolved: %s new, %s updated incident(s); per commune %s", len(new), len(updated),
                   result["per_commune"])
    return result


# ---------------------------------------------------------------------------------------------------- views

@task(name="refresh-views", cache_policy=NO_CACHE, timeout_seconds=300)
def views_task(db: Path) -> dict[str, Any]:
    """Re-create the analyst views (cheap; picks up view files added since the last run)."""
    from warehouse.db import build_views, write_connection

    with write_connection(db) as con:
        names = build_views(con)
    return {"views": len(names)}


# ---------------------------------------------------------------------------------------------------- digest

@task(name="send-digests", cache_policy=NO_CACHE, retries=DIGEST_RETRIES,
      retry_delay_seconds=exponential_backoff(backoff_factor=DIGEST_BACKOFF), retry_jitter_factor=0.2,
      timeout_seconds=1800)
def digest_task(db: Path, outbox: Path | None = None, now: dt.datetime | None = None) -> dict[str, Any]:
    """Send each subscriber the digest of new incidents (exactly once per period: see `deliveries`)."""
    from alerts.digest import send_digests
    from core.settings import Settings

    stats = as_dict(send_digests(db, Settings.from_env(), outbox=outbox, now=now))
    _logger().info("digests: %s", stats)
    if stats.get("failed"):
        # The failed deliveries are recorded; raising makes Prefect retry them with backoff (sent ones are not resent).
        raise DigestFailed(f"{stats['failed']} of {stats.get('subscribers')} digest(s) not delivered "
                           "(see deliveries.last_error); the next run retries them")
    return stats


class DigestFailed(RuntimeError):
    """Some digests could not be delivered (SMTP down, refused recipient)."""
