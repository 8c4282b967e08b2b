"""A failure injected in each stage leaves the warehouse consistent, and the next run completes the work."""

from __future__ import annotations

import socket
import subprocess
import sys
import time

import pytest

from flows.runner import StageFailed
from incidents.demo_site.site import load_site

pytestmark = pytest.mark.slow

DEMO_ARTICLES = len(load_site().articles)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_crawl_failure_is_recorded_and_the_next_run_completes(env, no_retries, monkeypatch):
    import crawlers.run

    def broken_crawl(*args, **kwargs):
        raise crawlers.run.CrawlError("crawl child process failed (exit code 1)")

    monkeypatch.setattr(crawlers.run, "crawl", broken_crawl)
    with pytest.raises(StageFailed, match="crawl"):
        env.nightly()

    [run] = env.runs()
    assert run["status"] == "failed" and run["error"].startswith("crawl: CrawlError")
    assert run["counts"]["crawl"]["status"] == "failed"
    assert run["counts"]["load"]["new"] == 0  # the later stages still ran, on what was already stored
    assert env.counts()["articles"] == 0

    monkeypatch.undo()
    counts = env.nightly()

    assert counts["load"]["new"] == DEMO_ARTICLES
    assert [r["status"] for r in env.runs()] == ["failed", "completed"]


def test_extraction_exception_stores_nothing_partial_and_the_next_run_extracts_all(env, monkeypatch):
    import extract.api

    real = extract.api.extract_articles

    def fails_on_fifth(articles, *args, **kwargs):
        for i, prediction in enumerate(real(articles, *args, **kwargs)):
            if i == 4:
                raise RuntimeError(f"injected extractor crash on article {prediction['id']}")
            yield prediction

    env.add_subscriber()
    monkeypatch.setattr(extract.api, "extract_articles", fails_on_fifth)
    with pytest.raises(StageFailed, match="extract: RuntimeError: injected extractor crash"):
        env.nightly()

    after_failure = env.counts()
    assert after_failure["articles"] == DEMO_ARTICLES  # crawled articles are kept
    assert after_failure["extractions"] == 0 and after_failure["mentions"] == 0  # nothing half-stored
    assert after_failure["deliveries"] == 0  # stopped before the digest
    assert env.runs()[0]["status"] == "failed"

    monkeypatch.undo()
    counts = env.nightly()

    assert counts["load"]["new"] == 0
    assert counts["extract"]["articles"] == DEMO_ARTICLES and counts["extract"]["errors"] == 0
    assert counts["resolve"]["new_incidents"] >= 4
    assert counts["digest"]["sent"] == 1
    assert env.counts()["extractions"] == DEMO_ARTICLES


def test_database_locked_by_another_process_then_released(env, monkeypatch):
    """Another process takes the write lock after the crawl: the load fails clearly, nothing is lost."""
    import crawlers.run

    monkeypatch.setenv("INCIDENTS_LOCK_WAIT_SECONDS", "2")
    holder: list[subprocess.Popen] = []
    real = crawlers.run.crawl

    def crawl_then_lock(*args, **kwargs):
        stats = real(*args, **kwargs)
        proc = subprocess.Popen([sys.executable, "-c", (
            "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); print('locked', flush=True); "
            "time.sleep(120)"), str(env.db)], stdout=subprocess.PIPE, text=True)
        holder.append(proc)
        assert proc.stdout.readline().strip() == "locked"
        return stats

    monkeypatch.setattr(crawlers.run, "crawl", crawl_then_lock)
    try:
        with pytest.raises(StageFailed, match="load: DatabaseLocked: .*still locked after waiting 2 s"):
            env.nightly()
    finally:
        for proc in holder:
            proc.kill()
            proc.wait()
    assert len(holder) == 1
    assert list(env.work_dir.glob("*.jsonl"))  # the crawl output waits to be loaded

    monkeypatch.undo()
    counts = env.nightly()

    # the pending crawl file and the new crawl hold the same articles: loaded once, no duplicates
    assert counts["load"]["files"] == 2
    assert counts["load"]["new"] == DEMO_ARTICLES
    assert env.counts()["articles"] == DEMO_ARTICLES
    assert not list(env.work_dir.glob("*.jsonl"))
    statuses = [(r["status"], r["error"] or "") for r in env.runs()]
    assert statuses[0][0] == "failed" and "abandoned" in statuses[0][1]  # could not be closed while locked
    assert statuses[1] == ("completed", "")


def test_smtp_down_then_up_sends_exactly_one_digest(env, no_retries, monkeypatch):
    from aiosmtpd.controller import Controller

    class Inbox:
        def __init__(self):
            self.messages = []

        async def handle_DATA(self, server, session, envelope):
            self.messages.append(envelope)
            return "250 OK"

    port = _free_port()
    monkeypatch.setenv("INCIDENTS_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("INCIDENTS_SMTP_PORT", str(port))
    monkeypatch.setenv("INCIDENTS_SMTP_SECURITY", "plain")
    env.add_subscriber()

    with pytest.raises(StageFailed, match="digest: DigestFailed: 1 of 1 digest"):
        env.nightly(outbox=None)
    assert env.query("SELECT status FROM deliveries") == [("failed",)]
    assert env.counts()["incidents"] >= 4  # everything before the digest is stored

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        counts = env.nightly(outbox=None)
        again = env.nightly(outbox=None)
    finally:
        controller.stop()

    assert counts["digest"]["sent"] == 1
    assert again["digest"]["sent"] == 0 and again["digest"]["skipped_already_sent"] == 1
    assert len(inbox.messages) == 1 and inbox.messages[0].rcpt_tos == ["reader@example.org"]
    assert env.query("SELECT status FROM deliveries") == [("sent",)]
    assert [r["status"] for r in env.runs()] == ["failed", "completed", "completed"]


def test_a_crawl_where_every_outlet_fails_fails_the_run(env, no_retries, tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = s.getsockname()[1]
    env.sources.write_text(
        '[[outlet]]\nname = "gone"\nlanguages = ["fr"]\nallowed_domains = ["127.0.0.1"]\n'
        f'feeds = ["http://127.0.0.1:{dead}/gone/rss.xml"]\n', encoding="utf-8")

    with pytest.raises(StageFailed, match="crawl: CrawlFailed: no feed or sitemap could be read"):
        env.nightly(crawl_settings={"RETRY_TIMES": 0})

    [run] = env.runs()
    assert run["status"] == "failed"
    assert run["counts"]["views"]["views"] >= 1  # the other stages still ran


def test_a_night_without_network_fails_the_crawl_at_once_without_retries(env, monkeypatch):
    """No outlet host resolves (`.invalid`, RFC 2606): the crawl stage says so in one line and is not retried
    (the default retries with minutes of backoff stay on: `no_retries` is not used here)."""
    for var in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.delenv(var, raising=False)
    env.sources.write_text(
        '[[outlet]]\nname = "offline"\nlanguages = ["fr"]\nallowed_domains = ["offline.invalid"]\n'
        'feeds = ["https://www.offline.invalid/feed/"]\n', encoding="utf-8")

    began = time.monotonic()
    with pytest.raises(StageFailed, match="network is down: no outlet host resolves"):
        env.nightly()
    assert time.monotonic() - began < 50  # one crawl attempt, not three with 60 s + 120 s of backoff

    [run] = env.runs()
    assert run["counts"]["crawl"]["error"] == ("crawl: NetworkDown: network is down: no outlet host resolves "
                                               "(1 tried, e.g. www.offline.invalid)")
    assert "views" in run["counts"]  # the other stages still ran
