"""Rendering: every language complete, Dutch commune names, and an example digest kept for people to look at."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from alerts import ledger
from alerts.periods import current_period
from alerts.render import CHART_CID, build_message, strings
from alerts.selection import select_digest
from alerts.subscribers import list_subscribers

NOW = dt.datetime(2026, 11, 25, 5, 0, tzinfo=dt.timezone.utc)
OUTPUT = Path(__file__).resolve().parents[2] / "test-output"


def test_every_language_has_the_same_keys():
    table = strings()
    assert set(table) == {"fr", "nl", "en"}
    shape = {lang: {k: sorted(v) if isinstance(v, dict) else None for k, v in s.items()} for lang, s in table.items()}
    assert shape["fr"] == shape["nl"] == shape["en"]
    assert sorted(table["en"]["types"]) == sorted(
        ["shooting", "stabbing", "explosion", "arson", "robbery", "assault", "homicide", "other"])


def _example(wh) -> None:
    """A month of fictional incidents, one of them already received and since updated."""
    for n in range(30):
        first_seen = NOW - dt.timedelta(days=n, hours=2)
        for k in range(n % 3):
            wh.incident(f"h{n}-{k}", first_seen=first_seen, commune=["Anderlecht", "Schaerbeek", "Forest"][k],
                        place=f"Rue fictive {n}-{k}")
    wh.incident("fresh", first_seen=NOW - dt.timedelta(hours=3), commune="Molenbeek-Saint-Jean",
                place="Place fictive", killed=1, injured=2, weapon="assault_rifle",
                title='Tirs à la "kalach" <script>alert(1)</script>')
    wh.add_source("fresh", "autre-journal.be", "Schietpartij op fictief plein", NOW - dt.timedelta(hours=2))
    wh.incident("nocommune", first_seen=NOW - dt.timedelta(hours=4), commune=None, place=None, killed=None,
                injured=None, type="stabbing", weapon="knife")


def test_example_digest_is_rendered_for_people_to_look_at(warehouse):
    wh = warehouse
    _example(wh)
    sid = wh.subscriber("reader@example.org", language="fr")
    sub = list_subscribers(wh.con)[0]
    # the reader got yesterday's digest; since then a victim died in one of its incidents
    yesterday = current_period("daily", NOW - dt.timedelta(days=1))
    wh.con.execute("INSERT INTO deliveries (subscriber_id, period_key, period_start, period_end, status, created_at) "
                   "VALUES (?, ?, ?, ?, 'sent', ?)", [sid, yesterday.key, yesterday.start, yesterday.end, NOW])
    received = select_digest(wh.con, sub, yesterday).items
    ledger.mark_sent(wh.con, sid, yesterday, received, NOW - dt.timedelta(days=1))
    updated = received[0].incident_id
    wh.update(updated, NOW - dt.timedelta(hours=1), killed=1, injured=0)

    digest = select_digest(wh.con, sub, current_period("daily", NOW))
    assert [i.incident_id for i in digest.updates] == [updated]
    assert {"fresh", "nocommune"} <= {i.incident_id for i in digest.new_items}
    assert len(digest.daily) == 30 and sum(n for _, n in digest.daily) > 20
    msg = build_message(digest, mail_from="digest@example.org", unsubscribe_base_url="https://example.org/u")
    html = msg.get_body(("html",)).get_content()
    png = next(p for p in msg.walk() if p.get_content_type() == "image/png").get_content()

    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "Molenbeek-Saint-Jean" in html and "Bruxelles (commune non précisée)" in html
    assert "arme de guerre" in html and "1 mort(s), 2 blessé(s)" in html and "victimes non précisées" in html
    assert "MISE À JOUR" in html
    OUTPUT.mkdir(exist_ok=True)
    (OUTPUT / "digest-example.png").write_bytes(png)
    (OUTPUT / "digest-example.html").write_text(html.replace(f"cid:{CHART_CID}", "digest-example.png"),
                                                encoding="utf-8")
    (OUTPUT / "digest-example.eml").write_bytes(msg.as_bytes())


@pytest.mark.parametrize("language, expected", [("nl", "Sint-Jans-Molenbeek"), ("en", "Molenbeek-Saint-Jean")])
def test_commune_names_follow_the_subscriber_language(warehouse, smtp_server, language, expected):
    from alerts.digest import send_digests

    wh = warehouse
    wh.incident("fresh", first_seen=NOW - dt.timedelta(hours=3), commune="Molenbeek-Saint-Jean")
    wh.subscriber("reader@example.org", language=language, communes=["Molenbeek-Saint-Jean"])
    wh.close()
    send_digests(wh.path, smtp_server.settings(), now=NOW)
    wh.reopen()
    text = smtp_server.handler.messages[0].get_body(("plain",)).get_content()
    assert f"== {expected} ==" in text
    assert f": {expected}" in text.splitlines()[1]   # the scope line names the subscribed commune too


def test_line_breaks_in_crawled_fields_cannot_forge_lines_of_the_text_part(warehouse):
    """Outlet names, URLs and places come from crawled pages: a newline (or any control character) in one of them
    stays inside its own line of the plain-text digest."""
    wh = warehouse
    wh.incident("forged", first_seen=NOW - dt.timedelta(hours=3), commune="Forest",
                place="Rue fictive\r\nFORGED-PLACE: call 0800")
    wh.add_source("forged", "evil.example\nFORGED-OUTLET: visit https://evil.example", "Titre", NOW - dt.timedelta(hours=2))
    wh.con.execute("UPDATE articles SET url = 'https://evil.example/a\u2028FORGED-URL\x0bx' WHERE outlet LIKE 'evil%'")
    wh.subscriber("reader@example.org", language="fr")
    sub = list_subscribers(wh.con)[0]
    digest = select_digest(wh.con, sub, current_period("daily", NOW))
    msg = build_message(digest, mail_from="digest@example.org", unsubscribe_base_url="https://example.org/u")
    text = msg.get_body(("plain",)).get_content()

    assert "FORGED-OUTLET" in text and "FORGED-PLACE" in text and "FORGED-URL" in text
    for line in text.splitlines():
        assert not line.lstrip(" -").startswith("FORGED"), line
    assert not any(c in text for c in "\r\x0b\u2028")
