"""Crawl the local fixture site with the real spiders through crawlers.run.crawl (a child process)."""

from __future__ import annotations

import collections
import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crawlers.run import CrawlError, CrawlStats, crawl

pytestmark = pytest.mark.slow

ARTICLE_PAGES = {
    # path: (outlet, language, published, title starts with, text contains)
    "/fr/2026/11/20/fusillade-anderlecht.html": ("lavoix", "fr", "2026-11-20T22:15:00+01:00", "Fusillade à Anderlecht", "place de la Vaillance"),
    "/fr/meta-only.html": ("lavoix", "fr", "2026-11-18T07:30:00+01:00", "Saint-Gilles", "rue de la Victoire"),
    "/fr/2026-11-19/incendie-ixelles.html": ("lavoix", "fr", "2026-11-19", "Ixelles", "chaussée de Wavre"),
    "/fr/latin1.html": ("lavoix", "fr", "2026-11-17T18:00:00+01:00", "Molenbeek", "âgé de 24 ans"),
    "/fr/latin1-undeclared.html": ("lavoix", "fr", "2026-11-15T20:00:00+01:00", "Schaerbeek", "âgé de 52 ans"),
    "/fr/flaky.html": ("lavoix", "fr", "2026-11-16T11:00:00+01:00", "Evere", "chaussée de Louvain"),
    "/nl/steekpartij-brussel-noord.html": ("destem", "nl", "2026-11-21T14:45:00+01:00", "Steekpartij", "Noordstation"),
    "/nl/schoten-kuregem.html": ("destem", "nl", "2026-11-22T23:10:00+01:00", "Schoten gelost", "Dapperheidsplein"),
    "/en/metro-assault.html": ("capitalpost", "en", "2026-11-22T09:00:00+01:00", "Man assaulted", "Schuman metro"),
    "/en/canal-police-operation.html": ("capitalpost", "en", "2026-11-23T10:00:00+01:00", "Police operation", "Four people"),
    "/de/schuesse-bruessel.html": ("ostnachrichten", "de", "2026-11-21T08:20:00+01:00", "Schüsse in Brüssel", "Clemenceau-Platz"),
}
EXPECTED_SKIPS = {"robots", "http_404", "http_410", "redirect_loop", "offsite_redirect", "too_large", "binary",
                  "no_body", "feed_malformed", "feed_empty", "skip_pattern", "duplicate"}


def read_out(path: Path) -> dict[str, dict]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {row["url"].split(":", 2)[2].split("/", 1)[1].join(["/", ""]): row for row in rows}


@pytest.fixture(scope="module")
def run(site, write_sources, fast_settings):
    """run(tmp, name, db=None, **crawl kwargs) -> (stats, {path: article}) for a crawl of the local site."""
    def do(tmp: Path, name: str, *, db: Path | None = None, **kw) -> tuple[CrawlStats, dict[str, dict]]:
        sources = write_sources(tmp / "sources.toml", site.base_url, sitemaps=kw.get("mode") == "sitemaps")
        out = tmp / f"{name}.jsonl"
        stats = crawl(sources, out, db=db, settings_overrides=fast_settings, **kw)
        return stats, read_out(out)
    return do


@pytest.fixture(scope="module")
def first_crawl(site, run, tmp_path_factory) -> tuple[CrawlStats, dict[str, dict], dict[str, int], Path]:
    site.reset()
    tmp = tmp_path_factory.mktemp("crawl")
    stats, articles = run(tmp, "first")
    return stats, articles, collections.Counter(site.hits), tmp


def test_articles_parsed_per_page(first_crawl) -> None:
    stats, articles, _, _ = first_crawl
    assert set(articles) == set(ARTICLE_PAGES)
    for path, (outlet, language, published, title, snippet) in ARTICLE_PAGES.items():
        art = articles[path]
        assert (art["outlet"], art["language"], art["published"]) == (outlet, language, published), path
        assert art["title"].startswith(title), path
        assert snippet in art["text"], path
        assert art["fetched_at"] and art["canonical_url"] == art["url"]
    assert articles["/fr/2026-11-19/incendie-ixelles.html"]["fetched_url"].endswith("utm_medium=feed")
    assert stats.new_articles == len(ARTICLE_PAGES) and stats.updated_articles == 0
    assert stats.articles_by_outlet == {"lavoix": 6, "destem": 2, "capitalpost": 2, "ostnachrichten": 1}
    assert stats.feeds_read == 5 and stats.entries_seen == 21


def test_bad_input_is_skipped_and_counted(first_crawl) -> None:
    stats, _, hits, _ = first_crawl
    assert EXPECTED_SKIPS <= set(stats.skipped), stats.skipped
    assert all(stats.skipped[k] == 1 for k in EXPECTED_SKIPS)
    assert stats.errors_by_outlet == {"lavoix": 1}  # the malformed feed


