"""Digest selection and exactly-once delivery against a real DuckDB file and a real SMTP server."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import re

import pytest

from alerts import ledger
from alerts.digest import send_digests
NOW = dt.datetime(2026, 11, 25, 5, 0, tzinfo=dt.timezone.utc)   # a nightly run: 06:00 in Brussels
HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)


def run(wh, settings, **kwargs):
    """send_digests with the test's own connection closed (as in production: another process)."""
    wh.close()
    try:
        return send_digests(wh.path, settings, now=kwargs.pop("now", NOW), **kwargs)
    finally:
        wh.reopen()


def text_of(msg) -> str:
    return msg.get_body(("plain",)).get_content()


def html_of(msg) -> str:
    return msg.get_body(("html",)).get_content()


def places_in(msg) -> set[str]:
    return set(re.findall(r"Place [\w-]+", text_of(msg)))


def test_subscribers_receive_incidents_matching_their_filters(warehouse, smtp_server):
    wh = warehouse
    wh.incident("a1", first_seen=NOW - 3 * HOUR, commune="Anderlecht", injured=1)
    wh.incident("s1", first_seen=NOW - 4 * HOUR, commune="Schaerbeek", killed=1, injured=2)
    wh.incident("x1", first_seen=NOW - 5 * HOUR, commune="Ixelles", type="stabbing", weapon="knife", killed=1)
    wh.incident("n1", first_seen=NOW - 6 * HOUR, commune=None, type="shooting", injured=0)
    wh.incident("old", first_seen=NOW - 3 * DAY, commune="Anderlecht")   # before a new subscriber's first period
    wh.subscriber("all@example.org")
    wh.subscriber("anderlecht@example.org", communes=["Anderlecht"])
    wh.subscriber("killed-shootings@example.org", types=["shooting"], min_severity=2)
    wh.subscriber("injured@example.org", min_severity=1)
    wh.subscriber("quiet@example.org", communes=["Uccle"])

    stats = run(wh, smtp_server.settings())

    assert stats.as_dict() == {"subscribers": 5, "sent": 4, "failed": 0, "empty": 1, "skipped_already_sent": 0,
                               "would_send": 0}
    got = {addr: places_in(m) for m in smtp_server.handler.messages for addr in [m["To"]]}
    assert got == {
        "all@example.org": {"Place a1", "Place s1", "Place x1", "Place n1"},
        "anderlecht@example.org": {"Place a1"},
        "killed-shootings@example.org": {"Place s1"},
        "injured@example.org": {"Place a1", "Place s1", "Place x1"},
    }
    assert not smtp_server.handler.to("quiet@example.org")
    statuses = {row[1] for row in wh.deliveries()}
    assert statuses == {"sent", "empty"}


def test_message_headers_parts_and_inline_chart(warehouse, smtp_server):
    wh = warehouse
    wh.incident("a1", first_seen=NOW - 3 * HOUR, commune="Anderlecht", place="Peterbos", injured=1)
    wh.add_source("a1", "second-outlet.be", "Schoten in Peterbos", NOW - 2 * HOUR)
    sid = wh.subscriber("alice@example.org", language="fr")

    run(wh, smtp_server.settings("https://alerts.example.org/unsubscribe"))

    [msg] = smtp_server.handler.messages
    assert msg["From"] == "Brussels incidents <digest@alerts.example.org>"
    assert msg["To"] == "alice@example.org"
    assert msg["Subject"].startswith("Incidents à Bruxelles : 1 nouveau(x), 0 mise(s) à jour")
    assert re.fullmatch(r"<[^<>@\s]+@alerts\.example\.org>", msg["Message-ID"])
    assert msg["List-Unsubscribe"] == f"<https://alerts.example.org/unsubscribe?token=tok-{sid}>"
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert [p.get_content_type() for p in msg.walk()] == [
        "multipart/related", "multipart/alternative", "text/plain", "text/html", "image/png"]
    png = next(p for p in msg.walk() if p.get_content_type() == "image/png")
    assert png.get_content()[:8] == b"\x89PNG\r\n\x1a\n"
    cid = png["Content-ID"].strip("<>")
    html, text = html_of(msg), text_of(msg)
    assert f'src="cid:{cid}"' in html
    for part in (text, html):
        assert "Anderlecht" in part and "Peterbos" in part and "1 blessé(s)" in part and "arme à feu" in part
        assert "example-news.be" in part and "second-outlet.be" in part and "Schoten in Peterbos" in part
        assert f"token=tok-{sid}" in part
    assert 'href="https://second-outlet.be/a/a1"' in html
    assert wh.deliveries(sid)[0][4] == msg["Message-ID"]


