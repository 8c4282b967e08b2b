"""Late scheduled runs are skipped and recorded; backfill chunks are resumable."""

from __future__ import annotations

import datetime as dt

import pytest

from flows.backfill import chunks
from incidents.demo import LOCAL_CRAWL_SETTINGS
from incidents.demo_site.site import load_site
from core.errors import UserError

DEMO_ARTICLES = len(load_site().articles)


def test_chunks_cover_the_range_without_overlap():
    d = dt.date
    assert chunks(d(2026, 1, 1), d(2026, 1, 15), 7) == [
        (d(2026, 1, 1), d(2026, 1, 7)), (d(2026, 1, 8), d(2026, 1, 14)), (d(2026, 1, 15), d(2026, 1, 15))]
    assert chunks(d(2026, 1, 1), d(2026, 1, 1), 7) == [(d(2026, 1, 1), d(2026, 1, 1))]
    with pytest.raises(UserError, match="empty"):
        chunks(d(2026, 1, 2), d(2026, 1, 1))


@pytest.mark.slow
def test_a_run_started_more_than_a_day_late_is_skipped_and_recorded(env):
    from prefect.client.orchestration import get_client
    from prefect.flow_engine import run_flow
    from prefect.states import Scheduled

    from flows.nightly import nightly_flow

    params = {"db": str(env.db), "sources": str(env.sources), "outbox": str(env.outbox),
              "work_dir": str(env.work_dir)}
    scheduled = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=2)
    with get_client(sync_client=True) as client:
        flow_run = client.create_flow_run(nightly_flow, parameters=params, state=Scheduled(scheduled_time=scheduled))

    result = run_flow(nightly_flow, flow_run=flow_run, parameters=params)

    assert result["status"] == "skipped"
    [run] = env.runs()
    assert run["run_id"] == str(flow_run.id)
    assert run["status"] == "skipped" and run["error"].startswith("late run: started 48.")
    assert env.counts()["articles"] == 0  # nothing was crawled


@pytest.mark.slow
def test_backfill_resumes_after_a_failed_chunk_without_redoing_finished_ones(env, no_retries, monkeypatch):
    import crawlers.run

    from flows.backfill import backfill_flow

    today = dt.date.today()
    date_from, date_to = today - dt.timedelta(days=13), today  # two 7-day chunks; the site's articles are recent
    real = crawlers.run.crawl
    calls: list[tuple[dt.date, dt.date]] = []

    def crawl_failing_on_recent_chunk(*args, **kwargs):
        calls.append((kwargs["date_from"], kwargs["date_to"]))
        assert kwargs["mode"] == "sitemaps"
        if kwargs["date_to"] == date_to:
            raise crawlers.run.CrawlError("crawl child process failed (exit code 1)")
        return real(*args, **kwargs)

    monkeypatch.setattr(crawlers.run, "crawl", crawl_failing_on_recent_chunk)
    with pytest.raises(Exception, match="chunk .* CrawlError"):
        backfill_flow(date_from, date_to, db=str(env.db), sources=str(env.sources), work_dir=str(env.work_dir),
                      crawl_settings=LOCAL_CRAWL_SETTINGS)
    assert calls == [(date_from, date_from + dt.timedelta(days=6)), (date_from + dt.timedelta(days=7), date_to)]
    assert env.query("SELECT chunk_start, chunk_end FROM backfill_chunks") == [(calls[0][0], calls[0][1])]

    calls.clear()
    monkeypatch.setattr(crawlers.run, "crawl", lambda *a, **kw: calls.append((kw["date_from"], kw["date_to"]))
                        or real(*a, **kw))
    counts = backfill_flow(date_from, date_to, db=str(env.db), sources=str(env.sources),
                           work_dir=str(env.work_dir), crawl_settings=LOCAL_CRAWL_SETTINGS)

    assert calls == [(date_from + dt.timedelta(days=7), date_to)]  # the finished chunk is not redone
    assert counts["chunks_skipped"] == 1
    assert env.counts()["articles"] == DEMO_ARTICLES
    assert counts["extract"]["articles"] == DEMO_ARTICLES
    assert len(env.query("SELECT * FROM backfill_chunks")) == 2
    assert [r["status"] for r in env.runs("backfill")] == ["failed", "completed"]
    assert env.counts()["deliveries"] == 0  # a backfill sends no digest


@pytest.mark.slow
def test_backfill_chunk_with_fetch_errors_is_not_recorded_done(env, no_retries, tmp_path):
    import socket

    from flows.backfill import backfill_flow
    from flows.runner import StageFailed

    with socket.socket() as s:  # a port nobody listens on: the outlet's sitemap cannot be fetched
        s.bind(("127.0.0.1", 0))
        dead = s.getsockname()[1]
    sources = tmp_path / "with-dead-outlet.toml"
    sources.write_text(env.sources.read_text(encoding="utf-8") + (
        '\n[[outlet]]\nname = "gone"\nlanguages = ["fr"]\nallowed_domains = ["127.0.0.1"]\n'
        f'sitemaps = ["http://127.0.0.1:{dead}/gone/sitemap-news.xml"]\n'), encoding="utf-8")
    today = dt.date.today()

    with pytest.raises(StageFailed, match="ChunkIncomplete: .*gone"):
        backfill_flow(today - dt.timedelta(days=6), today, db=str(env.db), sources=str(sources),
                      work_dir=str(env.work_dir), crawl_settings={**LOCAL_CRAWL_SETTINGS, "RETRY_TIMES": 0})

    assert env.counts()["articles"] == DEMO_ARTICLES  # what could be fetched is kept
    assert env.query("SELECT count(*) FROM backfill_chunks") == [(0,)]  # the chunk will be crawled again
