"""Public crawl API: run a Scrapy crawl in a child process and return its statistics."""

from __future__ import annotations

import collections
import contextlib
import datetime as dt
import json
import logging
import os
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from crawlers.child import PARENT_ENV
from crawlers.network import any_resolves, hosts_of
from crawlers.sources import enabled_outlets, load_sources
from crawlers.state import known_articles
from core.settings import Settings
from core.stop import Terminated, sigterm_raises
from core.errors import UserError

log = logging.getLogger(__name__)

MODES = ("feeds", "sitemaps")
STDERR_TAIL = 40
STOP_GRACE_SECONDS = 3.0  # a stopped crawl's child gets this long to stop on SIGTERM before it is killed


class CrawlError(RuntimeError):
    """The crawl child process failed; the message carries its last stderr lines."""


class NetworkDown(CrawlError):
    """Not one outlet host resolves: nothing in this run can succeed (not worth retrying)."""


@dataclass
class CrawlStats:
    feeds_read: int = 0
    entries_seen: int = 0
    new_articles: int = 0
    updated_articles: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    errors_by_outlet: dict[str, int] = field(default_factory=dict)
    articles_by_outlet: dict[str, int] = field(default_factory=dict)
    by_outlet: dict[str, dict] = field(default_factory=dict)  # per-outlet counts (crawlers.tally.OUTLET_COUNTERS...)

    @property
    def articles(self) -> int:
        return self.new_articles + self.updated_articles

    def failing_outlets(self) -> list[str]:
        """Outlets every request of which failed (errors, HTTP errors, robots.txt refusals): nothing read at all."""
        return sorted(name for name, c in self.by_outlet.items()
                      if c.get("requests") and c.get("failures", 0) + c.get("robots_refused", 0) >= c["requests"])


def crawl(sources: Path, out: Path, *, db: Path | None, mode: str = "feeds", date_from: dt.date | None = None,
          date_to: dt.date | None = None, settings_overrides: dict | None = None,
          outlets: list[str] | None = None) -> CrawlStats:
    """Crawl the enabled outlets of `sources` into the Articles JSONL `out` (replaced atomically on success).

    URLs already in the warehouse `db` are skipped unless their feed says they changed. `mode="sitemaps"`
    reads the outlets' sitemaps, keeping entries published in [date_from, date_to] (the backfill).
    """
    if mode not in MODES:
        raise UserError(f"unknown crawl mode {mode!r}; use one of {', '.join(MODES)}")
    if date_from and date_to and date_from > date_to:
        raise UserError(f"--from {date_from} is after --to {date_to}")
    registry = enabled_outlets(load_sources(sources), outlets)
    if not registry:
        raise UserError(f"{sources}: no enabled outlet to crawl")
    hosts = hosts_of([u for o in registry for u in (o.feeds if mode == "feeds" else o.sitemaps)])
    if not any_resolves(hosts):
        raise NetworkDown(f"network is down: no outlet host resolves ({len(hosts)} tried, e.g. {hosts[0]})")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    user_agent = Settings.from_env().user_agent
    with sigterm_raises(), _removed_unless_renamed(partial), \
            tempfile.TemporaryDirectory(prefix="incidents-crawl-") as tmp:
        tmpdir = Path(tmp)
        known_path = tmpdir / "known.json"
        known_path.write_text(json.dumps(known_articles(db)), encoding="utf-8")
        config = {
            "mode": mode, "outlets": [o.as_dict() for o in registry], "known": str(known_path),
            "articles_out": str(partial), "stats_out": str(tmpdir / "stats.json"),
            "date_from": date_from.isoformat() if date_from else None,
            "date_to": date_to.isoformat() if date_to else None,
            "settings": {"USER_AGENT": user_agent, **(settings_overrides or {})},
        }
        config_path = tmpdir / "config.json"
        config_path.write_text(json.dumps(config), encoding="utf-8")
        returncode, tail = _run_child(config_path)
        stats_path = tmpdir / "stats.json"
        if returncode != 0 or not stats_path.exists():
            raise CrawlError(f"crawl child process failed (exit code {returncode}); last stderr lines:\n"
                             + "\n".join(tail))
        stats = CrawlStats(**json.loads(stats_path.read_text(encoding="utf-8")))
        if not partial.exists():  # no item at all: the pipeline may not have opened the file
            partial.write_text("", encoding="utf-8")
        os.replace(partial, out)
    return stats


@contextlib.contextmanager
def _removed_unless_renamed(partial: Path):
    """A failed or stopped crawl leaves no `.partial` file: its articles were never loaded, so the next crawl
    fetches them again (the warehouse decides what is new)."""
    try:
        yield
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def _run_child(config_path: Path) -> tuple[int, list[str]]:
    """Run the child, relaying its stderr (progress lines, warnings) live; return (exit code, last lines)."""
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[1])
    env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env[PARENT_ENV] = str(os.getpid())
    proc = subprocess.Popen([sys.executable, "-m", "crawlers.child", str(config_path)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, errors="replace")
    tail: collections.deque[str] = collections.deque(maxlen=STDERR_TAIL)

    def relay() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            line = line.rstrip("\n")
            tail.append(line)
            print(line, file=sys.stderr, flush=True)

    reader = threading.Thread(target=relay, daemon=True)
    reader.start()
    try:
        returncode = proc.wait()
    except BaseException as exc:  # SIGTERM (Terminated, Prefect's TerminationSignal), Ctrl-C, a task timeout
        _stop(proc)
        what = f"signal {exc.signum}" if isinstance(exc, Terminated) else type(exc).__name__
        print(f"[crawl] stopped ({what}): crawl child ended, partial output removed", file=sys.stderr, flush=True)
        raise
    reader.join(timeout=10)
    return returncode, list(tail)


def _stop(proc: subprocess.Popen) -> None:
    """SIGTERM the child (Scrapy closes down), SIGKILL it when it has not ended within STOP_GRACE_SECONDS."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=STOP_GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            proc.kill()
    proc.wait()