def test_untrusted_titles_are_escaped_in_html(warehouse, smtp_server):
    wh = warehouse
    wh.incident("a1", first_seen=NOW - HOUR, title='<script>alert("x")</script> & <b>bold</b>')
    wh.incident("a2", first_seen=NOW - HOUR, place='Rue "du" <Test>')
    wh.subscriber("alice@example.org")

    run(wh, smtp_server.settings())

    html = html_of(smtp_server.handler.messages[0])
    assert "<script>" not in html and "<b>bold</b>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html
    assert "Rue &#34;du&#34; &lt;Test&gt;" in html
    assert '<script>alert("x")</script>' in text_of(smtp_server.handler.messages[0])  # plain text stays literal


def test_second_run_sends_nothing(warehouse, smtp_server):
    wh = warehouse
    wh.incident("a1", first_seen=NOW - HOUR)
    wh.subscriber("alice@example.org")
    first = run(wh, smtp_server.settings())
    second = run(wh, smtp_server.settings(), now=NOW + 2 * HOUR)
    assert (first.sent, second.sent, second.skipped_already_sent) == (1, 0, 1)
    assert len(smtp_server.handler.messages) == 1


def test_smtp_down_then_up_delivers_exactly_once(warehouse, smtp_offline):
    wh = warehouse
    wh.incident("a1", first_seen=NOW - HOUR)
    sid_a = wh.subscriber("alice@example.org")
    sid_b = wh.subscriber("bob@example.org")
    server = smtp_offline                     # not started: connection refused

    down = run(wh, server.settings())
    assert (down.sent, down.failed) == (0, 2)
    for sid in (sid_a, sid_b):
        [(key, status, attempts, error, _)] = wh.deliveries(sid)
        assert (status, attempts) == ("failed", 1) and "cannot connect" in error

    server.start()
    up = run(wh, server.settings(), now=NOW + HOUR)
    again = run(wh, server.settings(), now=NOW + 2 * HOUR)
    assert (up.sent, up.failed, again.sent, again.skipped_already_sent) == (2, 0, 0, 2)
    assert sorted(m["To"] for m in server.handler.messages) == ["alice@example.org", "bob@example.org"]
    assert [r[1:3] for r in wh.deliveries(sid_a)] == [("sent", 2)]


def test_failed_delivery_is_folded_into_the_next_period(warehouse, smtp_offline):
    wh = warehouse
    wh.incident("a1", first_seen=NOW - HOUR)
    sid = wh.subscriber("alice@example.org")
    server = smtp_offline
    run(wh, server.settings())                               # down: daily:2026-11-25 failed
    wh.incident("b1", first_seen=NOW + 20 * HOUR)
    server.start()
    run(wh, server.settings(), now=NOW + DAY)                # next day: both incidents, one email
    [msg] = server.handler.messages
    assert places_in(msg) == {"Place a1", "Place b1"}
    assert [r[:2] for r in wh.deliveries(sid)] == [("daily:2026-11-25", "superseded"), ("daily:2026-11-26", "sent")]


def test_one_refused_recipient_does_not_stop_the_others(warehouse, smtp_server):
    wh = warehouse
    wh.incident("a1", first_seen=NOW - HOUR)
    for name in ("alice", "bob", "carol"):
        wh.subscriber(f"{name}@example.org")
    smtp_server.handler.refuse = {"bob@example.org"}

    stats = run(wh, smtp_server.settings())

    assert (stats.sent, stats.failed) == (2, 1)
    assert sorted(m["To"] for m in smtp_server.handler.messages) == ["alice@example.org", "carol@example.org"]
    failed = [r for r in wh.deliveries() if r[1] == "failed"]
    assert len(failed) == 1 and "550" in failed[0][3]

    smtp_server.handler.refuse = set()                       # the mailbox is back: retried once, nobody else
    retry = run(wh, smtp_server.settings(), now=NOW + HOUR)
    assert (retry.sent, retry.skipped_already_sent) == (1, 2)
    assert sorted(m["To"] for m in smtp_server.handler.messages) == [
        "alice@example.org", "bob@example.org", "carol@example.org"]


