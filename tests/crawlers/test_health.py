"""Outlet health on the local site: a feed that starts answering 403, a feed that empties and markup that changes so
parsing fails are each flagged by the `outlet_health` view and shown in the run summary."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from crawlers.run import crawl
from flows.summary import markdown
from warehouse.db import write_connection
from warehouse.outlets import flagged_outlets, outlet_states, record_outlet_runs

pytestmark = pytest.mark.slow

OUTLETS = ["destem", "capitalpost", "ostnachrichten"]
NOW = dt.datetime(2026, 11, 25, 3, 30, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="module")
def nights(site, write_sources, fast_settings, tmp_path_factory):
    """Three nightly crawls recorded in a real warehouse: all well, then two nights with three outlets broken."""
    tmp = tmp_path_factory.mktemp("health")
    db = tmp / "warehouse.duckdb"
    sources = write_sources(tmp / "sources.toml", site.base_url)
    states = []
    try:
        for night in range(3):
            site.reset()
            if night:
                site.statuses["/feeds/nl.rdf"] = 403                          # destem blocks us
                site.variants["/feeds/de.rss.xml"] = "/feeds/empty.xml"      # ostnachrichten's feed empties
                for page in ("/en/metro-assault.html", "/en/canal-police-operation.html"):
                    site.variants[page] = "/broken/nobody.html"              # capitalpost's markup changes
            stats = crawl(sources, tmp / f"night{night}.jsonl", db=None, settings_overrides=fast_settings,
                          outlets=OUTLETS)
            record_outlet_runs(db, f"run-{night}", NOW - dt.timedelta(days=2 - night), "feeds", stats.by_outlet)
            with write_connection(db) as con:
                states.append({s["outlet"]: s for s in outlet_states(con)})
    finally:
        site.reset()
    return db, states


def test_a_good_night_flags_nothing(nights):
    _, states = nights
    assert {o: s["state"] for o, s in states[0].items()} == dict.fromkeys(OUTLETS, "ok")
    assert states[0]["destem"]["articles_new"] == 2 and states[0]["destem"]["parse_rate"] == 1


def test_each_breakage_is_flagged(nights):
    db, states = nights
    # First broken night: the 403 and the markup show at once; an empty feed is one night without news so far.
    assert {o: s["state"] for o, s in states[1].items()} == {
        "destem": "failing", "capitalpost": "parse_degraded", "ostnachrichten": "ok"}
    assert {o: s["state"] for o, s in states[2].items()} == {
        "destem": "failing", "capitalpost": "parse_degraded", "ostnachrichten": "silent"}
    last = states[2]
    assert json.loads(last["destem"]["http_statuses"]) == {"403": 1}
    assert last["destem"]["last_success"] == NOW - dt.timedelta(days=2)
    assert last["ostnachrichten"]["runs_without_new"] == 2 and last["ostnachrichten"]["entries_seen"] == 0
    assert last["capitalpost"]["parse_rate"] == 0
    assert float(last["capitalpost"]["median_articles_per_day_28d"]) == 0  # 2, 0, 0 articles on its three days
    assert last["destem"]["articles_per_day_7d"] == round(2 / 7, 2)

    flagged = flagged_outlets(db)
    assert [(f["outlet"], f["state"]) for f in flagged] == [
        ("destem", "failing"), ("capitalpost", "parse_degraded"), ("ostnachrichten", "silent")]
    assert flagged[0]["detail"].startswith("all 1 request(s) failed (HTTP 403 x1")
    assert "last success 2026-11-23" in flagged[0]["detail"]
    assert flagged[1]["detail"] == "0 of 2 page(s) parsed in the last run (0%)"
    assert flagged[2]["detail"] == "no new article for 2 runs in a row (0 feed entries in the last run)"

    report = markdown("nightly", "completed", {"outlets": {"flagged": flagged}}, [])
    assert "## Outlets needing attention" in report
    for outlet, state in (("destem", "failing"), ("capitalpost", "parse_degraded"), ("ostnachrichten", "silent")):
        assert f"| {outlet} | {state} |" in report


def test_stats_lists_the_flagged_outlets(nights):
    from typer.testing import CliRunner

    from incidents.cli import app

    db, _ = nights
    out = CliRunner().invoke(app, ["stats", "--db", str(db)])
    assert out.exit_code == 0, out.output
    assert "outlet destem is failing: all 1 request(s) failed" in out.output
    assert "outlet capitalpost is parse_degraded" in out.output and "outlet ostnachrichten is silent" in out.output
    data = json.loads(CliRunner().invoke(app, ["stats", "--db", str(db), "--json"]).output)
    assert [f["state"] for f in data["outlets_flagged"]] == ["failing", "parse_degraded", "silent"]
