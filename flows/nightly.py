"""The nightly flow: crawl -> load -> extract -> resolve -> views -> outlet health -> site -> digests.

Idempotent: every stage only does what is left (articles upserted by URL, extraction by content hash and
extractor version, resolution of unresolved mentions, one delivery per subscriber and period), so a second run
changes nothing and a run killed at any point is completed by the next one.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from prefect import flow

from core.settings import default_db_path, site_dir as default_site_dir
from flows import tasks
from flows.runner import Stage, current_run_id, execute
from warehouse import runs

FLOW_NAME = "nightly"
MAX_LATENESS_HOURS = 24.0


def crawl_dir_for(db: Path, work_dir: str | None) -> Path:
    """Where crawl outputs wait to be loaded: `work_dir`, else `<db folder>/crawl/`."""
    return Path(work_dir) if work_dir else db.parent / "crawl"


def lateness(now: dt.datetime | None = None) -> dt.timedelta:
    """How late this flow run started compared to its scheduled start time (zero for ad-hoc runs)."""
    from prefect.runtime import flow_run

    scheduled = flow_run.scheduled_start_time
    now = now or dt.datetime.now(dt.timezone.utc)
    return max(now - scheduled, dt.timedelta(0))


@flow(name=FLOW_NAME, description=__doc__.splitlines()[0], log_prints=True)
def nightly_flow(db: str | None = None, sources: str | None = None, outbox: str | None = None,
                 work_dir: str | None = None, n_process: int = 1,
                 max_lateness_hours: float = MAX_LATENESS_HOURS,
                 crawl_settings: dict[str, Any] | None = None, site_dir: str | None = None) -> dict[str, Any]:
    """Run the whole pipeline once.

    db: warehouse file (default `$INCIDENTS_DB`, else `data/incidents.duckdb`); sources: registry TOML (default the
    packaged `crawlers/sources.toml`); outbox: write digests as .eml files there instead of SMTP; work_dir: crawl
    outputs (default `<db folder>/crawl`); n_process: extraction processes; max_lateness_hours: a scheduled run
    starting later than this is skipped and recorded as `skipped`; crawl_settings: Scrapy setting overrides; site_dir:
    where the public site is written (default `$INCIDENTS_SITE_DIR`, else `<db folder>/site`).
    """
    db_path = Path(db) if db else default_db_path()
    run_id = current_run_id()
    late = lateness()
    if late > dt.timedelta(hours=max_lateness_hours):
        reason = (f"late run: started {late.total_seconds() / 3600:.1f} h after its scheduled time "
                  f"(limit {max_lateness_hours:g} h); the next scheduled run will catch up")
        print(reason)
        runs.record_skipped(db_path, run_id, FLOW_NAME, reason, {"late_hours": round(late.total_seconds() / 3600, 2)})
        return {"status": "skipped", "reason": reason}

    started = runs.utcnow()
    crawl_dir = crawl_dir_for(db_path, work_dir)
    crawl_dir.mkdir(parents=True, exist_ok=True)
    crawl_out = crawl_dir / f"{started:%Y%m%dT%H%M%S}-{run_id[:8]}.jsonl"
    outbox_path = Path(outbox) if outbox else None
    site_path = Path(site_dir) if site_dir else default_site_dir(db_path)
    return execute(db_path, FLOW_NAME, run_id=run_id, started_at=started, stages=[
        Stage("crawl", lambda: tasks.crawl_task(Path(sources) if sources else None, crawl_out, db_path,
                                                  settings=crawl_settings, run_id=run_id, started_at=started),
              soft=True),
        Stage("load", lambda: tasks.load_task(crawl_dir, db_path)),
        Stage("extract", lambda: tasks.extract_task(db_path, n_process)),
        Stage("resolve", lambda: tasks.resolve_task(db_path, started)),
        Stage("views", lambda: tasks.views_task(db_path)),
        Stage("outlets", lambda: tasks.health_task(db_path, outbox_path), soft=True),
        # soft: a site that cannot be written (disk full) must not hold back the subscribers' digests
        Stage("site", lambda: tasks.site_task(db_path, site_path), soft=True),
        Stage("digest", lambda: tasks.digest_task(db_path, outbox_path)),
    ])