def test_updates_are_marked_and_show_what_changed(warehouse, smtp_server):
    wh = warehouse
    wh.incident("a1", first_seen=NOW - HOUR, commune="Anderlecht", place="Clemenceau", killed=0, injured=1)
    wh.subscriber("alice@example.org", communes=["Anderlecht"])
    run(wh, smtp_server.settings())
    # next day: the victim died and the commune was corrected (outside the filter: still sent, it was received)
    wh.update("a1", NOW + 10 * HOUR, killed=1, injured=0, commune="Forest")
    wh.incident("a2", first_seen=NOW + 12 * HOUR, commune="Anderlecht", place="Bara")
    run(wh, smtp_server.settings(), now=NOW + DAY)

    first, second = smtp_server.handler.messages
    text, html = text_of(second), html_of(second)
    assert "1 new, 1 update(s)" in second["Subject"]
    assert re.search(r"\[UPDATE\] \d\d/\d\d/2026 · Shooting · Clemenceau", text)
    assert "killed 0 → 1" in text and "commune Anderlecht → Forest" in text
    assert re.search(r"(?<!\[UPDATE\] )\d\d/\d\d/2026 · Shooting · Bara", text)
    assert "UPDATE</span>" in html and "<del>0</del>" in html
    # the update is recorded: a third run has nothing to resend
    third = run(wh, smtp_server.settings(), now=NOW + 2 * DAY)
    assert (third.sent, third.empty) == (0, 1)


def test_backfilled_old_incident_is_new(warehouse, smtp_server):
    wh = warehouse
    wh.incident("bf", first_seen=NOW - 2 * HOUR, date=dt.date(2025, 3, 14), place="Backfilled")
    wh.subscriber("alice@example.org")
    run(wh, smtp_server.settings())
    [msg] = smtp_server.handler.messages
    assert "14/03/2025 · Shooting · Backfilled" in text_of(msg)


def test_first_digest_covers_one_period_by_frequency(warehouse, smtp_server):
    wh = warehouse
    wh.incident("d1", first_seen=NOW - 3 * HOUR)
    wh.incident("d5", first_seen=NOW - 5 * DAY)
    wh.incident("d9", first_seen=NOW - 9 * DAY)
    wh.subscriber("daily@example.org")
    wh.subscriber("weekly@example.org", frequency="weekly")
    run(wh, smtp_server.settings())
    assert places_in(smtp_server.handler.to("daily@example.org")[0]) == {"Place d1"}
    assert places_in(smtp_server.handler.to("weekly@example.org")[0]) == {"Place d1", "Place d5"}
    assert {r[0] for r in wh.deliveries()} == {"daily:2026-11-25", "weekly:2026-W48"}


def test_merged_incident_is_not_sent_twice(warehouse, smtp_server):
    wh = warehouse
    day = dt.date(2026, 11, 24)
    wh.incident("a", first_seen=NOW - HOUR, date=day, place="Merged", injured=1)
    wh.subscriber("alice@example.org")
    run(wh, smtp_server.settings())
    # the resolver later finds that `a` and a new incident `b` are one event: `a` merged into `b`
    wh.incident("b", first_seen=NOW + 5 * HOUR, date=day, place="Merged", injured=1)
    wh.con.execute("UPDATE incidents SET status = 'merged' WHERE incident_id = 'a'")
    wh.con.execute("INSERT INTO incident_merges VALUES ('a', 'b', ?, 'same event')", [NOW + 5 * HOUR])
    nothing = run(wh, smtp_server.settings(), now=NOW + DAY)
    assert (nothing.sent, nothing.empty) == (0, 1)
    wh.update("b", NOW + 30 * HOUR, killed=1)                  # a real change to the survivor: an update
    run(wh, smtp_server.settings(), now=NOW + 2 * DAY)
    assert len(smtp_server.handler.messages) == 2
    assert "[UPDATE]" in text_of(smtp_server.handler.messages[1])


def test_nothing_new_sends_nothing_unless_asked(warehouse, smtp_server):
    wh = warehouse
    sid = wh.subscriber("alice@example.org")
    stats = run(wh, smtp_server.settings())
    assert (stats.sent, stats.empty) == (0, 1) and not smtp_server.handler.messages
    assert [r[1] for r in wh.deliveries(sid)] == ["empty"]
    forced = run(wh, smtp_server.settings(), now=NOW + DAY, send_empty=True)
    assert forced.sent == 1
    assert "Nothing new for your criteria" in text_of(smtp_server.handler.messages[0])


def test_dry_run_records_nothing(warehouse, smtp_server):
    wh = warehouse
    wh.incident("a1", first_seen=NOW - HOUR)
    wh.subscriber("alice@example.org")
    wh.subscriber("bob@example.org", communes=["Uccle"])
    stats = run(wh, smtp_server.settings(), dry_run=True)
    assert (stats.would_send, stats.empty, stats.sent) == (1, 1, 0)
    assert stats.previews[0]["To"] == "alice@example.org"
    assert not smtp_server.handler.messages and wh.deliveries() == []
    assert run(wh, smtp_server.settings()).sent == 1


