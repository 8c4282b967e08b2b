"""The public site, built from a warehouse of fictional incidents: numbers equal to the views and `incidents stats`,
every article text escaped, only http(s) source links, relative links that resolve, atomic rebuilds, valid data files."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
import pytest

from core.vocabulary import LANGUAGES, vocabulary
from resolve.exports import headline_stats
from website import tilemap
from website.build import build_site, page_name, web_url
from website.strings import parse as parse_strings

UTC = dt.timezone.utc
TODAY = dt.date(2026, 11, 25)
NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
HOSTILE_TITLE = 'Tirs <script>alert("x")</script> & "kalach"'
HOSTILE_PLACE = '<img src=x onerror=alert(1)>Rue fictive'


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10), tzinfo=UTC)


@pytest.fixture
def site(warehouse, tmp_path):
    """Fictional incidents over two years, one with hostile text and non-web source URLs; the site built from them."""
    wh = warehouse
    days = [TODAY - dt.timedelta(days=n) for n in (0, 3, 40, 95, 200, 365, 366, 400, 700)]
    communes = ["Anderlecht", "Anderlecht", "Schaerbeek", "Forest", "Ixelles", "Anderlecht", "Uccle", "Jette", "Evere"]
    types = ["shooting", "stabbing", "shooting", "explosion", "shooting", "shooting", "robbery", "shooting", "assault"]
    for n, (day, commune, kind) in enumerate(zip(days, communes, types)):
        wh.incident(f"BXL-{day:%Y%m%d}-{n:08x}", first_seen=at(day), date=day, commune=commune, type=kind,
                    killed=n % 2, injured=1)
    wh.incident("BXL-20261124-hostile0", first_seen=at(TODAY), date=TODAY - dt.timedelta(days=1), commune=None,
                place=HOSTILE_PLACE, title=HOSTILE_TITLE)
    for n, url in enumerate(["javascript:alert(1)", "data:text/html,<b>x</b>", " https://ok.example/a"]):
        aid = f"art-hostile-{n}"
        wh.con.execute(
            "INSERT INTO articles (article_id, url, outlet, language, published_at, published_date, title, text, "
            "content_hash, fetched_at, first_seen) VALUES (?, ?, ?, 'fr', ?, ?, ?, 'Texte.', ?, ?, ?)",
            [aid, url, f"outlet-{n}", NOW, TODAY, HOSTILE_TITLE, f"h{n}", NOW, NOW])
        wh.con.execute(
            "INSERT INTO mentions (mention_id, article_id, ordinal, extractor_version, type, date, killed, "
            "confidence, incident_id, created_at, evidence) VALUES (?, ?, 0, 'test', 'shooting', ?, ?, 0.5, "
            "'BXL-20261124-hostile0', ?, ?)",
            [f"{aid}:0", aid, TODAY, n, NOW, json.dumps([{"text": f"<b>phrase</b> {n}", "start": 0, "end": 9}])])
    wh.con.execute("UPDATE incidents SET provenance = ? WHERE incident_id = 'BXL-20261124-hostile0'",
                   [json.dumps({"killed": "art-hostile-2:0", "type": "art-hostile-0:0"})])
    wh.con.execute("INSERT INTO incident_merges VALUES ('BXL-20261124-gone0000', 'BXL-20261124-hostile0', ?, 'same place')",
                   [NOW])
    wh.close()
    out = tmp_path / "site"
    stats = build_site(wh.path, out, today=TODAY, now=NOW)
    return wh.path, out, stats


def page(out: Path, rel: str):
    return lxml.html.fromstring((out / rel).read_text(encoding="utf-8"))


def cell(doc, xpath: str) -> int:
    found = doc.xpath(xpath)
    assert len(found) == 1, xpath
    return int(found[0].text_content().strip())


def query(db: Path, sql: str, params=None) -> list[tuple]:
    from warehouse.db import connect

    con = connect(db, read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def test_home_numbers_equal_the_views_and_incidents_stats(site):
    db, out, _ = site
    stats = headline_stats(db)
    for lang in LANGUAGES:
        doc = page(out, f"{lang}/index.html")
        ytd = doc.get_element_by_id("year-to-date")
        for kind in vocabulary().types:
            assert cell(ytd, f".//tr[@data-type='{kind}']/td[@data-col='all_time']") == stats["by_type"].get(kind, 0)
        assert cell(ytd, ".//tr[@data-type='total']/td[@data-col='all_time']") == stats["incidents"]["active"]
        this_year, last_year = query(db, (
            "SELECT count(*) FILTER (WHERE date BETWEEN DATE '2026-01-01' AND ?), "
            "count(*) FILTER (WHERE date BETWEEN DATE '2025-01-01' AND ?) FROM active_incidents"),
            [TODAY, TODAY.replace(year=2025)])[0]
        assert cell(ytd, ".//tr[@data-type='total']/td[@data-col='this_year']") == this_year == 6
        assert cell(ytd, ".//tr[@data-type='total']/td[@data-col='last_year']") == last_year == 3
        years = doc.get_element_by_id("shootings-by-year")
        view = query(db, "SELECT year, shootings, prosecutor_shootings FROM shootings_by_year")
        assert len(years.xpath(".//tbody/tr")) == len(view)
        for year, ours, prosecutor in view:
            assert cell(years, f".//tr[@data-year='{year}']/td[@data-col='shootings']") == ours
            if prosecutor is not None:
                assert cell(years, f".//tr[@data-year='{year}']/td[@data-col='prosecutor_shootings']") == prosecutor
        for row in stats["by_year"]:
            if row["year"] in {y for y, *_ in view}:
                assert cell(years, f".//tr[@data-year='{row['year']}']/td[@data-col='shootings']") == row["shootings"]
        # the map: incidents of the last 90 days per commune, written in each square
        recent = dict(query(db, "SELECT commune, count(*) FROM active_incidents WHERE commune IS NOT NULL AND "
                                "date BETWEEN ? - INTERVAL 89 DAY AND ? GROUP BY commune", [TODAY, TODAY]))
        tiles = doc.xpath("//svg//a[@data-commune]")
        assert len(tiles) == 19
        for tile in tiles:
            assert int(tile.xpath("./text[contains(@class, 'count')]")[0].text) == recent.get(tile.get("data-commune"), 0)
        assert recent == {"Anderlecht": 2, "Schaerbeek": 1}
        # the trend table: one row per month for 24 months, totals equal to the incidents of each month
        months = doc.get_element_by_id("region-table").xpath(".//tbody/tr")
        assert len(months) == 24
        per_month = dict(query(db, "SELECT CAST(date_trunc('month', date) AS DATE), count(*) FROM active_incidents "
                                   "GROUP BY 1"))
        for row in months:
            month = dt.date.fromisoformat(row.get("data-month"))
            assert int(row.xpath("./td[@data-total]")[0].text) == per_month.get(month, 0)


def test_commune_pages_match_monthly_counts_by_commune(site):
    db, out, _ = site
    view = query(db, "SELECT month, commune, incidents FROM monthly_counts_by_commune")
    totals = dict(query(db, "SELECT commune, count(*) FROM active_incidents GROUP BY commune"))
    for lang in LANGUAGES:
        doc = page(out, f"{lang}/commune/anderlecht.html")
        assert cell(doc.get_element_by_id("by-type"), ".//td[@data-total]") == totals["Anderlecht"] == 3
        rows = {r.get("data-month"): int(r.xpath("./td[@data-total]")[0].text)
                for r in doc.get_element_by_id("commune-table").xpath(".//tbody/tr")}
        expected = {month.isoformat(): n for month, commune, n in view if commune == "Anderlecht" and n}
        assert {m: n for m, n in rows.items() if n} == expected and sum(expected.values()) == 3
        assert len(doc.xpath("//table[contains(@class, 'incidents')]//tbody/tr")) == 3
    assert len(list((out / "en" / "commune").glob("*.html"))) == 19


def test_article_text_is_escaped_and_only_web_links_are_links(site):
    _, out, _ = site
    for lang in LANGUAGES:
        html = (out / lang / "incident" / "BXL-20261124-hostile0.html").read_text(encoding="utf-8")
        assert "<script>" not in html and "<img" not in html and "<b>" not in html
        assert "&lt;script&gt;" in html and "&lt;img src=x onerror=alert(1)&gt;" in html
        doc = lxml.html.fromstring(html)
        hrefs = [a.get("href") for a in doc.xpath("//a[@href]")]
        assert not [h for h in hrefs if re.match(r"(?i)\s*(javascript|data):", h)]
        assert "https://ok.example/a" in hrefs
        sources = doc.get_element_by_id("sources-table").xpath(".//tbody/tr")
        assert len(sources) == 4
        shown = " ".join(r.text_content() for r in sources)
        assert "javascript:alert(1)" in shown and "data:text/html" in shown   # shown as text, not as links
        facts = doc.get_element_by_id("facts-table")
        killed = facts.xpath(".//tr[@data-fact='killed']")[0]
        assert killed.xpath(".//a/@href") == ["https://ok.example/a"] and "<b>phrase</b> 2" in killed.text_content()
        history = doc.get_element_by_id("history-list").text_content()
        assert "BXL-20261124-gone0000" in history
        merged = page(out, f"{lang}/incident/BXL-20261124-gone0000.html")
        assert merged.get_element_by_id("merged-into").xpath(".//a/@href") == ["BXL-20261124-hostile0.html"]


def test_web_url_accepts_only_http_and_https():
    assert web_url("https://a.be/x") == "https://a.be/x" and web_url("HTTP://a.be") == "HTTP://a.be"
    for bad in ("javascript:alert(1)", " JaVaScRiPt:x", "data:text/html,x", "//evil.example", "/relative", "ftp://a",
                "https://a.be/\nx", None, ""):
        assert web_url(bad) is None
    assert page_name("BXL-20261124-ab12") == "BXL-20261124-ab12.html" and page_name("../x y") == ".._x_y.html"


def test_every_relative_link_resolves_to_a_file(site):
    _, out, stats = site
    pages = list(out.rglob("*.html"))
    assert len(pages) == stats.pages - 1  # + style.css
    for path in pages:
        doc = lxml.html.fromstring(path.read_text(encoding="utf-8"))
        for ref in doc.xpath("//a/@href | //link/@href"):
            if urlsplit(ref).scheme:
                continue
            if ref.startswith("#"):
                assert doc.xpath(f"//*[@id='{ref[1:]}']"), f"{path}: no element {ref}"
                continue
            assert not ref.startswith("/"), f"{path}: absolute link {ref} breaks file://"
            target = (path.parent / unquote(urlsplit(ref).path)).resolve()
            assert target.is_file(), f"{path.relative_to(out)}: {ref} -> missing {target}"


def test_a_rebuild_removes_only_the_pages_it_no_longer_writes(site, tmp_path):
    db, out, _ = site
    mine = out / "en" / "incident" / "BXL-20261124-hostile0.html"
    theirs = out / "notes.txt"
    theirs.write_text("kept")
    from warehouse.db import write_connection

    with write_connection(db) as con:
        con.execute("UPDATE incidents SET status = 'retracted' WHERE incident_id = 'BXL-20261124-hostile0'")
    build_site(db, out, today=TODAY, now=NOW)
    assert not mine.exists() and theirs.read_text() == "kept"
    assert not list(out.rglob(".*.tmp"))


def test_tile_grid_holds_the_19_communes_once():
    columns, rows, tiles = tilemap.grid()
    assert len(tiles) == 19 and len({(t.col, t.row) for t in tiles}) == 19
    raw = json.loads((Path(tilemap.__file__).parent / tilemap.TILEGRID_FILE).read_text(encoding="utf-8"))
    names = tuple(raw["tiles"])
    broken = json.loads(json.dumps(raw))
    broken["tiles"]["Forest"] = dict(broken["tiles"]["Uccle"])
    with pytest.raises(ValueError, match="share a square"):
        tilemap.parse(broken, names)
    with pytest.raises(ValueError, match="missing"):
        tilemap.parse(raw, names + ("Vilvoorde",))
    assert [tilemap.level(n) for n in (0, 1, 2, 3, 6, 11, 500)] == [0, 1, 1, 2, 3, 4, 4]


def test_strings_have_the_same_keys_in_every_language():
    import tomllib

    raw = tomllib.loads((Path(tilemap.__file__).parent / "strings.toml").read_text(encoding="utf-8"))
    table = parse_strings(raw)
    assert set(table["nl"]["types"]) == set(vocabulary().types)
    del raw["nl"]["h_map"]
    with pytest.raises(ValueError, match="h_map"):
        parse_strings(raw)


def test_site_command_writes_the_site_and_reports_a_missing_database(site, tmp_path):
    db, _, _ = site
    bin_ = Path(sys.executable).with_name("incidents")
    done = subprocess.run([str(bin_), "site", "--db", str(db), "--out", str(tmp_path / "cli-site")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "cli-site" / "fr" / "index.html").is_file() and "index.html" in done.stdout
    done = subprocess.run([str(bin_), "site", "--db", str(tmp_path / "none.duckdb")], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 1 and done.stderr.startswith("error: ") and len(done.stderr.splitlines()) == 1
