"""A local test website on 127.0.0.1 (fictional Brussels news in FR/NL/EN/DE plus every kind of broken input)."""

from __future__ import annotations

import collections
import gzip
import random
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

SITE = Path(__file__).resolve().parent / "site"

# Fast, impolite settings for a local server (politeness is tested through robots.txt and the settings module).
FAST = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
        "RETRY_BACKOFF_BASE": 0.2, "DOWNLOAD_MAXSIZE": 300_000, "DOWNLOAD_WARNSIZE": 0, "DOWNLOAD_TIMEOUT": 10,
        "LOG_LEVEL": "INFO"}


class SiteHandler(BaseHTTPRequestHandler):
    server: "SiteServer"

    def log_message(self, *args) -> None:  # keep pytest output clean
        pass

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        with self.server.lock:
            self.server.hits[path] += 1
            hits = self.server.hits[path]
            self.server.user_agents.add(self.headers.get("User-Agent", ""))
        base = self.server.base_url
        delay = next((s for prefix, s in self.server.delays.items() if path.startswith(prefix)), 0)
        if delay:
            time.sleep(delay)  # a slow outlet: the crawl is still fetching when a test stops it
        if path in self.server.statuses:
            return self._send(self.server.statuses[path], b"refused", "text/plain")
        if path == "/fr/flaky.html" and hits == 1:
            return self._send(500, b"temporary failure", "text/plain")
        if path == "/broken/gone.html":
            return self._send(410, b"gone", "text/plain")
        if path == "/broken/loop":
            return self._redirect("/broken/loop-b")
        if path == "/broken/loop-b":
            return self._redirect("/broken/loop")
        if path == "/broken/offsite":
            return self._redirect(f"http://localhost:{self.server.server_port}/fr/meta-only.html")
        if path == "/broken/huge.html":
            para = "<p>" + "Texte de remplissage pour une page beaucoup trop grande. " * 40 + "</p>\n"
            body = ("<html lang='fr'><body><article>" + para * 400 + "</article></body></html>").encode()
            return self._send(200, body, "text/html; charset=utf-8")
        if path == "/broken/binary.html":
            rnd = random.Random(42)
            return self._send(200, bytes(rnd.randrange(256) for _ in range(20_000)), "text/html")
        gzipped = path.endswith(".gz")  # a compressed sitemap, made from the plain file
        path = path.removesuffix(".gz")
        target = (SITE / self.server.variants.get(path, path).lstrip("/")).resolve()
        if SITE not in target.parents or not target.is_file():
            return self._send(404, b"not found", "text/plain")
        body = target.read_bytes().replace(b"__BASE__", base.encode())
        if gzipped:
            return self._send(200, gzip.compress(body), "application/x-gzip")
        return self._send(200, body, _content_type(target))

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, status: int, body: bytes, ctype: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the crawler hung up (oversized page): expected


def _content_type(path: Path) -> str:
    name = path.name
    if name.endswith((".rss.xml", ".rdf")):
        return "application/rss+xml"
    if name.endswith(".atom"):
        return "application/atom+xml"
    if name.endswith(".xml"):
        return "application/xml"
    if name == "robots.txt":
        return "text/plain"
    if name.startswith("latin1"):
        return "text/html"  # no charset in the header: the page (or detection) must decide
    return "text/html; charset=utf-8"


class SiteServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), SiteHandler)
        self.lock = threading.Lock()
        self.hits: collections.Counter[str] = collections.Counter()
        self.user_agents: set[str] = set()
        self.variants: dict[str, str] = {}  # path -> other file served instead (a changed article or feed)
        self.delays: dict[str, float] = {}  # path prefix -> seconds to wait before answering (a slow outlet)
        self.statuses: dict[str, int] = {}  # path -> HTTP status answered instead of the file (a feed that blocks us)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_port}"

    def reset(self) -> None:
        with self.lock:
            self.hits.clear()
            self.user_agents.clear()
            self.variants.clear()
            self.delays.clear()
            self.statuses.clear()


@pytest.fixture(scope="session")
def site() -> SiteServer:
    server = SiteServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def sources_toml(base_url: str, *, sitemaps: bool = False) -> str:
    """A registry of four fictional outlets on the local site (written with the real port, no templating)."""
    fr_feeds = [f"{base_url}/feeds/fr.rss.xml", f"{base_url}/feeds/malformed.xml", f"{base_url}/feeds/empty.xml"]
    fr_sitemaps = [f"{base_url}/sitemaps/index.xml"] if sitemaps else []
    return f"""
[[outlet]]
name = "lavoix"
languages = ["fr"]
allowed_domains = ["127.0.0.1"]
feeds = {fr_feeds!r}
sitemaps = {fr_sitemaps!r}
skip_url_patterns = ["/video/"]

[[outlet]]
name = "destem"
languages = ["nl"]
allowed_domains = ["127.0.0.1"]
feeds = ["{base_url}/feeds/nl.rdf"]

[[outlet]]
name = "capitalpost"
languages = ["en"]
allowed_domains = ["127.0.0.1"]
feeds = ["{base_url}/feeds/en.atom"]

[[outlet]]
name = "ostnachrichten"
languages = ["de"]
allowed_domains = ["127.0.0.1"]
feeds = ["{base_url}/feeds/de.rss.xml"]

[[outlet]]
name = "switched_off"
languages = ["fr"]
allowed_domains = ["127.0.0.1"]
feeds = ["{base_url}/feeds/never.xml"]
enabled = false
disabled_reason = "tests that disabled outlets are not crawled"
"""



@pytest.fixture(scope="session")
def fast_settings() -> dict:
    """Scrapy overrides for crawling the local site quickly."""
    return dict(FAST)


@pytest.fixture(scope="session")
def write_sources():
    """write_sources(path, base_url, sitemaps=False) -> path of a registry for the local site."""
    def write(path: Path, base_url: str, sitemaps: bool = False) -> Path:
        path.write_text(sources_toml(base_url, sitemaps=sitemaps), encoding="utf-8")
        return path
    return write
