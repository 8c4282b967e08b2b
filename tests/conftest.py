"""Shared fixtures: the ../shared material (skipped when absent), a fresh warehouse file, and a warehouse of fictional
incidents (`warehouse`, used by the alerts and website tests)."""

from __future__ import annotations

import datetime as dt
import os
import secrets
import uuid
from pathlib import Path

import pytest

from warehouse.db import connect

os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DIR = REPO_ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared (eval set, real pages); tests using it skip in a user's clone, which has none."""
    if not SHARED_DIR.is_dir():
        pytest.skip(f"{SHARED_DIR} is absent (only the project's CI and developers have ../shared)")
    return SHARED_DIR


def score_gold_file(path: Path) -> dict:
    """What `incidents eval --json` reports for a gold file: extraction, resolution for incident ids, the scorer."""
    import json

    from evaluation.score import evaluate
    from extract.api import extract_articles
    from flows.stages import assign_incident_ids

    gold = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return evaluate(gold, assign_incident_ids(gold, list(extract_articles(gold)), None))


@pytest.fixture(scope="session")
def score_gold():
    """score_gold(path) -> the evaluation report of that gold file (see `score_gold_file`)."""
    return score_gold_file


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Path of a not-yet-created warehouse file in a temp dir."""
    return tmp_path / "warehouse" / "incidents.duckdb"


@pytest.fixture
def warehouse(db_path):
    """A fresh warehouse file; yields a writer the test closes (send_digests opens its own connections)."""
    con = connect(db_path)
    yield Warehouse(db_path, con)
    con.close()


class Warehouse:
    """Insert fictional articles, incidents, mentions and subscribers."""

    def __init__(self, path: Path, con):
        self.path = path
        self.con = con

    def reopen(self) -> None:
        self.con = connect(self.path)

    def close(self) -> None:
        self.con.close()

    def incident(self, incident_id: str, *, first_seen: dt.datetime, type: str = "shooting",
                 date: dt.date | None = None, commune: str | None = "Anderlecht", place: str | None = None,
                 killed: int | None = 0, injured: int | None = 0, weapon: str | None = "firearm",
                 title: str | None = None, outlet: str = "example-news.be",
                 last_updated: dt.datetime | None = None) -> None:
        """An incident with one source article (title defaults to a fictional headline naming the place)."""
        place = place or f"Place {incident_id}"
        date = date or (first_seen - dt.timedelta(hours=6)).date()
        article_id = f"art-{incident_id}"
        self.con.execute(
            "INSERT INTO articles (article_id, url, outlet, language, published_at, published_date, title, text, "
            "content_hash, fetched_at, first_seen) VALUES (?, ?, ?, 'fr', ?, ?, ?, 'Texte fictif.', ?, ?, ?)",
            [article_id, f"https://{outlet}/news/{incident_id}", outlet, first_seen, first_seen.date(),
             title or f"Headline about {place}", secrets.token_hex(8), first_seen, first_seen])
        self.con.execute(
            "INSERT INTO incidents (incident_id, type, date, commune, place, killed, injured, weapon, confidence, "
            "sources_count, first_seen, last_updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0.9, 1, ?, ?)",
            [incident_id, type, date, commune, place, killed, injured, weapon, first_seen, last_updated or first_seen])
        self.con.execute(
            "INSERT INTO mentions (mention_id, article_id, ordinal, extractor_version, type, date, commune, place, "
            "killed, injured, weapon, confidence, incident_id, created_at) "
            "VALUES (?, ?, 0, 'test', ?, ?, ?, ?, ?, ?, ?, 0.9, ?, ?)",
            [f"{article_id}:0", article_id, type, date, commune, place, killed, injured, weapon, incident_id,
             first_seen])

    def add_source(self, incident_id: str, outlet: str, title: str, seen: dt.datetime) -> None:
        article_id = f"art-{incident_id}-{outlet}"
        self.con.execute(
            "INSERT INTO articles (article_id, url, outlet, language, published_at, published_date, title, text, "
            "content_hash, fetched_at, first_seen) VALUES (?, ?, ?, 'nl', ?, ?, ?, 'Fictieve tekst.', ?, ?, ?)",
            [article_id, f"https://{outlet}/a/{incident_id}", outlet, seen, seen.date(), title,
             secrets.token_hex(8), seen, seen])
        self.con.execute(
            "INSERT INTO mentions (mention_id, article_id, ordinal, extractor_version, type, incident_id, created_at) "
            "VALUES (?, ?, 0, 'test', 'shooting', ?, ?)", [f"{article_id}:0", article_id, incident_id, seen])

    def update(self, incident_id: str, at: dt.datetime, **facts) -> None:
        sets = ", ".join(f"{k} = ?" for k in facts)
        self.con.execute(f"UPDATE incidents SET {sets}, last_updated = ? WHERE incident_id = ?",
                         [*facts.values(), at, incident_id])

    def subscriber(self, email_: str, *, communes=(), types=(), min_severity: int = 0, language: str = "en",
                   frequency: str = "daily", created_at: dt.datetime = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)) -> str:
        """Insert a subscriber directly (the validated path is tested through the CLI)."""
        sid = uuid.uuid4().hex
        self.con.execute(
            "INSERT INTO subscribers (subscriber_id, email, communes, types, min_severity, language, frequency, "
            "unsubscribe_token, active, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, TRUE, ?)",
            [sid, email_, list(communes), list(types), min_severity, language, frequency, f"tok-{sid}", created_at])
        return sid

    def deliveries(self, sid: str | None = None) -> list[tuple]:
        where, params = ("WHERE subscriber_id = ?", [sid]) if sid else ("", [])
        return self.con.execute(
            f"SELECT period_key, status, attempts, last_error, message_id FROM deliveries {where} ORDER BY period_key",
            params).fetchall()


@pytest.fixture(scope="module")
def web_service():
    """Start `incidents web` as a real subprocess: `start(site, db, **env) -> base URL`; stopped after the module."""
    import subprocess
    import sys
    import time
    import urllib.error
    import urllib.request

    from core.net import port_is_free

    procs = []

    def start(site: Path, db: Path, **env: str) -> str:
        port = next(p for p in range(18700, 18900) if port_is_free(p))
        proc = subprocess.Popen(
            [str(Path(sys.executable).with_name("incidents")), "web", "--site", str(site), "--db", str(db),
             "--port", str(port)], env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True)
        procs.append(proc)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2).close()
                return base
            except urllib.error.HTTPError:   # 503 (no run yet) still means it is serving
                return base
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    proc.kill()
                    raise RuntimeError(f"incidents web did not start: {proc.stdout.read()}")
                time.sleep(0.2)

    yield start
    for proc in procs:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
