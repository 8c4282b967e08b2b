"""Machine-readable metadata of an article page: JSON-LD, <meta> tags, canonical link, declared language."""

from __future__ import annotations

import html
import json
import logging
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from lxml import html as lxml_html

log = logging.getLogger(__name__)

ARTICLE_TYPES = {"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
                 "BackgroundNewsArticle", "ReviewNewsArticle", "BlogPosting", "LiveBlogPosting", "Report"}
PUBLISHED_META = ("article:published_time", "og:article:published_time", "datepublished", "article.published",
                  "pubdate", "publishdate", "publish-date", "parsely-pub-date", "sailthru.date", "dc.date.issued",
                  "dcterms.issued", "dcterms.created", "dc.date", "date")
MODIFIED_META = ("article:modified_time", "og:updated_time", "datemodified", "dcterms.modified", "last-modified")


@dataclass
class PageMeta:
    lang: str | None = None
    canonical: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    jsonld: dict[str, Any] = field(default_factory=dict)  # the page's (News)Article object, if any
    time_published: str | None = None  # <time itemprop="datePublished" datetime=...> / <time pubdate>

    def first(self, keys: tuple[str, ...]) -> str | None:
        for key in keys:
            if self.meta.get(key):
                return self.meta[key]
        return None

    @property
    def published_candidates(self) -> list[str]:
        return [v for v in (_ld_str(self.jsonld.get("datePublished")), self.first(PUBLISHED_META),
                            self.time_published, _ld_str(self.jsonld.get("dateCreated"))) if v]

    @property
    def modified_candidates(self) -> list[str]:
        return [v for v in (_ld_str(self.jsonld.get("dateModified")), self.first(MODIFIED_META)) if v]

    @property
    def title(self) -> str | None:
        return _clean(_ld_str(self.jsonld.get("headline"))) or _clean(self.meta.get("og:title")) \
            or _clean(self.meta.get("twitter:title"))

    @property
    def url_candidates(self) -> list[str]:
        ld_url = _ld_str(self.jsonld.get("url")) or _ld_id(self.jsonld.get("mainEntityOfPage"))
        return [u for u in (self.canonical, self.meta.get("og:url"), ld_url) if u]

    @property
    def article_body(self) -> str | None:
        return _clean(_ld_str(self.jsonld.get("articleBody")))

    @property
    def ld_language(self) -> str | None:
        return _ld_str(self.jsonld.get("inLanguage"))


def read_meta(doc: lxml_html.HtmlElement, base_url: str) -> PageMeta:
    """Collect the page's metadata in one pass over the parsed document."""
    pm = PageMeta()
    root = doc.getroottree().getroot()
    pm.lang = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    for el in doc.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv") or "").strip().lower()
        content = (el.get("content") or "").strip()
        if key and content and key not in pm.meta:
            pm.meta[key] = content
    if not pm.lang:
        pm.lang = pm.meta.get("content-language") or pm.meta.get("og:locale") or pm.meta.get("language")
    for el in doc.iter("link"):
        if "canonical" in (el.get("rel") or "").lower().split() and el.get("href"):
            pm.canonical = urljoin(base_url, el.get("href").strip())
            break
    for el in doc.iter("time"):
        if el.get("datetime") and (el.get("itemprop", "").lower() == "datepublished" or el.get("pubdate") is not None):
            pm.time_published = el.get("datetime")
            break
    pm.jsonld = _find_article_ld(doc)
    return pm


def _find_article_ld(doc: lxml_html.HtmlElement) -> dict[str, Any]:
    for script in doc.xpath('//script[@type="application/ld+json"]'):
        raw = (script.text or "").strip()
        if not raw:
            continue
        try:
            data = json.loads(raw, strict=False)
        except json.JSONDecodeError:
            log.debug("unparsable JSON-LD block skipped")
            continue
        for obj in _ld_objects(data):
            types = obj.get("@type")
            types = {types} if isinstance(types, str) else set(types or [])
            if types & ARTICLE_TYPES:
                return obj
    return {}


def _ld_objects(data: Any):
    if isinstance(data, list):
        for item in data:
            yield from _ld_objects(item)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _ld_objects(data["@graph"])


def _ld_str(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name")
    return str(value).strip() if isinstance(value, (str, int, float)) and str(value).strip() else None


def _ld_id(value: Any) -> str | None:
    if isinstance(value, dict):
        return _ld_str(value.get("@id") or value.get("url"))
    return _ld_str(value)


def _clean(text: str | None) -> str | None:
    if not text:
        return None
    text = re.sub(r"\s+", " ", html.unescape(text)).strip()
    return text or None


def primary_language(tag: str | None) -> str | None:
    """'fr-BE' / 'nl_NL' / 'FR' -> 'fr'."""
    if not tag:
        return None
    m = re.match(r"\s*([A-Za-z]{2,3})(?:[-_].*)?$", tag)
    return m.group(1).lower() if m else None
