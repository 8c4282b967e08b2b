"""Digest throughput: N fictional subscribers x M fictional incidents, delivered to an outbox and to a local SMTP server.

    .venv/bin/python bench/digest.py [--subscribers 300] [--incidents 200]

Prints seconds per phase and digests per second: the selection (the only phase holding the write lock before
sending), a dry run (select + render), the real send (each outcome recorded in its own short write connection),
and a re-run (everything already sent).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import socket
import tempfile
import time
from pathlib import Path

from aiosmtpd.controller import Controller

from alerts.digest import DigestStats, _select, send_digests
from core.settings import Settings, SmtpSettings
from warehouse.db import connect, write_connection

COMMUNES = ["Anderlecht", "Bruxelles", "Schaerbeek", "Molenbeek-Saint-Jean", "Saint-Gilles", "Ixelles", "Forest"]
NOW = dt.datetime(2026, 11, 25, 5, 0, tzinfo=dt.timezone.utc)


class Sink:
    async def handle_DATA(self, server, session, envelope):
        return "250 OK"


def populate(db: Path, subscribers: int, incidents: int) -> None:
    rng = random.Random(7)
    con = connect(db)
    for n in range(incidents):
        seen = NOW - dt.timedelta(hours=rng.uniform(0, 24 * 30))
        commune = rng.choice(COMMUNES)
        con.execute("INSERT INTO articles (article_id, url, outlet, language, title, text, content_hash, fetched_at, "
                    "first_seen) VALUES (?, ?, 'bench.example', 'fr', ?, 'x', ?, ?, ?)",
                    [f"a{n}", f"https://bench.example/{n}", f"Fictional headline {n}", str(n), seen, seen])
        con.execute("INSERT INTO incidents (incident_id, type, date, commune, place, killed, injured, weapon, "
                    "sources_count, first_seen, last_updated) VALUES (?, 'shooting', ?, ?, ?, ?, ?, 'firearm', 1, ?, ?)",
                    [f"i{n}", seen.date(), commune, f"Street {n}", rng.choice([0, 0, 1]), rng.choice([0, 1, 2]),
                     seen, seen])
        con.execute("INSERT INTO mentions (mention_id, article_id, ordinal, extractor_version, type, incident_id, "
                    "created_at) VALUES (?, ?, 0, 'bench', 'shooting', ?, ?)", [f"a{n}:0", f"a{n}", f"i{n}", seen])
    for n in range(subscribers):
        communes = rng.sample(COMMUNES, rng.choice([0, 1, 2]))
        con.execute("INSERT INTO subscribers (subscriber_id, email, communes, min_severity, language, frequency, "
                    "unsubscribe_token, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [f"s{n}", f"reader{n}@bench.example", communes, rng.choice([0, 0, 1]),
                     rng.choice(["fr", "nl", "en"]), rng.choice(["daily", "daily", "weekly"]), f"t{n}", NOW])
    con.close()


def timed(label: str, fn) -> None:
    start = time.perf_counter()
    stats = fn()
    secs = time.perf_counter() - start
    rate = stats.sent / secs if secs else 0
    print(f"{label:<28} {secs:7.2f} s  {json.dumps(stats.as_dict())}  {rate:.1f} digests/s")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--subscribers", type=int, default=300)
    ap.add_argument("--incidents", type=int, default=200)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        print(f"{args.subscribers} subscribers, {args.incidents} incidents over 30 days")
        for label, smtp in (("outbox", False), ("smtp (local aiosmtpd)", True)):
            db = tmp / f"{label[:4]}.duckdb"
            populate(db, args.subscribers, args.incidents)
            settings = Settings(db_path=db, outbox=tmp / f"outbox-{label[:4]}", user_agent="bench",
                                unsubscribe_base_url="https://bench.example/u",
                                mail_from="digest@bench.example", smtp=None)
            controller = None
            if smtp:
                with socket.socket() as s:
                    s.bind(("127.0.0.1", 0))
                    port = s.getsockname()[1]
                controller = Controller(Sink(), hostname="127.0.0.1", port=port)
                controller.start()
                settings = Settings(**{**settings.__dict__, "smtp": SmtpSettings(
                    "127.0.0.1", port, None, None, "plain", "digest@bench.example")})
            try:
                with write_connection(db) as con:
                    start = time.perf_counter()
                    drafts = _select(con, NOW, DigestStats(), dry_run=True, send_empty=False)
                    print(f"{'select only (lock held)':<28} {time.perf_counter() - start:7.2f} s  {len(drafts)} digests")
                timed(f"dry run ({label})", lambda: send_digests(db, settings, now=NOW, dry_run=True))
                timed(f"send ({label})", lambda: send_digests(db, settings, now=NOW))
                timed(f"re-run ({label})", lambda: send_digests(db, settings, now=NOW))
            finally:
                if controller:
                    controller.stop()


if __name__ == "__main__":
    main()
