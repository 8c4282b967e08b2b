"""The pipeline stages as Prefect tasks: thin wrappers (retries, timeouts, logged counts) over the packages.

Network stages (crawl, digest) retry with exponential backoff; deterministic stages (load, extract, resolve,
views, site) do not: re-running them gives the same failure.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from pathlib import Path
from typing import Any

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.logging import get_run_logger
from prefect.tasks import exponential_backoff

import crawlers.run
from alerts.operator import notify_outlet_changes
from core.settings import Settings, operator_email
from crawlers.sources import default_sources_path
from flows.stages import extract_pending, resolve_pending
from warehouse.crawl_files import load_crawl_files, write_crawl_counts
from warehouse.db import build_views, write_connection

CRAWL_RETRIES, CRAWL_BACKOFF = 2, 60.0      # 60 s then 120 s
DIGEST_RETRIES, DIGEST_BACKOFF = 2, 30.0    # 30 s then 60 s


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

def _worth_retrying(task, task_run, state) -> bool:
    """No retry when the network is down (no outlet host resolves): nothing in this run can succeed."""
    try:
        state.result()
    except crawlers.run.NetworkDown:
        return False
    except BaseException:
        return True
    return True


@task(name="crawl", cache_policy=NO_CACHE, retries=CRAWL_RETRIES, retry_delay_seconds=exponential_backoff(backoff_factor=CRAWL_BACKOFF),
      retry_jitter_factor=0.2, retry_condition_fn=_worth_retrying, timeout_seconds=3 * 3600)
def crawl_task(sources: Path | None, out: Path, db: Path, mode: str = "feeds", date_from: dt.date | None = None,
               date_to: dt.date | None = None, settings: dict[str, Any] | None = None,
               run_id: str | None = None, started_at: dt.datetime | None = None) -> dict[str, Any]:
    """Crawl the registry's feeds (or sitemaps over a date range) into the Articles JSONL `out`; with `run_id`,
    each outlet's counts go beside it, for the load stage to record (outlet health).

    `settings` overrides Scrapy settings (e.g. no download delay for a local site)."""
    if sources is None:
        sources = default_sources_path()
    stats = as_dict(crawlers.run.crawl(Path(sources), Path(out), db=db if db.exists() else None, mode=mode,
                                       date_from=date_from, date_to=date_to, settings_overrides=settings))
    if run_id:
        write_crawl_counts(Path(out), run_id, started_at or dt.datetime.now(dt.timezone.utc), mode, stats["by_outlet"])
    _logger().info("crawl (%s): %s new, %s updated articles; errors by outlet: %s", mode,
                   stats.get("new_articles"), stats.get("updated_articles"), stats.get("errors_by_outlet"))
    errors = {o: n for o, n in (stats.get("errors_by_outlet") or {}).items() if n}
    if errors and not stats.get("feeds_read"):  # one outlet down is a normal night; all of them is not
        raise CrawlFailed(f"no feed or sitemap could be read (errors by outlet: {errors}); is the network down?")
    return stats


class CrawlFailed(RuntimeError):
    """Every outlet failed: retried with backoff, then the run is marked failed."""


# ---------------------------------------------------------------------------------------------------- load

@task(name="load-articles", cache_policy=NO_CACHE, timeout_seconds=1800)
def load_task(crawl_dir: Path, db: Path) -> dict[str, Any]:
    """Upsert every pending crawl file into the warehouse, then move it to `loaded/` (re-loading is harmless)."""
    result = load_crawl_files(crawl_dir, db, warn=_logger().warning).as_dict()
    _logger().info("loaded %s file(s): %s new, %s updated, %s unchanged, %s invalid line(s)", result["files"],
                   result["new"], result["updated"], result["unchanged"], result["invalid"])
    return result


# ---------------------------------------------------------------------------------------------------- extract

@task(name="extract", cache_policy=NO_CACHE, timeout_seconds=4 * 3600)
def extract_task(db: Path, n_process: int = 1) -> dict[str, Any]:
    """Extract incidents from every article that needs it (new, changed, or from another extractor version)."""
    stats = extract_pending(db, n_process=n_process).as_dict()
    _logger().info("extracted %s article(s): %s in scope, %s mention(s), %s error(s)", stats["articles"],
                   stats["in_scope"], stats["mentions"], stats["errors"])
    return stats


# ---------------------------------------------------------------------------------------------------- resolve

@task(name="resolve", cache_policy=NO_CACHE, timeout_seconds=1800)
def resolve_task(db: Path, since: dt.datetime) -> dict[str, Any]:
    """Resolve unresolved mentions into incidents: the resolver's counts, and the incidents per commune new or
    updated since `since` (the run's start)."""
    stats = resolve_pending(db, since)
    _logger().info("resolved: %s new, %s updated incident(s); per commune %s", stats["new_incidents"],
                   stats["updated_incidents"], stats["per_commune"])
    return stats


# ---------------------------------------------------------------------------------------------------- views

@task(name="refresh-views", cache_policy=NO_CACHE, timeout_seconds=300)
def views_task(db: Path) -> dict[str, Any]:
    """Re-create the analyst views (cheap; picks up view files added since the last run)."""
    with write_connection(db) as con:
        names = build_views(con)
    return {"views": len(names)}


# ---------------------------------------------------------------------------------------------------- outlets

@task(name="outlet-health", cache_policy=NO_CACHE, timeout_seconds=300)
def health_task(db: Path, outbox: Path | None = None) -> dict[str, Any]:
    """The outlets needing attention (failing, parse_degraded, silent) after this run's crawl; the operator is
    emailed when one changes state."""
    result = notify_outlet_changes(db, Settings.from_env(), operator_email(), outbox=outbox)
    for f in result["flagged"]:
        _logger().warning("outlet %s is %s: %s", f["outlet"], f["state"], f["detail"])
    return result


# ---------------------------------------------------------------------------------------------------- site

@task(name="build-site", cache_policy=NO_CACHE, timeout_seconds=900)
def site_task(db: Path, out: Path) -> dict[str, Any]:
    """Regenerate the public static site from the warehouse's views (pages replaced atomically)."""
    from website.build import build_site  # Jinja2 templates, loaded only when the stage runs

    stats = build_site(db, out).as_dict()
    _logger().info("site: %s files in %s (%s incidents)", stats["pages"], stats["out"], stats["incidents"])
    return stats


# ---------------------------------------------------------------------------------------------------- digest

@task(name="send-digests", cache_policy=NO_CACHE, retries=DIGEST_RETRIES,
      retry_delay_seconds=exponential_backoff(backoff_factor=DIGEST_BACKOFF), retry_jitter_factor=0.2,
      timeout_seconds=1800)
def digest_task(db: Path, outbox: Path | None = None, now: dt.datetime | None = None) -> dict[str, Any]:
    """Send each subscriber the digest of new incidents (exactly once per period: see `deliveries`)."""
    from alerts.digest import send_digests  # heavy (matplotlib for the chart)

    stats = as_dict(send_digests(db, Settings.from_env(), outbox=outbox, now=now))
    _logger().info("digests: %s", stats)
    if stats.get("failed"):
        # The failed deliveries are recorded; raising makes Prefect retry them with backoff (sent ones are not resent).
        raise DigestFailed(f"{stats['failed']} of {stats.get('subscribers')} digest(s) not delivered "
                           "(see deliveries.last_error); the next run retries them")
    return stats


class DigestFailed(RuntimeError):
    """Some digests could not be delivered (SMTP down, refused recipient)."""
