"""`incidents web`: one process (Starlette + uvicorn) serving the public site, the digests' unsubscribe links and a
health check.

- `/...`                 the site directory (`incidents site` / the nightly `site` stage writes it)
- `GET /unsubscribe`     a confirmation page with a one-button form (mail scanners that follow links unsubscribe nobody)
- `POST /unsubscribe`    RFC 8058 one-click (body `List-Unsubscribe=One-Click`) and the form: the subscriber is
                         deactivated; the answer is the same 200 page whatever the token, so tokens cannot be probed
- `GET /healthz`         the last finished run from `runs`: 200 when it completed, 503 otherwise or when there is none

DuckDB allows one writing process or many readers, and the nightly run writes: this service opens the database only
per request and briefly. An unsubscribe is first appended to a queue file beside the database (`<db>.unsubscribe`),
then applied in a write connection that waits for the lock (`INCIDENTS_LOCK_WAIT_SECONDS`); if the lock stays taken
the queue is retried every few seconds and at the next start, so an unsubscribe is never lost.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import threading
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from alerts.subscribers import unsubscribe
from core.errors import UserError
from core.vocabulary import LANGUAGES
from warehouse.db import DatabaseLocked, read_connection, write_connection
from warehouse.runs import last_finished_run
from website.build import render
from website.strings import strings

log = logging.getLogger(__name__)

RETRY_SECONDS = 5.0          # how often queued unsubscribes are retried while the database stays locked
HEALTH_WAIT_SECONDS = 2.0    # a health check waits this long for a locked database, then answers from memory


class UnsubscribeQueue:
    """Tokens waiting to be applied, in a file beside the database (one per line), so none is lost to a lock or a
    restart. One process serves the queue; a lock keeps its threads from interleaving."""

    def __init__(self, db: Path):
        self.db = db
        self.path = db.with_name(db.name + ".unsubscribe")
        self._lock = threading.Lock()

    def add(self, token: str) -> None:
        with self._lock, open(self.path, "a", encoding="utf-8") as f:
            f.write(token.replace("\n", "").replace("\r", "") + "\n")

    def pending(self) -> list[str]:
        try:
            return [t for t in self.path.read_text(encoding="utf-8").splitlines() if t]
        except FileNotFoundError:
            return []

    def drain(self, wait_seconds: float | None = None) -> int:
        """Apply every queued token in one write connection (waiting for the lock); returns how many were applied.
        Raises DatabaseLocked when the lock is still held after the wait (the tokens stay queued)."""
        with self._lock:
            tokens = self.pending()
            if not tokens:
                return 0
            with write_connection(self.db, wait_seconds=wait_seconds) as con:
                for token in dict.fromkeys(tokens):
                    sub = unsubscribe(con, token)
                    if sub is not None:
                        log.info("unsubscribed subscriber %s", sub.subscriber_id)
            self.path.unlink(missing_ok=True)
            return len(tokens)


def _retry_loop(queue: UnsubscribeQueue, stop: threading.Event, every: float) -> None:
    while not stop.wait(every):
        if queue.pending():
            try:
                queue.drain(wait_seconds=0)
            except DatabaseLocked:
                continue
            except Exception:  # noqa: BLE001 - keep retrying; the tokens stay queued
                log.exception("queued unsubscribes not applied yet")


def _page(state: str, token: str | None) -> HTMLResponse:
    languages = [{"code": lang, "name": strings()[lang]["language_name"], "s": strings()[lang]} for lang in LANGUAGES]
    return HTMLResponse(render("unsubscribe.html.j2", state=state, token=token, languages=languages))


def create_app(site: Path, db: Path, retry_seconds: float = RETRY_SECONDS) -> Starlette:
    """The web application: the site, /unsubscribe and /healthz (see the module docstring); queued unsubscribes are
    retried every `retry_seconds`."""
    site, db = Path(site), Path(db)
    queue = UnsubscribeQueue(db)
    health: dict[str, Any] = {}

    def unsubscribe_get(request: Request) -> Response:
        token = request.query_params.get("token")
        return _page("confirm" if token else "missing", token)

    def unsubscribe_post(request: Request) -> Response:
        token = request.query_params.get("token")
        if not token:
            return _page("missing", None)
        queue.add(token)
        try:
            queue.drain()
        except DatabaseLocked:
            log.warning("database still locked: the unsubscribe stays queued and is retried")
        return _page("done", None)

    def healthz(request: Request) -> Response:
        try:
            with read_connection(db, wait_seconds=HEALTH_WAIT_SECONDS) as con:
                run = last_finished_run(con)
            health.clear()
            health.update(run or {})
            stale = False
        except DatabaseLocked:
            run, stale = (dict(health) or None), True
        except UserError as exc:
            return JSONResponse({"status": "unknown", "error": str(exc)}, status_code=503)
        if run is None:
            return JSONResponse({"status": "none", "detail": "no finished run recorded"}, status_code=503)
        body = {"status": run["status"], "flow": run["flow"], "started_at": _iso(run["started_at"]),
                "ended_at": _iso(run["ended_at"]), "error": run["error"], "stale": stale}
        return JSONResponse(body, status_code=200 if run["status"] == "completed" else 503)

    stop = threading.Event()

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        worker = threading.Thread(target=_retry_loop, args=(queue, stop, retry_seconds), name="unsubscribe-retry", daemon=True)
        worker.start()
        yield
        stop.set()

    return Starlette(routes=[
        Route("/unsubscribe", unsubscribe_get, methods=["GET"]),
        Route("/unsubscribe", unsubscribe_post, methods=["POST"]),
        Route("/healthz", healthz, methods=["GET"]),
        Mount("/", StaticFiles(directory=site, html=True, check_dir=False)),
    ], lifespan=lifespan)


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def serve(site: Path, db: Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Run the web service until interrupted (queued unsubscribes from an earlier run are applied first)."""
    import uvicorn

    if not Path(site).is_dir():
        raise UserError(f"{site}: no site there; build it with `incidents site --out {site}` (or `make demo`)")
    if not Path(db).exists():
        raise UserError(f"{db}: no such database; run `incidents run` or `make demo` first, or pass --db")
    queue = UnsubscribeQueue(Path(db))
    try:
        queue.drain(wait_seconds=0)
    except DatabaseLocked:
        pass  # the retry loop applies them
    uvicorn.run(create_app(site, db), host=host, port=port, log_level="warning")