def test_politeness(first_crawl) -> None:
    _, _, hits, _ = first_crawl
    assert hits["/robots.txt"] == 1
    assert hits["/private/secret.html"] == 0  # disallowed by robots.txt
    assert hits["/fr/video/reportage-molenbeek.html"] == 0  # outlet skip pattern
    assert hits["/feeds/never.xml"] == 0  # disabled outlet
    assert hits["/fr/flaky.html"] == 2  # 500, then retried after a backoff
    assert hits["/broken/missing.html"] == 1 and hits["/broken/gone.html"] == 1  # no retry on 4xx
    assert hits["/fr/2026/11/20/fusillade-anderlecht.html"] == 1  # duplicate feed entry fetched once


def test_second_crawl_fetches_nothing_new_and_updated_entry_is_refetched(first_crawl, site, run) -> None:
    from warehouse.db import write_connection
    from warehouse.load import upsert_articles
    from core.jsonl import read_jsonl

    _, _, _, tmp = first_crawl
    db = tmp / "warehouse.duckdb"
    with write_connection(db) as con:
        upsert_articles(con, [obj for _, obj in read_jsonl(tmp / "first.jsonl")])

    site.reset()
    stats, articles = run(tmp, "second", db=db)
    assert articles == {} and stats.new_articles == 0 and stats.updated_articles == 0
    assert stats.skipped["known"] == len(ARTICLE_PAGES) + 1  # + the duplicate feed entry
    assert not any(site.hits[p] for p in ARTICLE_PAGES)

    site.reset()
    site.variants.update({"/feeds/en.atom": "/feeds/en-updated.atom",
                          "/en/canal-police-operation.html": "/en/canal-police-operation-v2.html"})
    stats, articles = run(tmp, "third", db=db)
    assert list(articles) == ["/en/canal-police-operation.html"]
    assert stats.updated_articles == 1 and stats.new_articles == 0
    art = articles["/en/canal-police-operation.html"]
    assert art["title"] == "Police operation along the canal: six arrests" and "Six people" in art["text"]
    assert art["modified"] == "2026-11-23T16:30:00+01:00"
    assert [p for p in ARTICLE_PAGES if site.hits[p]] == ["/en/canal-police-operation.html"]


def test_sitemap_backfill_keeps_the_date_range(site, run, tmp_path: Path) -> None:
    site.reset()
    stats, articles = run(tmp_path, "backfill", mode="sitemaps",
                          date_from=dt.date(2026, 11, 18), date_to=dt.date(2026, 11, 30))
    assert set(articles) == {"/fr/2026/11/20/fusillade-anderlecht.html", "/fr/meta-only.html",
                             "/fr/2026-11-19/incendie-ixelles.html"}
    assert site.hits["/sitemaps/news-2026-11.xml.gz"] == 1  # gzipped child sitemap
    assert site.hits["/sitemaps/news-2025-01.xml"] == 0 and site.hits["/sitemaps/archive-old.xml"] == 0
    assert site.hits["/fr/latin1.html"] == 0 and site.hits["/fr/ancien-article.html"] == 0
    assert stats.skipped["sitemap_out_of_range"] == 2 and stats.skipped["out_of_range"] == 2
    assert site.hits["/feeds/fr.rss.xml"] == 0  # backfill reads sitemaps only


def test_child_failure_is_reported_and_keeps_previous_output(site, write_sources, fast_settings, tmp_path: Path) -> None:
    sources = write_sources(tmp_path / "sources.toml", site.base_url)
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "previous"}\n', encoding="utf-8")
    with pytest.raises(CrawlError) as err:
        crawl(sources, out, db=None, settings_overrides={**fast_settings, "ITEM_PIPELINES": {"no_such_module.Pipeline": 1}})
    assert "no_such_module" in str(err.value) and "last stderr lines" in str(err.value)
    assert out.read_text(encoding="utf-8") == '{"id": "previous"}\n'


def test_cli_crawl_prints_stats(site, write_sources, fast_settings, tmp_path: Path, monkeypatch) -> None:
    import typer

    import incidents.cli.crawlers
    import crawlers.run

    app = typer.Typer()  # only our commands: the test does not depend on the other packages' CLIs
    incidents.cli.crawlers.register(app)

    sources = write_sources(tmp_path / "sources.toml", site.base_url)
    real = crawlers.run.crawl
    monkeypatch.setattr(crawlers.run, "crawl", lambda *a, **kw: real(*a, **{**kw, "settings_overrides": fast_settings}))
    out = tmp_path / "cli.jsonl"
    result = CliRunner().invoke(app, ["crawl", "--sources", str(sources), "--out", str(out),
                                      "--db", str(tmp_path / "none.duckdb"), "--outlet", "ostnachrichten"])
    assert result.exit_code == 0, result.output
    assert "ostnachrichten" in result.output and "new articles 1" in result.output
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1
    bad = CliRunner().invoke(app, ["crawl", "--sources", str(sources), "--out", str(out), "--outlet", "nope"])
    assert bad.exit_code != 0


