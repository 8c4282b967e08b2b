"""`incidents demo`: the nightly pipeline, through Prefect, on the bundled offline sample news site.

Serves `incidents/demo_site` on 127.0.0.1, writes a sources registry pointing at it, adds a demo subscriber when
there is none, runs the `nightly` flow (ephemeral Prefect API; it also builds the public site) and prints what
happened and where the site is. Running it again adds nothing and sends no second digest. Needs no network.
The digest's unsubscribe link points at `incidents web` on this machine (http://127.0.0.1:8000) unless
INCIDENTS_PUBLIC_URL says otherwise.
"""

from __future__ import annotations

import datetime as dt
import json
import contextlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from alerts.subscribers import add_subscriber
from core.net import port_is_free
from core.settings import site_dir
from incidents.demo_site.site import Site, load_site, serve, sources_toml
from warehouse.db import write_connection

DEFAULT_DB = Path("data") / "demo.duckdb"
DEFAULT_OUTBOX = Path("data") / "outbox"
DEFAULT_PORT = 8754
DEMO_SUBSCRIBER = "demo@example.org"
DEMO_PUBLIC_URL = "http://127.0.0.1:8000"   # `incidents web`'s default address
# The sample site is local: no politeness delay needed (the real outlets keep crawlers/settings.py's defaults).
LOCAL_CRAWL_SETTINGS = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "CONCURRENT_REQUESTS_PER_DOMAIN": 8}
PREFECT_DEFAULTS = {"PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
                    "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}


def prefect_environment(verbose: bool = False) -> None:
    """Settings the ephemeral Prefect API needs (kept when the user set them)."""
    for key, value in PREFECT_DEFAULTS.items():
        os.environ.setdefault(key, value)
    if not verbose:
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")


def state_file(db: Path) -> Path:
    return db.with_name(db.stem + ".site.json")


def read_state(db: Path) -> dict[str, Any]:
    """What earlier demo runs on this database used: the site's port and its clock anchor."""
    try:
        state = json.loads(state_file(db).read_text(encoding="utf-8"))
        return state if isinstance(state, dict) else {}
    except (OSError, ValueError):
        return {}


def choose_port(state: dict[str, Any], requested: int | None) -> int:
    """The port to serve on: the requested one, else the one earlier demo runs on this database used (article URLs
    include it, so keeping it means a second run sees the same URLs), else 8754, else any free port."""
    if requested:
        return requested
    candidates = [state["port"]] if isinstance(state.get("port"), int) else []
    candidates.append(DEFAULT_PORT)
    for port in candidates:
        if port_is_free(port):
            return port
    return 0


def anchored(site: Site, state: dict[str, Any]) -> Site:
    """The site with the clock of the first demo run on this database, so feeds and pages stay byte-identical."""
    try:
        site.now = dt.datetime.fromisoformat(state["anchor"])
    except (KeyError, TypeError, ValueError):
        pass
    return site


@contextlib.contextmanager
def public_url_default(url: str = DEMO_PUBLIC_URL):
    """INCIDENTS_PUBLIC_URL set to `url` for the block unless the user set it (the digest links to `incidents web`)."""
    if os.environ.get("INCIDENTS_PUBLIC_URL"):
        yield
        return
    os.environ["INCIDENTS_PUBLIC_URL"] = url
    try:
        yield
    finally:
        os.environ.pop("INCIDENTS_PUBLIC_URL", None)


@dataclass
class DemoResult:
    db: Path
    outbox: Path
    base_url: str
    counts: dict[str, Any]
    status: str
    error: str | None
    incidents_by_commune: list[tuple[str, int]]
    incidents_total: int
    articles_total: int
    subscriber_note: str
    port_changed: bool
    site: Path


def ensure_subscriber(db: Path) -> str:
    """Add the demo subscriber unless the database has one; returns what was done (or why it could not be)."""
    with write_connection(db) as con:
        if con.execute("SELECT count(*) FROM subscribers").fetchone()[0]:
            return "subscribers already present: kept as they are"
        add_subscriber(con, DEMO_SUBSCRIBER, language="fr")
    return f"added demo subscriber {DEMO_SUBSCRIBER} (all communes, all types)"


def run_demo(db: Path = DEFAULT_DB, outbox: Path = DEFAULT_OUTBOX, port: int | None = None, verbose: bool = False,
             site: Site | None = None, echo: Callable[[str], None] = print) -> DemoResult:
    """Serve the site, run the nightly flow on it, and return what happened (the flow's failure is reported, not raised)."""
    prefect_environment(verbose)
    from flows.nightly import nightly_flow
    from flows.runner import StageFailed

    db, outbox = Path(db), Path(outbox)
    site_path = site_dir(db)
    db.parent.mkdir(parents=True, exist_ok=True)
    state = read_state(db)
    site = anchored(site or load_site(), state)
    with serve(site, port=choose_port(state, port)) as running:
        state_file(db).write_text(json.dumps({"port": running.port, "anchor": site.now.isoformat()}), encoding="utf-8")
        port_changed = "port" in state and state["port"] != running.port
        if port_changed:
            echo(f"warning: port {state['port']} used by earlier demo runs is busy; serving on {running.port}, so "
                 "the articles get new URLs and are stored again (pass --port to choose)")
        sources = db.with_name(db.stem + ".sources.toml")
        sources.write_text(sources_toml(site, running.base_url), encoding="utf-8")
        echo(f"sample site: {running.base_url} ({len(site.outlets)} outlets, {len(site.articles)} articles)")
        subscriber_note = ensure_subscriber(db)
        echo(subscriber_note)
        echo("running the nightly flow through Prefect (an ephemeral API starts first; this takes a few seconds)")
        status, error = "completed", None
        try:
            with public_url_default():
                nightly_flow(db=str(db), sources=str(sources), outbox=str(outbox), crawl_settings=LOCAL_CRAWL_SETTINGS,
                             site_dir=str(site_path))
        except StageFailed as exc:
            status, error = "failed", str(exc)
    with write_connection(db) as con:
        row = con.execute("SELECT status, counts, error FROM runs WHERE flow = 'nightly' "
                          "ORDER BY started_at DESC LIMIT 1").fetchone()
        by_commune = con.execute("SELECT coalesce(commune, 'unknown'), count(*) FROM incidents "
                                 "WHERE status = 'active' GROUP BY ALL ORDER BY 2 DESC, 1").fetchall()
        total = con.execute("SELECT count(*) FROM incidents WHERE status = 'active'").fetchone()[0]
        articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    counts = json.loads(row[1]) if row and row[1] else {}
    if row:
        status, error = row[0], row[2] or error
    return DemoResult(db, outbox, running.base_url, counts, status, error, by_commune, total, articles,
                      subscriber_note, port_changed, site_path)


def report(result: DemoResult) -> str:
    """The summary printed after the demo run."""
    c = result.counts
    lines = ["", f"nightly run: {result.status}"]
    load = c.get("load") or {}
    if "new" in load:
        lines.append(f"articles: {load['new']} new, {load['updated']} updated, {load['unchanged']} unchanged "
                     f"({result.articles_total} stored)")
        for outlet, o in (load.get("by_outlet") or {}).items():
            lines.append(f"  {outlet:<14} {o.get('new', 0):>3} new  {o.get('updated', 0):>3} updated  "
                         f"{o.get('unchanged', 0):>3} unchanged")
        if load["new"] == 0 and load["updated"] == 0:
            lines.append("  (no new articles: everything on the site is already stored)")
    extract = c.get("extract") or {}
    if "articles" in extract:
        lines.append(f"extraction: {extract['articles']} article(s) processed, {extract['in_scope']} in scope, "
                     f"{extract['mentions']} mention(s), {extract['errors']} error(s)")
    resolve = c.get("resolve") or {}
    if "new_incidents" in resolve:
        lines.append(f"incidents: {result.incidents_total} in the warehouse "
                     f"({resolve['new_incidents']} new, {resolve['updated_incidents']} updated in this run)")
        for commune, n in result.incidents_by_commune:
            lines.append(f"  {commune:<28} {n}")
    digest = c.get("digest") or {}
    if digest and digest.get("status") != "failed":
        lines.append("digests: " + ", ".join(f"{k} {v}" for k, v in digest.items() if not isinstance(v, (dict, list))))
    if result.error:
        lines.append(f"errors: {result.error}")
    emails = sorted(result.outbox.glob("**/*.eml"), key=lambda p: p.stat().st_mtime) if result.outbox.is_dir() else []
    lines += ["", f"warehouse: {result.db}  (query it: incidents sql --db {result.db} \"SELECT * FROM incidents\")",
              f"digest emails: {result.outbox}/ ({len(emails)} file(s)" + (f", latest {emails[-1].name})" if emails else ")")]
    index = result.site / "index.html"
    if index.is_file():
        lines += [f"public site: {index}  (open it in a browser, or serve it with the digest's unsubscribe link:",
                  f"  incidents web --db {result.db} --site {result.site}  then http://127.0.0.1:8000/)"]
    return "\n".join(lines)