def test_crash_after_sending_resends_with_the_same_message_id(warehouse, smtp_server, monkeypatch):
    wh = warehouse
    wh.incident("a1", first_seen=NOW - HOUR)
    sid = wh.subscriber("alice@example.org")

    def crash(*args, **kwargs):
        raise KeyboardInterrupt("killed between send and commit")

    monkeypatch.setattr(ledger, "mark_sent", crash)
    with pytest.raises(KeyboardInterrupt):
        run(wh, smtp_server.settings())
    assert [r[1] for r in wh.deliveries(sid)] == ["pending"]
    monkeypatch.undo()

    wh.incident("late", first_seen=NOW + HOUR)                 # arrives before the re-run: next period, not this one
    run(wh, smtp_server.settings(), now=NOW + 2 * HOUR)
    first, again = smtp_server.handler.messages
    assert first["Message-ID"] == again["Message-ID"]
    assert places_in(again) == {"Place a1"}
    assert [r[1] for r in wh.deliveries(sid)] == ["sent"]


def test_crash_then_next_period_resends_the_old_digest_and_sends_only_newer_incidents(
        warehouse, smtp_server, monkeypatch):
    wh = warehouse
    wh.incident("a1", first_seen=NOW - HOUR)
    sid = wh.subscriber("alice@example.org")
    monkeypatch.setattr(ledger, "mark_sent", lambda *a, **k: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        run(wh, smtp_server.settings())
    monkeypatch.undo()

    wh.incident("b1", first_seen=NOW + 20 * HOUR)
    run(wh, smtp_server.settings(), now=NOW + DAY)
    first, resent, today = smtp_server.handler.messages
    assert resent["Message-ID"] == first["Message-ID"] and places_in(resent) == {"Place a1"}
    assert today["Message-ID"] != first["Message-ID"] and places_in(today) == {"Place b1"}
    assert [r[:3] for r in wh.deliveries(sid)] == [("daily:2026-11-25", "sent", 2), ("daily:2026-11-26", "sent", 1)]


def test_outbox_when_no_smtp(warehouse, tmp_path, smtp_server):
    wh = warehouse
    wh.incident("a1", first_seen=NOW - HOUR)
    sid = wh.subscriber("alice@example.org")
    settings = smtp_server.settings()
    stats = run(wh, settings.__class__(**{**settings.__dict__, "smtp": None, "outbox": tmp_path / "outbox"}))
    assert stats.sent == 1 and not smtp_server.handler.messages
    [eml] = (tmp_path / "outbox").glob("*.eml")
    assert eml.name == f"daily_2026-11-25_{sid}.eml"
    msg = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert msg["To"] == "alice@example.org" and "Place a1" in text_of(msg)


def test_unsubscribed_subscriber_gets_nothing(warehouse, smtp_server):
    from alerts.subscribers import unsubscribe

    wh = warehouse
    wh.incident("a1", first_seen=NOW - HOUR)
    sid = wh.subscriber("alice@example.org")
    assert unsubscribe(wh.con, f"tok-{sid}").email == "alice@example.org"
    assert unsubscribe(wh.con, "no-such-token") is None
    stats = run(wh, smtp_server.settings())
    assert stats.subscribers == 0 and not smtp_server.handler.messages


def test_write_lock_is_not_held_while_sending(warehouse, smtp_server, monkeypatch):
    """Another process may take the write lock while the SMTP conversation runs."""
    import subprocess
    import sys

    wh = warehouse
    wh.incident("a1", first_seen=NOW - HOUR)
    wh.subscriber("alice@example.org")
    from alerts.send import SmtpTransport

    real_send = SmtpTransport.send
    opened = []

    def send_and_probe(self, msg, name):
        probe = ("import duckdb, sys; duckdb.connect(sys.argv[1]).close()")
        opened.append(subprocess.run([sys.executable, "-c", probe, str(wh.path)], capture_output=True).returncode)
        return real_send(self, msg, name)

    monkeypatch.setattr(SmtpTransport, "send", send_and_probe)
    assert run(wh, smtp_server.settings()).sent == 1
    assert opened == [0]


def test_a_digest_that_cannot_be_built_does_not_stop_the_others(warehouse, smtp_server):
    wh = warehouse
    wh.incident("a1", first_seen=NOW - HOUR)
    broken = wh.subscriber("broken@example.org", language="xx")   # bypasses validation: no such wording
    wh.subscriber("alice@example.org")
    stats = run(wh, smtp_server.settings())
    assert (stats.sent, stats.failed) == (1, 1)
    assert [m["To"] for m in smtp_server.handler.messages] == ["alice@example.org"]
    [(_, status, attempts, error, _)] = wh.deliveries(broken)
    assert (status, attempts) == ("failed", 1) and error.startswith("not built: KeyError")