def test_counts_per_outlet(first_crawl) -> None:
    stats, _, _, _ = first_crawl
    assert sorted(stats.by_outlet) == ["capitalpost", "destem", "lavoix", "ostnachrichten"]  # enabled ones only
    lavoix = stats.by_outlet["lavoix"]
    assert (lavoix["requests"], lavoix["failures"], lavoix["robots_refused"]) == (17, 5, 1)
    assert lavoix["http_statuses"] == {"200": 11, "404": 1, "410": 1}
    assert (lavoix["feeds"], lavoix["entries"], lavoix["articles_new"]) == (2, 16, 6)
    assert (lavoix["parsed"], lavoix["parse_failed"]) == (6, 2)  # the nobody page and the binary one
    assert lavoix["skipped"]["http_404"] == 1 and lavoix["seconds"] > 0
    assert stats.by_outlet["destem"] | {"seconds": 0, "http_statuses": {}} == {
        "requests": 3, "failures": 0, "feeds": 1, "entries": 2, "articles_new": 2, "articles_updated": 0,
        "parsed": 2, "parse_failed": 0, "capped": 0, "robots_refused": 0, "skipped": {}, "http_statuses": {},
        "seconds": 0}


def test_entries_per_outlet_and_run_are_capped(site, write_sources, fast_settings, tmp_path: Path, capfd) -> None:
    sources = write_sources(tmp_path / "sources.toml", site.base_url)
    text = sources.read_text(encoding="utf-8").replace('name = "lavoix"\n', 'name = "lavoix"\nmax_entries = 2\n')
    sources.write_text(text, encoding="utf-8")
    site.reset()
    stats = crawl(sources, tmp_path / "capped.jsonl", db=None, settings_overrides={**fast_settings,
                                                                                   "MAX_ENTRIES_PER_OUTLET": 1})
    assert stats.articles_by_outlet["lavoix"] <= 2 and stats.by_outlet["lavoix"]["capped"] > 5
    assert stats.skipped["entry_cap"] == sum(c["capped"] for c in stats.by_outlet.values())
    for outlet in ("destem", "capitalpost"):  # the setting's cap (1) for the outlets without their own
        assert stats.articles_by_outlet[outlet] == 1 and stats.by_outlet[outlet]["capped"] == 1
    warnings = [line for line in capfd.readouterr().err.splitlines() if "new entries in this run" in line]
    assert len(warnings) == 3  # once per capped outlet, not once per entry

    backfill = crawl(write_sources(tmp_path / "backfill.toml", site.base_url, sitemaps=True), tmp_path / "b.jsonl",
                     db=None, mode="sitemaps", date_from=dt.date(2026, 11, 18), date_to=dt.date(2026, 11, 30),
                     settings_overrides={**fast_settings, "MAX_ENTRIES_PER_OUTLET": 1})
    assert backfill.new_articles == 3 and "entry_cap" not in backfill.skipped  # a backfill range is not capped


def test_cli_crawl_fails_when_every_request_of_an_outlet_failed(site, write_sources, fast_settings, tmp_path: Path,
                                                                  monkeypatch) -> None:
    import typer

    import crawlers.run
    import incidents.cli.crawlers
    from core.errors import UserError

    app = typer.Typer()
    incidents.cli.crawlers.register(app)
    sources = write_sources(tmp_path / "sources.toml", site.base_url)
    real = crawlers.run.crawl
    monkeypatch.setattr(crawlers.run, "crawl", lambda *a, **kw: real(*a, **{**kw, "settings_overrides": fast_settings}))
    site.reset()
    site.statuses["/feeds/nl.rdf"] = 403  # destem's only feed blocks us
    try:
        out = tmp_path / "cli.jsonl"
        result = CliRunner().invoke(app, ["crawl", "--sources", str(sources), "--out", str(out),
                                          "--outlet", "destem", "--outlet", "ostnachrichten"])
    finally:
        site.reset()
    assert result.exit_code != 0
    assert isinstance(result.exception, UserError)
    assert str(result.exception).startswith("every request failed for outlet(s) destem")
    assert "every request failed" in result.output  # the table row
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1  # ostnachrichten's article is kept
