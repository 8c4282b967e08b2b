"""The bundled sample news site: fictional outlets, feeds (RSS/Atom), news sitemaps and article pages.

Articles are data (`articles.toml`); pages and feeds are rendered from Jinja2 templates when the site starts,
with publication times relative to now (so feeds always look fresh) and URLs without dates (so a second run
sees the same URLs). `serve()` runs it on 127.0.0.1 in a background thread.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import socket
import threading
import tomllib
from dataclasses import dataclass, field
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any, Iterator

from core.dates import BRUSSELS

import jinja2

DATA = "articles.toml"


@dataclass(frozen=True)
class Outlet:
    name: str
    title: str
    language: str
    feed: str  # rss | atom
    section: str


@dataclass(frozen=True)
class Article:
    outlet: str
    slug: str
    hours_ago: float
    title: str
    text: str
    section: str = ""
    author: str = ""
    updated_hours_ago: float | None = None

    @property
    def paragraphs(self) -> list[str]:
        return [" ".join(p.split()) for p in self.text.strip().split("\n\n") if p.strip()]


@dataclass
class Site:
    outlets: list[Outlet]
    articles: list[Article]
    now: dt.datetime = field(default_factory=lambda: dt.datetime.now(BRUSSELS).replace(microsecond=0))

    def outlet(self, name: str) -> Outlet:
        return next(o for o in self.outlets if o.name == name)

    def articles_of(self, outlet: str) -> list[Article]:
        return sorted((a for a in self.articles if a.outlet == outlet), key=lambda a: a.hours_ago)

    def published(self, art: Article) -> dt.datetime:
        return self.now - dt.timedelta(hours=art.hours_ago)

    def modified(self, art: Article) -> dt.datetime | None:
        return None if art.updated_hours_ago is None else self.now - dt.timedelta(hours=art.updated_hours_ago)


def load_site(path: Path | None = None) -> Site:
    """The bundled site (or another `articles.toml`-shaped file); checks that every article's outlet exists."""
    text = path.read_text(encoding="utf-8") if path else (resources.files(__package__) / DATA).read_text(encoding="utf-8")
    data = tomllib.loads(text)
    outlets = [Outlet(**o) for o in data["outlet"]]
    names = {o.name for o in outlets}
    articles = [Article(**a) for a in data["article"]]
    for art in articles:
        if art.outlet not in names:
            raise ValueError(f"article {art.slug!r} names unknown outlet {art.outlet!r}")
    slugs = [(a.outlet, a.slug) for a in articles]
    if len(set(slugs)) != len(slugs):
        raise ValueError("two articles of one outlet share a slug")
    return Site(outlets, articles)


def _env() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.PackageLoader(__package__, "templates"),
                              autoescape=jinja2.select_autoescape(["html", "xml", "j2"]),
                              trim_blocks=True, lstrip_blocks=True)


def article_path(art: Article) -> str:
    return f"/{art.outlet}/{art.section or 'news'}/{art.slug}.html"


def feed_path(outlet: Outlet) -> str:
    return f"/{outlet.name}/{'atom.xml' if outlet.feed == 'atom' else 'rss.xml'}"


def sitemap_path(outlet: Outlet) -> str:
    return f"/{outlet.name}/sitemap-news.xml"


def render(site: Site, base_url: str) -> dict[str, tuple[str, bytes]]:
    """Every page of the site: path -> (content type, body)."""
    env = _env()
    pages: dict[str, tuple[str, bytes]] = {}
    ctx: dict[str, Any] = {"site": site, "base": base_url.rstrip("/"), "article_path": article_path,
                           "feed_path": feed_path, "sitemap_path": sitemap_path, "rfc822": format_datetime}
    for outlet in site.outlets:
        arts = site.articles_of(outlet.name)
        for art in arts:
            html = env.get_template("article.html.j2").render(ctx, outlet=outlet, art=art, others=arts[:5])
            pages[article_path(art)] = ("text/html; charset=utf-8", html.encode("utf-8"))
        feed_tpl = "atom.xml.j2" if outlet.feed == "atom" else "rss.xml.j2"
        pages[feed_path(outlet)] = ("application/xml; charset=utf-8",
                                    env.get_template(feed_tpl).render(ctx, outlet=outlet, articles=arts).encode("utf-8"))
        pages[sitemap_path(outlet)] = ("application/xml; charset=utf-8",
                                       env.get_template("sitemap.xml.j2").render(ctx, outlet=outlet, articles=arts).encode("utf-8"))
        pages[f"/{outlet.name}/"] = ("text/html; charset=utf-8",
                                     env.get_template("index.html.j2").render(ctx, outlet=outlet, articles=arts).encode("utf-8"))
    pages["/robots.txt"] = ("text/plain; charset=utf-8", b"User-agent: *\nAllow: /\n")
    return pages


def sources_toml(site: Site, base_url: str) -> str:
    """A sources registry (crawlers/sources.toml format) pointing at this site."""
    host = base_url.split("://", 1)[1].split(":")[0].split("/")[0]
    lines = ["# Sources registry of the bundled offline demo site (written by `incidents demo`).", ""]
    for outlet in site.outlets:
        lines += ["[[outlet]]", f'name = "{outlet.name}"', f'languages = ["{outlet.language}"]',
                  f'allowed_domains = ["{host}"]', f'feeds = ["{base_url.rstrip("/")}{feed_path(outlet)}"]',
                  f'sitemaps = ["{base_url.rstrip("/")}{sitemap_path(outlet)}"]', ""]
    return "\n".join(lines)


class _Handler(BaseHTTPRequestHandler):
    pages: dict[str, tuple[str, bytes]] = {}
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server API)
        path = self.path.split("?", 1)[0]
        self.hits.append(path)
        page = self.pages.get(path)
        if page is None:
            self.send_error(404, "not found")
            return
        ctype, body = page
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass


@dataclass
class RunningSite:
    site: Site
    base_url: str
    port: int
    hits: list[str]
    pages: dict[str, tuple[str, bytes]]


@contextlib.contextmanager
def serve(site: Site, port: int = 0, host: str = "127.0.0.1") -> Iterator[RunningSite]:
    """Serve `site` on host:port (0 = any free port) in a background thread for the duration of the block."""
    handler = type("SiteHandler", (_Handler,), {"pages": {}, "hits": []})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    port = server.server_address[1]
    base_url = f"http://{host}:{port}"
    handler.pages = render(site, base_url)
    thread = threading.Thread(target=server.serve_forever, name="demo-site", daemon=True)
    thread.start()
    try:
        yield RunningSite(site, base_url, port, handler.hits, handler.pages)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
