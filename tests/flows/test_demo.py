"""The bundled demo: the site is well-formed, `incidents demo` tells the site's story, and a second run adds nothing."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import pytest

from incidents.demo_site.site import article_path, feed_path, load_site, render, sitemap_path

SITE = load_site()
BASE = "http://127.0.0.1:9"

# The site's story (see the header of incidents/demo_site/articles.toml): which reports describe one incident.
INCIDENTS = {
    "clemenceau": ["coups-de-feu-station-clemenceau-anderlecht", "schietpartij-metrostation-clemenceau",
                   "man-shot-in-leg-near-clemenceau-metro", "schuesse-an-metrostation-clemenceau"],
    "peterbos": ["fusillade-peterbos-deux-blesses", "twee-gewonden-schietpartij-peterbos",
                 "two-injured-in-peterbos-shooting", "peterbos-une-victime-decede", "slachtoffer-peterbos-overleden"],
    "liedts": ["tirs-arme-automatique-place-liedts", "kalasjnikov-schoten-liedtsplein",
               "automatic-weapon-fired-at-car-place-liedts"],
    "midi": ["homme-poignarde-gare-du-midi", "man-stabbed-at-brussels-midi-station", "messerangriff-bahnhof-bruessel-sued"],
    "gand": ["explosion-devanture-chaussee-de-gand-molenbeek", "explosie-winkel-gentsesteenweg"],
    "volxem": ["man-neergeschoten-van-volxemlaan-vorst", "man-shot-avenue-van-volxem-forest"],
}
COMMUNES = {"clemenceau": "Anderlecht", "peterbos": "Anderlecht", "liedts": "Schaerbeek", "midi": "Saint-Gilles",
            "gand": "Molenbeek-Saint-Jean", "volxem": "Forest"}
TRICKY_NEGATIVES = ["bilan-fusillades-2025-bruxelles", "proces-fusillade-saint-gilles-2023", "schietpartij-vilvoorde",
                    "anderlecht-s-impose-face-a-genk", "antwerp-shooting-deurne", "more-police-for-anderlecht-after-shootings",
                    "kriminalstatistik-region-bruessel"]


def test_site_data_covers_the_story():
    slugs = {a.slug for a in SITE.articles}
    assert 30 <= len(SITE.articles) <= 40
    assert {o.language for o in SITE.outlets} == {"fr", "nl", "en", "de"}
    for slug in [s for group in INCIDENTS.values() for s in group] + TRICKY_NEGATIVES:
        assert slug in slugs


def test_feeds_sitemaps_and_pages_are_well_formed():
    from crawlers.parse import parse_article

    pages = render(SITE, BASE)
    for outlet in SITE.outlets:
        articles = SITE.articles_of(outlet.name)
        feed = feedparser.parse(pages[feed_path(outlet)][1])
        assert not feed.bozo, feed.get("bozo_exception")
        assert [e.link for e in feed.entries] == [BASE + article_path(a) for a in articles]
        assert all(e.get("published_parsed") for e in feed.entries)
        sitemap = pages[sitemap_path(outlet)][1].decode()
        assert sitemap.count("<loc>") == len(articles)
        for art in articles:
            url = BASE + article_path(art)
            parsed = parse_article(pages[article_path(art)][1], url, outlet=outlet.name, language=outlet.language)
            assert parsed["title"] == art.title
            assert all(p in parsed["text"] for p in art.paragraphs)
            assert "fictional outlet" not in parsed["text"]  # the footer is boilerplate
            assert parsed["published"][:16] == SITE.published(art).isoformat()[:16]


def _mentions(db: Path) -> dict[str, set[str]]:
    from warehouse.db import write_connection

    with write_connection(db) as con:
        rows = con.execute("SELECT regexp_extract(a.url, '([^/]+)\\.html$', 1), m.incident_id FROM articles a "
                           "LEFT JOIN mentions m USING (article_id)").fetchall()
    out: dict[str, set[str]] = {}
    for slug, incident in rows:
        out.setdefault(slug, set())
        if incident:
            out[slug].add(incident)
    return out


@pytest.mark.slow
def test_demo_runs_the_pipeline_and_a_second_demo_adds_nothing(demo_runs):
    first, second, emails, first_report, second_report = demo_runs

    assert first.status == "completed", first.error
    assert first.counts["load"]["new"] == len(SITE.articles)
    assert len(emails) == 1 and "demo@example.org" in emails[0].read_text(encoding="utf-8", errors="replace")
    assert "nightly run: completed" in first_report and "34 new" in first_report
    assert f"digest emails: {first.outbox}/ (1 file(s)" in first_report
    assert json.loads((first.db.parent / "demo.site.json").read_text())["port"] == int(first.base_url.rsplit(":", 1)[1])
    assert first.counts["site"]["incidents"] == first.incidents_total == 6
    assert first.site == first.db.parent / "site" and (first.site / "index.html").is_file()
    assert f"public site: {first.site / 'index.html'}" in first_report and "incidents web --db" in first_report

    assert second.status == "completed", second.error
    assert second.base_url == first.base_url and not second.port_changed
    assert second.counts["load"]["new"] == 0 and second.counts["load"]["updated"] == 0
    assert second.counts["digest"]["sent"] == 0
    assert second.articles_total == first.articles_total and second.incidents_total == first.incidents_total
    assert sorted(first.outbox.glob("*.eml")) == emails
    assert "no new articles" in second_report


@pytest.mark.slow
def test_demo_groups_each_incidents_reports_into_one_incident(demo_runs):
    first = demo_runs[0]
    mentions = _mentions(first.db)
    ids = {}
    for name, slugs in INCIDENTS.items():
        found = set().union(*(mentions[s] for s in slugs))
        assert all(mentions[s] for s in slugs), f"{name}: a report produced no incident"
        assert len(found) == 1, f"{name}: reports split over {found}"
        ids[name] = found.pop()
    assert len(set(ids.values())) == len(INCIDENTS)  # six distinct incidents
    assert dict(first.incidents_by_commune)["Anderlecht"] >= 2
    from warehouse.db import write_connection

    with write_connection(first.db) as con:
        for name, iid in ids.items():
            assert con.execute("SELECT commune FROM incidents WHERE incident_id = ?", [iid]).fetchone()[0] == COMMUNES[name]
        # the follow-ups say one of the two injured men died, the other is out of danger
        assert con.execute("SELECT killed, injured FROM incidents WHERE incident_id = ?",
                           [ids["peterbos"]]).fetchone() == (1, 1)


@pytest.mark.slow
@pytest.mark.parametrize("slug", TRICKY_NEGATIVES)
def test_demo_tricky_negatives_make_no_incident(demo_runs, slug):
    assert _mentions(demo_runs[0].db)[slug] == set()
