"""The demo's public site in a real headless Chromium, served by a real `incidents web` process: the home page shows
the demo's six incidents and their communes, a commune link leads to its page, an incident page lists its sources,
the digest's one-click unsubscribe works and the next digest skips the subscriber. Screenshots of the home, commune
and incident pages at 1280 and 390 px go to test-output/ for a person to look at."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from core.settings import Settings
from incidents.demo import DEMO_PUBLIC_URL, DEMO_SUBSCRIBER
from warehouse.db import connect

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
OUTPUT = Path(__file__).resolve().parents[2] / "test-output"

pytestmark = pytest.mark.slow


def rows(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = connect(db, read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: the browser tests need Debian's `chromium` package "
                    "(apt-get install chromium; CI installs it in .ci/run)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (the `test` extra) is not installed")
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def demo(demo_runs, tmp_path_factory):
    """A copy of the demo's warehouse, site and digest (these tests unsubscribe; the demo tests read the original)."""
    first = demo_runs[0]
    folder = tmp_path_factory.mktemp("site-browser")
    shutil.copy(first.db, folder / "demo.duckdb")
    shutil.copytree(first.site, folder / "site")
    return folder / "demo.duckdb", folder / "site", sorted(first.outbox.glob("*.eml"))


@pytest.fixture(scope="module")
def base(demo, web_service) -> str:
    db, site, _ = demo
    return web_service(site, db, INCIDENTS_LOCK_WAIT_SECONDS="30")


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def test_home_shows_the_demos_six_incidents_and_their_communes(page, base, demo):
    db = demo[0]
    incidents = rows(db, "SELECT incident_id, commune FROM active_incidents")
    assert len(incidents) == 6
    page.goto(base + "/")
    page.get_by_role("link", name="English →").click()
    assert page.url == base + "/en/index.html"
    assert page.locator("h1").inner_text() == "Violent incidents in Brussels"
    listed = page.locator("table.incidents tbody tr")
    assert listed.count() == 6
    assert {listed.nth(i).get_attribute("data-incident") for i in range(6)} == {i for i, _ in incidents}
    shown_communes = set(page.locator("table.incidents tbody tr td:nth-child(3)").all_inner_texts())
    assert shown_communes == {c for _, c in incidents} == {"Anderlecht", "Schaerbeek", "Saint-Gilles",
                                                            "Molenbeek-Saint-Jean", "Forest"}
    assert page.locator("svg.tilemap a[data-commune='Anderlecht'] text.count").text_content() == "2"
    assert page.locator("svg.tilemap a[data-commune='Uccle'] text.count").text_content() == "0"
    total = page.locator("#year-to-date tfoot td[data-col='all_time']").inner_text()
    assert total == "6"


def test_a_commune_link_leads_to_its_page_and_an_incident_page_lists_its_sources(page, base, demo):
    db = demo[0]
    page.goto(base + "/nl/index.html")
    page.locator("svg.tilemap a[data-commune='Anderlecht']").click()
    assert page.url == base + "/nl/commune/anderlecht.html"
    assert page.locator("h1").inner_text() == "Anderlecht"
    own = page.locator("table.incidents tbody tr")
    assert own.count() == 2
    incident_id = own.first.get_attribute("data-incident")
    own.first.locator("th a").click()
    assert page.url == f"{base}/nl/incident/{incident_id}.html"
    sources = rows(db, "SELECT url, outlet FROM incident_sources WHERE incident_id = ?", [incident_id])
    assert len(sources) >= 2
    table = page.locator("#sources-table tbody tr")
    assert table.count() == len(sources)
    links = page.locator("#sources-table tbody tr td:nth-child(3) a")
    assert sorted(links.evaluate_all("els => els.map(e => e.getAttribute('href'))")) == sorted(u for u, _ in sources)
    assert set(page.locator("#sources-table tbody th").all_inner_texts()) == {o for _, o in sources}
    page.get_by_role("link", name="English").click()           # the language switch keeps the page
    assert page.url == f"{base}/en/incident/{incident_id}.html"


@pytest.mark.parametrize("width", [1280, 390])
def test_screenshots_of_home_commune_and_incident_pages(browser, base, demo, width):
    incident_id = rows(demo[0], "SELECT incident_id FROM active_incidents WHERE commune = 'Anderlecht' "
                                "ORDER BY incident_id LIMIT 1")[0][0]
    OUTPUT.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        for name, path in (("home", "/fr/index.html"), ("commune", "/fr/commune/anderlecht.html"),
                           ("incident", f"/fr/incident/{incident_id}.html")):
            page.goto(base + path)
            shot = OUTPUT / f"site-{name}-{width}.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 10_000
            # readable at this width: the page itself never scrolls sideways (wide tables scroll in their box)
            assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        context.close()


def test_one_click_unsubscribes_the_demo_subscriber_and_the_next_digest_skips_them(page, base, demo, tmp_path):
    from alerts.digest import send_digests

    db, _, emails = demo
    assert len(emails) == 1
    msg = email.message_from_bytes(emails[0].read_bytes(), policy=email.policy.default)
    link = msg["List-Unsubscribe"].strip("<>")
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link.startswith(DEMO_PUBLIC_URL + "/unsubscribe?token=")
    assert link in msg.get_body(("html",)).get_content()            # the footer link is the same
    parts = urlsplit(link)
    here = f"{base}{parts.path}?{parts.query}"                       # the demo's address, on this test's port
    settings = Settings.from_env({})
    tomorrow = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=1)   # today's digest was sent by the demo
    assert send_digests(db, settings, dry_run=True, send_empty=True, now=tomorrow).would_send == 1   # subscribed

    page.goto(here)                                                  # following the link only asks
    assert page.get_by_role("button", name="Unsubscribe me").is_visible()
    assert rows(db, "SELECT active FROM subscribers WHERE email = ?", [DEMO_SUBSCRIBER]) == [(True,)]

    answer = page.request.post(here, data="List-Unsubscribe=One-Click",
                               headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert answer.status == 200
    assert rows(db, "SELECT active FROM subscribers WHERE email = ?", [DEMO_SUBSCRIBER]) == [(False,)]
    stats = send_digests(db, settings, outbox=tmp_path / "outbox", send_empty=True, now=tomorrow)
    assert stats.subscribers == 0 and stats.sent == 0
    assert not list((tmp_path / "outbox").glob("*.eml"))
