"""parse_article on the fixture pages (bytes in, Articles-JSONL object out) and on broken input."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawlers.parse import ParseSkip, parse_article
from crawlers.sources import Selectors
from crawlers.urls import canonicalize, date_in_url
from core.schema import article_id

SITE = Path(__file__).resolve().parent / "site"
BASE = "http://news.example.be"


def page(rel: str) -> bytes:
    return (SITE / rel).read_bytes().replace(b"__BASE__", BASE.encode())


def test_jsonld_page() -> None:
    art = parse_article(page("fr/2026/11/20/fusillade-anderlecht.html"),
                        f"{BASE}/fr/2026/11/20/fusillade-anderlecht.html?utm_source=x#top", outlet="lavoix",
                        language="fr")
    assert art["url"] == f"{BASE}/fr/2026/11/20/fusillade-anderlecht.html"
    assert art["id"] == article_id(art["url"])
    assert art["published"] == "2026-11-20T22:15:00+01:00"
    assert art["modified"] == "2026-11-21T08:05:00+01:00"
    assert art["title"] == "Fusillade à Anderlecht : un blessé près de la place de la Vaillance"
    assert "place de la Vaillance" in art["text"] and "juge d'instruction" in art["text"]
    assert "Accueil" not in art["text"]  # navigation is not body text
    assert art["fetched_url"].endswith("#top") and art["language"] == "fr" and art["outlet"] == "lavoix"


def test_utc_timestamp_is_converted_to_brussels_time() -> None:
    art = parse_article(page("nl/steekpartij-brussel-noord.html"), f"{BASE}/nl/x.html", language="nl")
    assert art["published"] == "2026-11-21T14:45:00+01:00"
    assert art["url"] == f"{BASE}/nl/steekpartij-brussel-noord.html"  # JSON-LD url as canonical


def test_date_only_in_url_and_feed_fallback() -> None:
    art = parse_article(page("fr/2026-11-19/incendie-ixelles.html"), f"{BASE}/fr/2026-11-19/incendie-ixelles.html")
    assert art["published"] == "2026-11-19"
    art = parse_article(page("fr/latin1-undeclared.html"), f"{BASE}/fr/latin1-undeclared.html",
                        feed_entry={"published": "2026-11-15T20:00:00+01:00"})
    assert art["published"] == "2026-11-15T20:00:00+01:00"


def test_latin1_declared_in_meta_and_undeclared() -> None:
    art = parse_article(page("fr/latin1.html"), f"{BASE}/fr/latin1.html")
    assert "âgé de 24 ans" in art["text"] and "Molenbeek" in art["title"]
    art = parse_article(page("fr/latin1-undeclared.html"), f"{BASE}/fr/latin1-undeclared.html")
    assert "âgé de 52 ans" in art["text"] and "Détails" in art["text"]
    # An HTTP header charset wins over detection.
    utf8 = "<html><body><article><p>" + "Ça a été réglé à Forest, près de la gare. " * 5 + "</p></article></body></html>"
    art = parse_article(utf8.encode("utf-8"), f"{BASE}/x.html", encoding="utf-8")
    assert "Ça a été réglé" in art["text"]


@pytest.mark.parametrize("where", ["header", "meta"])
def test_utf8_page_declared_latin1_is_read_as_utf8(where: str) -> None:
    """A CMS that says ISO-8859-1 but sends UTF-8: bytes that are valid UTF-8 with non-ASCII sequences are UTF-8."""
    meta = '<meta charset="ISO-8859-1">' if where == "meta" else ""
    html = (f"<html><head>{meta}<title>Agression à Saint-Gilles</title></head><body><article><p>"
            + "Un homme âgé de 31 ans a été blessé près du parvis, côté chaussée de Waterloo. " * 3
            + "</p></article></body></html>")
    art = parse_article(html.encode("utf-8"), f"{BASE}/fr/x.html", encoding="ISO-8859-1" if where == "header" else None)
    assert "âgé de 31 ans a été blessé" in art["text"] and art["title"] == "Agression à Saint-Gilles"


def test_language_declared_by_outlet_wins_and_page_decides_otherwise() -> None:
    html = page("de/schuesse-bruessel.html")
    assert parse_article(html, f"{BASE}/de/a.html")["language"] == "de"
    assert parse_article(html, f"{BASE}/de/a.html", language="fr")["language"] == "fr"


@pytest.mark.parametrize("data, reason", [
    (b"", "empty"),
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20, "binary"),
    ((SITE / "broken" / "nobody.html").read_bytes(), "no_body"),
])
def test_pages_without_article_raise_parse_skip(data: bytes, reason: str) -> None:
    with pytest.raises(ParseSkip) as err:
        parse_article(data, f"{BASE}/x.html")
    assert err.value.reason == reason


def test_outlet_selectors_override_generic_extraction() -> None:
    sel = Selectors(body="//div[@class='beitrag']/p[1]", title="//h1")
    art = parse_article(page("de/schuesse-bruessel.html"), f"{BASE}/de/a.html", selectors=sel)
    assert art["text"].startswith("In der Brüsseler Gemeinde Anderlecht") and "Staatsanwaltschaft" not in art["text"]


def test_url_helpers() -> None:
    assert canonicalize("HTTPS://WWW.Example.be:443/a/b?utm_source=x&id=3&fbclid=y#frag") == "https://www.example.be/a/b?id=3"
    assert str(date_in_url("http://www.lavenir.net/sports/cnt/DMF20130116_00256248")) == "2013-01-16"
    assert str(date_in_url("http://www.7sur7.be/7s7/fr/1513/x/article/detail/1455721/2012/06/18/Les.dhtml")) == "2012-06-18"
    assert date_in_url("http://www.dhnet.be/infos/article/420383/podcast.html") is None


def test_cli_parse_prints_one_json_object(tmp_path: Path) -> None:
    import json

    import typer
    from typer.testing import CliRunner

    import incidents.cli.crawlers

    app = typer.Typer()
    incidents.cli.crawlers.register(app)
    saved = tmp_path / "page.html"
    saved.write_bytes(page("nl/schoten-kuregem.html"))
    result = CliRunner().invoke(app, ["parse", str(saved), "--url", f"{BASE}/nl/schoten-kuregem.html",
                                      "--outlet", "bruzz"])
    assert result.exit_code == 0, result.output
    art = json.loads(result.output)
    assert art["outlet"] == "bruzz" and art["language"] == "nl" and art["published"] == "2026-11-22T23:10:00+01:00"
    nobody = tmp_path / "nobody.html"
    nobody.write_bytes((SITE / "broken" / "nobody.html").read_bytes())
    result = CliRunner().invoke(app, ["parse", str(nobody)])
    assert result.exit_code != 0 and "no_body" in str(result.exception)
