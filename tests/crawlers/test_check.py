"""`incidents sources check` against the local test site and the bundled demo site (real HTTP on 127.0.0.1)."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

import incidents.cli.crawlers
from core.errors import UserError
from core.settings import DEFAULT_USER_AGENT
from crawlers.check import check_outlets, failed_outlets
from crawlers.sources import enabled_outlets, load_sources


@pytest.fixture
def cli(monkeypatch):
    monkeypatch.delenv("INCIDENTS_USER_AGENT", raising=False)
    app = typer.Typer()
    incidents.cli.crawlers.register(app)
    return lambda *args: CliRunner().invoke(app, ["sources", "check", "--delay", "0", *args])


def test_check_reports_each_outlet_and_fails_for_a_broken_one(site, write_sources, tmp_path: Path, cli):
    sources = write_sources(tmp_path / "sources.toml", site.base_url)
    site.reset()
    result = cli("--sources", str(sources))
    assert result.exit_code != 0 and isinstance(result.exception, UserError)
    assert str(result.exception) == "1 of 4 outlet(s) failed the check: lavoix"  # its malformed and empty feeds
    for outlet in ("destem", "capitalpost", "ostnachrichten"):
        assert outlet in result.output
    assert "Schüsse in Brüssel-Anderlecht" in result.output and "377 chars" in result.output  # the sample article
    assert "switched_off" not in result.output  # disabled
    assert site.user_agents == {DEFAULT_USER_AGENT}
    assert site.hits["/robots.txt"] == 4 and site.hits["/feeds/fr.rss.xml"] == 1  # once each (robots per outlet)
    site.reset()


def test_check_one_outlet_blocked_refused_by_robots_or_gone(site, tmp_path: Path, cli):
    sources = tmp_path / "sources.toml"
    sources.write_text(f'''
[[outlet]]
name = "blocked"
languages = ["nl"]
allowed_domains = ["127.0.0.1"]
feeds = ["{site.base_url}/feeds/nl.rdf", "{site.base_url}/private/feed.xml", "{site.base_url}/gone/feed.xml"]
''', encoding="utf-8")
    site.reset()
    site.statuses["/feeds/nl.rdf"] = 403
    try:
        rows = check_outlets(enabled_outlets(load_sources(sources)), user_agent="test-agent/1", delay=0)
    finally:
        hits = dict(site.hits)
        site.reset()
    assert [(r.kind, r.status, r.note) for r in rows] == [
        ("robots", 200, "read"), ("feed", 403, "HTTP 403"), ("feed", None, "disallowed by robots.txt"),
        ("feed", 404, "HTTP 404")]
    assert failed_outlets(rows) == ["blocked"]
    assert "/private/feed.xml" not in hits
    assert cli("--sources", str(sources), "--outlet", "blocked").exit_code != 0


def test_check_passes_on_the_demo_site(tmp_path: Path, cli):
    from incidents.demo_site.site import load_site, serve, sources_toml

    with serve(load_site(), port=0) as running:
        sources = tmp_path / "sources.toml"
        sources.write_text(sources_toml(running.site, running.base_url), encoding="utf-8")
        outlets = [o.name for o in enabled_outlets(load_sources(sources))]
        result = cli("--sources", str(sources))
    assert result.exit_code == 0, result.output
    assert len(outlets) >= 3 and all(name in result.output for name in outlets)
    assert result.output.count(" chars") == len(outlets)  # one sample article parsed per outlet
