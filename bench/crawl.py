"""Crawl throughput: fetch+parse of a generated local site vs trafilatura extraction alone.

    .venv/bin/python bench/crawl.py [--pages 2000] [--feeds 20]

Generates N fictional article pages (+ RSS feeds listing them) in a temp dir, serves them on 127.0.0.1, crawls
them through crawlers.run.crawl with politeness delays off, and prints pages/s and CPU seconds per page
(the crawl child's CPU), then the same for trafilatura alone and for parse_article alone over the same pages.
"""

from __future__ import annotations

import argparse
import functools
import random
import resource
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

WORDS = ("police parquet Bruxelles Anderlecht Molenbeek Schaerbeek Ixelles quartier rue avenue chaussée soir matin "
         "blessé victime témoin enquête suspect arrestation coups feu couteau véhicule ambulance pompiers commune "
         "zone juge instruction habitants riverains gare métro place marché école travaux conseil bourgmestre "
         "échevin budget mobilité vélo tram bus STIB parc canal pont centre ville région gouvernement ministre").split()
COMMUNES = ("Anderlecht", "Molenbeek", "Schaerbeek", "Ixelles", "Forest", "Etterbeek", "Uccle", "Evere", "Jette")


def _sentence(rnd: random.Random) -> str:
    words = [rnd.choice(WORDS) for _ in range(rnd.randint(12, 24))]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def article_html(i: int, rnd: random.Random) -> str:
    day = 1 + i % 28
    title = f"{rnd.choice(COMMUNES)} : {' '.join(rnd.choice(WORDS) for _ in range(6))} ({i})"
    paras = "\n".join(f"<p>{' '.join(_sentence(rnd) for _ in range(rnd.randint(3, 6)))}</p>" for _ in range(rnd.randint(5, 9)))
    nav = " ".join(f'<a href="/rubrique/{w}">{w}</a>' for w in WORDS[:30])
    related = "\n".join(f'<li><a href="/a/{rnd.randrange(10**6)}.html">{_sentence(rnd)}</a></li>' for _ in range(8))
    return f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>{title} - Bench Bruxelles</title>
<meta property="og:title" content="{title}">
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle","headline":"{title}",
"datePublished":"2026-10-{day:02d}T{8 + i % 12:02d}:00:00+02:00"}}</script>
<style>body{{font-family:sans-serif}} .nav a{{margin:0 4px}}</style></head>
<body><header><div class="nav">{nav}</div></header>
<main><article><h1>{title}</h1>{paras}</article>
<aside><h2>À lire aussi</h2><ul>{related}</ul></aside></main>
<footer><p>Bench Bruxelles, site fictif généré pour les mesures. Mentions légales, cookies, contact.</p></footer>
</body></html>"""


def feed_xml(base: str, ids: list[int]) -> str:
    items = "\n".join(f"<item><title>Article {i}</title><link>{base}/a/{i}.html</link>"
                      f"<pubDate>Thu, {1 + i % 28:02d} Oct 2026 10:00:00 +0200</pubDate></item>" for i in ids)
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Bench</title>{items}</channel></rss>'


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--feeds", type=int, default=20)
    args = ap.parse_args()

    from crawlers.parse import parse_article
    from crawlers.run import crawl
    import trafilatura

    with tempfile.TemporaryDirectory(prefix="bench-crawl-") as tmp:
        root = Path(tmp) / "site"
        (root / "a").mkdir(parents=True)
        (root / "feeds").mkdir()
        rnd = random.Random(7)
        pages = {}
        for i in range(args.pages):
            html = article_html(i, rnd)
            (root / "a" / f"{i}.html").write_text(html, encoding="utf-8")
            pages[i] = html.encode("utf-8")
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root)))
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        ids = list(range(args.pages))
        feeds = []
        for f in range(args.feeds):
            (root / "feeds" / f"{f}.xml").write_text(feed_xml(base, ids[f::args.feeds]), encoding="utf-8")
            feeds.append(f"{base}/feeds/{f}.xml")
        sources = Path(tmp) / "sources.toml"
        sources.write_text(f'[[outlet]]\nname = "bench"\nlanguages = ["fr"]\nallowed_domains = ["127.0.0.1"]\n'
                           f"feeds = {feeds!r}\n", encoding="utf-8")
        size_mb = sum(len(p) for p in pages.values()) / 1e6
        print(f"site: {args.pages} pages ({size_mb:.1f} MB HTML), {args.feeds} feeds, served on {base}")

        overrides = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "CONCURRENT_REQUESTS": 32,
                     "CONCURRENT_REQUESTS_PER_DOMAIN": 32, "LOG_LEVEL": "ERROR"}
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        stats = crawl(sources, Path(tmp) / "out.jsonl", db=None, settings_overrides=overrides)
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        n = stats.new_articles
        print(f"crawl (fetch+parse, child process): {n} articles in {wall:.1f} s wall = {n / wall:.1f} pages/s; "
              f"child CPU {cpu:.1f} s = {cpu / max(n, 1) * 1000:.1f} ms CPU/page; skipped {stats.skipped}")
        server.shutdown()

        t0, c0 = time.perf_counter(), time.process_time()
        for i, html in pages.items():
            trafilatura.extract(html.decode("utf-8"), url=f"{base}/a/{i}.html")
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        print(f"trafilatura.extract alone: {len(pages) / wall:.1f} pages/s, {cpu / len(pages) * 1000:.1f} ms CPU/page")

        t0, c0 = time.perf_counter(), time.process_time()
        for i, html in pages.items():
            parse_article(html, f"{base}/a/{i}.html", outlet="bench", language="fr")
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        print(f"parse_article alone: {len(pages) / wall:.1f} pages/s, {cpu / len(pages) * 1000:.1f} ms CPU/page")


if __name__ == "__main__":
    main()
