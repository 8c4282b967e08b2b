"""The nightly flow end to end on the bundled demo site, and its idempotence."""

from __future__ import annotations

import pytest

from incidents.demo_site.site import load_site

pytestmark = pytest.mark.slow

DEMO_ARTICLES = len(load_site().articles)


def test_nightly_processes_the_site_then_a_second_run_changes_nothing(env):
    env.add_subscriber()
    counts = env.nightly()

    assert counts["load"]["new"] == DEMO_ARTICLES
    assert set(counts["load"]["by_outlet"]) == {"lecho", "stadskrant", "capitalpost", "kurier"}
    assert counts["extract"]["articles"] == DEMO_ARTICLES
    assert counts["extract"]["errors"] == 0
    assert counts["resolve"]["new_incidents"] >= 4
    assert counts["digest"]["sent"] == 1
    first = env.counts()
    assert first["articles"] == DEMO_ARTICLES and first["extractions"] == DEMO_ARTICLES
    communes = {c for (c,) in env.query("SELECT DISTINCT commune FROM incidents")}
    assert "Anderlecht" in communes
    assert "Vilvoorde" not in communes  # outside the region
    [run] = env.runs()
    assert run["status"] == "completed" and run["error"] is None
    assert run["counts"]["load"]["new"] == DEMO_ARTICLES
    assert len(env.emails()) == 1

    again = env.nightly()

    assert again["load"]["new"] == 0 and again["load"]["updated"] == 0
    assert again["extract"]["articles"] == 0
    assert again["resolve"]["new_incidents"] == 0 and again["resolve"]["updated_incidents"] == 0
    assert again["digest"]["sent"] == 0 and again["digest"]["skipped_already_sent"] == 1
    assert env.counts() == first
    assert len(env.emails()) == 1
    assert [r["status"] for r in env.runs()] == ["completed", "completed"]


def test_nightly_publishes_a_markdown_summary(env):
    import httpx
    from prefect.settings import PREFECT_API_URL

    base_url = env.sources.read_text(encoding="utf-8").split("feeds = [\"", 1)[1].split("/", 3)[:3]
    with env.sources.open("a", encoding="utf-8") as fh:  # an outlet whose only feed is gone: flagged as failing
        fh.write(f'\n[[outlet]]\nname = "gone"\nlanguages = ["fr"]\nallowed_domains = ["127.0.0.1"]\n'
                 f'feeds = ["{"/".join(base_url)}/gone/rss.xml"]\n')
    counts = env.nightly()

    assert counts["outlets"]["flagged"][0]["outlet"] == "gone"
    [run] = env.runs()
    response = httpx.post(f"{PREFECT_API_URL.value()}/artifacts/filter", json={
        "artifacts": {"key": {"any_": ["nightly-summary"]}, "flow_run_id": {"any_": [run["run_id"]]}},
        "limit": 5, "offset": 0, "sort": "CREATED_DESC"})
    response.raise_for_status()
    [artifact] = [type("A", (), a) for a in response.json()]
    assert artifact.type == "markdown"
    assert "## Articles per outlet" in artifact.data and "| lecho |" in artifact.data
    assert "## Incidents" in artifact.data
    assert "## Outlets needing attention" in artifact.data and "| gone | failing | all 1 request(s) failed" in artifact.data


def test_reprocess_after_an_extractor_upgrade_keeps_incident_ids(env, monkeypatch):
    import extract
    from flows.reprocess import reprocess_flow

    env.nightly()
    before = env.counts()
    ids_before = {i for (i,) in env.query("SELECT incident_id FROM incidents WHERE status = 'active'")}
    monkeypatch.setattr(extract, "EXTRACTOR_VERSION", extract.EXTRACTOR_VERSION + "+upgraded")

    counts = reprocess_flow(db=str(env.db))

    assert counts["extract"]["articles"] == DEMO_ARTICLES  # everything re-extracted, nothing re-crawled
    assert "crawl" not in counts
    assert env.counts()["articles"] == before["articles"]
    versions = {v for (v,) in env.query("SELECT DISTINCT extractor_version FROM extractions")}
    assert versions == {extract.EXTRACTOR_VERSION}
    ids_after = {i for (i,) in env.query("SELECT incident_id FROM incidents WHERE status = 'active'")}
    assert ids_after == ids_before
    assert env.runs("reprocess")[0]["status"] == "completed"


def test_reprocess_retries_failed_extractions_only(env):
    from flows.reprocess import reprocess_flow

    env.nightly()
    [(aid,)] = env.query("SELECT article_id FROM articles WHERE url LIKE '%fusillade-peterbos-deux-blesses%'")
    env.query("UPDATE extractions SET error = 'RuntimeError: injected', in_scope = false WHERE article_id = ?", [aid])
    env.query("UPDATE mentions SET incident_id = NULL WHERE article_id = ?", [aid])
    env.query("DELETE FROM mentions WHERE article_id = ?", [aid])
    before = env.counts()

    counts = reprocess_flow(db=str(env.db))

    assert counts["retry-errors"]["failed_extractions_retried"] == 1
    assert counts["extract"]["articles"] == 1 and counts["extract"]["errors"] == 0
    assert env.query("SELECT error IS NULL, in_scope FROM extractions WHERE article_id = ?", [aid]) == [(True, True)]
    after = env.counts()
    assert after["mentions"] == before["mentions"] + 1
    assert after["incidents"] == before["incidents"]  # the report joins its incident again
