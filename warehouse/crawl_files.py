"""Crawl outputs waiting in a folder: read them, upsert their articles by outlet, then move them to `loaded/`.

A crawl file is Articles JSONL (+ `modified`, `fetched_at`). A bad line (malformed JSON, not an object, not a valid
article) is reported and counted, not fatal: the file's other articles are still loaded. Beside it, the crawl's
per-outlet counts (`<name>.outlets.json`, written by the crawl stage) are loaded into `outlet_runs` with it.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from core.errors import UserError
from core.jsonl import read_jsonl
from core.schema import validate_article
from warehouse.db import write_connection
from warehouse.load import upsert_articles
from warehouse.outlets import record_outlet_runs

log = logging.getLogger(__name__)

LOADED_DIR = "loaded"  # crawl files already in the warehouse move here
CRAWL_KEYS = ("modified", "fetched_at")  # crawl metadata kept beside the Articles JSONL fields
COUNTS_SUFFIX = ".outlets.json"  # <crawl file stem>.outlets.json: the crawl's per-outlet counts


@dataclass
class LoadStats:
    files: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    invalid: int = 0  # bad lines skipped
    outlet_runs: int = 0  # per-outlet crawl counts recorded (outlet health)
    by_outlet: dict[str, dict[str, int]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"files": self.files, "new": self.new, "updated": self.updated, "unchanged": self.unchanged,
                "invalid": self.invalid, "outlet_runs": self.outlet_runs,
                "by_outlet": {o: dict(c) for o, c in sorted(self.by_outlet.items())}}


def counts_path(crawl_file: Path) -> Path:
    return crawl_file.with_name(crawl_file.stem + COUNTS_SUFFIX)


def write_crawl_counts(crawl_file: Path, run_id: str, started_at: dt.datetime, mode: str,
                       by_outlet: dict[str, dict[str, Any]]) -> Path:
    """Put a crawl's per-outlet counts beside its output, for the load to record (atomically)."""
    path = counts_path(crawl_file)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps({"run_id": run_id, "started_at": started_at.isoformat(), "mode": mode,
                               "by_outlet": by_outlet}), encoding="utf-8")
    tmp.replace(path)
    return path


def _record_counts(path: Path, db: Path, warn: Callable[[str], None]) -> int:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return record_outlet_runs(db, str(data["run_id"]), dt.datetime.fromisoformat(data["started_at"]),
                                  str(data["mode"]), dict(data["by_outlet"]))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        warn(f"skipping unreadable crawl counts {path.name}: {exc}")
        return 0


def pending_crawl_files(crawl_dir: Path) -> list[Path]:
    """Crawl outputs not yet loaded (this run's and any a killed run left behind), oldest first."""
    if not crawl_dir.is_dir():
        return []
    return sorted((p for p in crawl_dir.glob("*.jsonl") if p.is_file()), key=lambda p: p.stat().st_mtime)


def read_crawl_file(path: Path, warn: Callable[[str], None] = log.warning) -> tuple[list[dict[str, Any]], int]:
    """(valid articles, number of bad lines) of a crawl output; each bad line is passed to `warn` and skipped."""
    articles: list[dict[str, Any]] = []
    bad = 0

    def skip(lineno: int, problem: str) -> None:
        nonlocal bad
        bad += 1
        warn(f"skipping bad article line {path.name}:{lineno}: {problem}")

    for lineno, obj in read_jsonl(path, on_error=skip):
        try:
            art = validate_article(obj, f"{path}:{lineno}")
        except UserError as exc:
            skip(lineno, str(exc))
            continue
        art.update({k: obj[k] for k in CRAWL_KEYS if obj.get(k)})
        articles.append(art)
    return articles, bad


def load_crawl_files(crawl_dir: Path, db: Path, warn: Callable[[str], None] = log.warning) -> LoadStats:
    """Upsert the articles of every pending crawl file (by URL, one short write transaction per outlet), then move
    the file to `loaded/`. Loading a file again is harmless, so a run killed mid-way is completed by the next."""
    stats = LoadStats()
    by_outlet: dict[str, Counter[str]] = defaultdict(Counter)
    for path in pending_crawl_files(crawl_dir):
        articles, bad = read_crawl_file(path, warn)
        stats.invalid += bad
        groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for art in articles:
            groups[art.get("outlet") or "unknown"].append(art)
        for outlet, group in sorted(groups.items()):
            with write_connection(db) as con:
                upserted = upsert_articles(con, group)
            by_outlet[outlet].update(upserted.as_dict())
            stats.new += upserted.new
            stats.updated += upserted.updated
            stats.unchanged += upserted.unchanged
        done = crawl_dir / LOADED_DIR
        done.mkdir(exist_ok=True)
        counts = counts_path(path)
        if counts.is_file():
            stats.outlet_runs += _record_counts(counts, db, warn)
            counts.replace(done / counts.name)
        path.replace(done / path.name)
        stats.files += 1
    stats.by_outlet = {o: dict(c) for o, c in by_outlet.items()}
    return stats
