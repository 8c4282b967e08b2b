"""`incidents web` as a real process on a real warehouse file: the site, one-click unsubscribe (same answer for any
token, waits for a write lock held by another process, queued and never lost), the health check."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from core.settings import Settings
from warehouse.db import connect, write_connection
from website.build import build_site

UTC = dt.timezone.utc
NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def http(method: str, url: str, body: bytes | None = None) -> tuple[int, str]:
    req = urllib.request.Request(url, data=body, method=method)
    if body is not None:
        req.add_header("Content-Type", "application/x-www-form-urlencoded")
    try:
        with urllib.request.urlopen(req, timeout=90) as resp:
            return resp.status, resp.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def one_click(base: str, token: str) -> tuple[int, str]:
    return http("POST", f"{base}/unsubscribe?token={token}", b"List-Unsubscribe=One-Click")


def is_active(db: Path, token: str) -> bool:
    con = connect(db, read_only=True)
    try:
        return con.execute("SELECT active FROM subscribers WHERE unsubscribe_token = ?", [token]).fetchone()[0]
    finally:
        con.close()


def add_subscriber(db: Path) -> str:
    token = f"tok-{uuid.uuid4().hex}"
    with write_connection(db) as con:
        con.execute("INSERT INTO subscribers (subscriber_id, email, language, unsubscribe_token, created_at) "
                    "VALUES (?, ?, 'fr', ?, ?)", [uuid.uuid4().hex, f"{token}@example.org", token, NOW])
    return token


def add_run(db: Path, status: str, ended: dt.datetime) -> None:
    with write_connection(db) as con:
        con.execute("INSERT INTO runs (run_id, flow, started_at, ended_at, status, error) VALUES (?, 'nightly', ?, ?, ?, ?)",
                    [uuid.uuid4().hex, ended - dt.timedelta(minutes=5), ended, status,
                     "crawl: boom" if status == "failed" else None])


class LockHolder:
    """Another process holding the DuckDB write lock until `release()`."""

    def __init__(self, db: Path):
        code = "import duckdb, sys; con = duckdb.connect(sys.argv[1]); print('locked', flush=True); sys.stdin.read()"
        self.proc = subprocess.Popen([sys.executable, "-c", code, str(db)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout.readline().strip() == "locked"

    def release(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


@pytest.fixture(scope="module")
def served(tmp_path_factory, web_service):
    folder = tmp_path_factory.mktemp("web")
    db = folder / "incidents.duckdb"
    connect(db).close()
    build_site(db, folder / "site", now=NOW)
    base = web_service(folder / "site", db, INCIDENTS_LOCK_WAIT_SECONDS="30")
    return base, db


def test_serves_the_site(served):
    base, _ = served
    status, body = http("GET", base + "/")
    assert status == 200 and 'href="en/index.html"' in body
    status, body = http("GET", base + "/nl/commune/anderlecht.html")
    assert status == 200 and "<h1>Anderlecht</h1>" in body
    assert http("GET", base + "/en/nothing.html")[0] == 404


def test_healthz_reports_the_last_finished_run(served):
    base, db = served
    status, body = http("GET", base + "/healthz")
    assert status == 503 and '"none"' in body
    add_run(db, "completed", NOW)
    status, body = http("GET", base + "/healthz")
    assert status == 200 and '"status":"completed"' in body and NOW.isoformat()[:16] in body
    add_run(db, "failed", NOW + dt.timedelta(days=1))
    status, body = http("GET", base + "/healthz")
    assert status == 503 and '"status":"failed"' in body and "crawl: boom" in body


def test_get_shows_a_form_and_unsubscribes_nobody(served):
    base, db = served
    token = add_subscriber(db)
    status, body = http("GET", f"{base}/unsubscribe?token={token}")
    assert status == 200 and '<form method="post"' in body and f"token={token}" in body
    assert is_active(db, token)


def test_one_click_unsubscribes_and_answers_the_same_for_any_token(served):
    base, db = served
    token = add_subscriber(db)
    status, body = one_click(base, token)
    assert status == 200 and not is_active(db, token)
    assert one_click(base, "no-such-token") == (status, body)
    assert one_click(base, token) == (status, body)   # twice is harmless


def test_one_click_waits_for_another_process_write_lock(served):
    base, db = served
    token = add_subscriber(db)
    holder = LockHolder(db)
    answer: list = []
    request = threading.Thread(target=lambda: answer.append(one_click(base, token)))
    request.start()
    time.sleep(2)
    assert request.is_alive() and not answer   # waiting for the lock, not failing
    holder.release()
    request.join(timeout=60)
    assert answer and answer[0][0] == 200
    assert not is_active(db, token)
    assert not db.with_name(db.name + ".unsubscribe").exists()


def test_an_unsubscribe_outlasting_the_lock_wait_is_queued_and_applied_later(tmp_path, web_service):
    from incidents.web import RETRY_SECONDS

    db = tmp_path / "incidents.duckdb"
    connect(db).close()
    token = add_subscriber(db)
    (tmp_path / "site").mkdir()
    base = web_service(tmp_path / "site", db, INCIDENTS_LOCK_WAIT_SECONDS="0.5")
    holder = LockHolder(db)
    assert one_click(base, token)[0] == 200
    queue = db.with_name(db.name + ".unsubscribe")
    assert queue.read_text().split() == [token]
    holder.release()
    deadline = time.monotonic() + RETRY_SECONDS * 4
    while queue.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not queue.exists() and not is_active(db, token)


def test_digest_links_point_at_the_public_url():
    settings = Settings.from_env({"INCIDENTS_PUBLIC_URL": "https://incidents.example.org/"})
    assert settings.unsubscribe_base_url == "https://incidents.example.org/unsubscribe"
    assert Settings.from_env({}).unsubscribe_base_url == "https://brussels-incidents.invalid/unsubscribe"
