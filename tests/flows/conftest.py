"""Flows tests: one Prefect test API for the session, the bundled demo site served locally, a fresh warehouse."""

from __future__ import annotations

import json
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from incidents.demo import LOCAL_CRAWL_SETTINGS
from incidents.demo_site.site import RunningSite, load_site, serve, sources_toml


@pytest.fixture(scope="session", autouse=True)
def prefect_api():
    """A real Prefect API (ephemeral server, temporary database) shared by every flows test."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="session")
def demo_site() -> RunningSite:
    """The bundled sample site on a free local port, with one clock for the session (feeds stay identical)."""
    with serve(load_site(), port=0) as running:
        yield running


@dataclass
class Env:
    db: Path
    sources: Path
    outbox: Path
    work_dir: Path

    def nightly(self, **kwargs: Any) -> dict[str, Any]:
        """Run the nightly flow on the demo site (raises StageFailed when a stage fails)."""
        from flows.nightly import nightly_flow

        params = dict(db=str(self.db), sources=str(self.sources), outbox=str(self.outbox),
                      work_dir=str(self.work_dir), crawl_settings=LOCAL_CRAWL_SETTINGS)
        params.update(kwargs)
        return nightly_flow(**params)

    def counts(self) -> dict[str, int]:
        """Row counts of the tables a run writes (the idempotence checks compare them)."""
        from warehouse.db import write_connection

        tables = ("articles", "article_revisions", "extractions", "mentions", "incidents", "deliveries")
        with write_connection(self.db) as con:
            return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}

    def query(self, sql: str, params: list | None = None) -> list[tuple]:
        from warehouse.db import write_connection

        with write_connection(self.db) as con:
            return con.execute(sql, params or []).fetchall()

    def runs(self, flow: str = "nightly") -> list[dict[str, Any]]:
        rows = self.query("SELECT run_id, status, counts, error FROM runs WHERE flow = ? ORDER BY started_at", [flow])
        return [{"run_id": r[0], "status": r[1], "counts": json.loads(r[2]) if r[2] else {}, "error": r[3]}
                for r in rows]

    def emails(self) -> list[Path]:
        return sorted(self.outbox.glob("**/*.eml")) if self.outbox.is_dir() else []

    def add_subscriber(self, email: str = "reader@example.org") -> None:
        from alerts.subscribers import add_subscriber
        from warehouse.db import write_connection

        with write_connection(self.db) as con:
            add_subscriber(con, email, language="fr")


@pytest.fixture
def env(tmp_path: Path, demo_site: RunningSite, monkeypatch: pytest.MonkeyPatch) -> Env:
    for var in ("INCIDENTS_SMTP_HOST", "INCIDENTS_DB", "INCIDENTS_OUTBOX"):
        monkeypatch.delenv(var, raising=False)
    sources = tmp_path / "sources.toml"
    sources.write_text(sources_toml(demo_site.site, demo_site.base_url), encoding="utf-8")
    return Env(db=tmp_path / "incidents.duckdb", sources=sources, outbox=tmp_path / "outbox",
               work_dir=tmp_path / "crawl")


@pytest.fixture
def no_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """Network stages without retry delays (the failure tests would otherwise wait minutes of backoff)."""
    from flows import tasks

    monkeypatch.setattr(tasks, "crawl_task", tasks.crawl_task.with_options(retries=0))
    monkeypatch.setattr(tasks, "digest_task", tasks.digest_task.with_options(retries=0))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def demo_runs(tmp_path_factory, prefect_api):
    """`incidents demo` twice on one fresh database (what `make demo` twice does): (first result, second result,
    emails after the first, first report, second report). Shared by the demo and the site tests (read, never written:
    tests that change it work on a copy)."""
    from incidents.demo import report, run_demo

    folder = tmp_path_factory.mktemp("demo")
    db, outbox, port = folder / "demo.duckdb", folder / "outbox", _free_port()
    first = run_demo(db=db, outbox=outbox, port=port, echo=lambda s: None)
    emails_after_first = sorted(outbox.glob("*.eml"))
    second = run_demo(db=db, outbox=outbox, echo=lambda s: None)  # the remembered port
    return first, second, emails_after_first, report(first), report(second)
