"""One article parser for the spiders and `incidents parse`: page bytes -> an Articles-JSONL object."""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from crawlers.charset import decode_html, is_binary
from crawlers.dates import day_of, parse_machine_date, to_published
from crawlers.htmlmeta import PageMeta, primary_language, read_meta
from crawlers.sources import LANGUAGES, Selectors
from crawlers.urls import canonicalize, date_in_url, same_site
from core.schema import article_id

log = logging.getLogger(__name__)

MIN_TEXT_CHARS = 80  # shorter bodies are navigation scraps, not articles
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


class ParseSkip(Exception):
    """The page has no article to keep (no body, binary, empty); `reason` is a short counter key."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


def parse_article(html: bytes, url: str, *, outlet: str | None = None, language: str | None = None,
                  feed_entry: dict | None = None, encoding: str | None = None,
                  selectors: Selectors | None = None) -> dict[str, Any]:
    """Parse an article page into `{id, url, outlet, language, published, title, text}` + `modified`,
    `canonical_url`, `fetched_url`; raise ParseSkip when the page holds no article body.

    `encoding` is the charset from the HTTP header (it wins over <meta charset>); `feed_entry` is what the
    feed said about the page (`published`, `updated`, `title` as ISO strings / text), used as fallback.
    """
    if not html or not html.strip():
        raise ParseSkip("empty", url)
    if is_binary(html):
        raise ParseSkip("binary", url)
    text_html, _ = decode_html(html, encoding)
    try:
        doc = lxml_html.document_fromstring(text_html)
    except (etree.ParserError, ValueError) as exc:
        raise ParseSkip("no_body", f"{url}: unparsable HTML ({exc})") from exc
    meta = read_meta(doc, url)
    feed_entry = feed_entry or {}
    canonical = _canonical_url(meta, url)

    extracted = _extract(text_html, canonical, doc, selectors)
    body = (extracted.get("text") or "").strip()
    if len(body) < MIN_TEXT_CHARS and meta.article_body and len(meta.article_body) > len(body):
        body = meta.article_body
    if len(body) < MIN_TEXT_CHARS:
        raise ParseSkip("no_body", url)

    title = (_xpath_text(doc, selectors.title) if selectors and selectors.title else None) \
        or meta.title or extracted.get("title") or (feed_entry.get("title") or "").strip() or None
    published = _published(meta, doc, canonical, url, feed_entry, extracted, selectors)
    modified = _first_date(meta.modified_candidates) or parse_machine_date(feed_entry.get("updated"))
    return {
        "id": article_id(canonical),
        "url": canonical,
        "outlet": outlet,
        "language": _language(language, meta),
        "published": to_published(published),
        "title": title,
        "text": body,
        "modified": to_published(modified),
        "canonical_url": canonical,
        "fetched_url": url,
    }


def _canonical_url(meta: PageMeta, fetched: str) -> str:
    """rel=canonical / og:url / JSON-LD url when it is an article URL on the same site, else the fetched URL."""
    fetched_c = canonicalize(fetched)
    for candidate in meta.url_candidates:
        if not candidate.startswith(("http://", "https://")):
            continue
        cand = canonicalize(candidate)
        if not same_site(cand, fetched_c):
            log.debug("ignoring off-site canonical %s for %s", cand, fetched)
            continue
        if cand.rstrip("/").count("/") <= 2 and fetched_c.rstrip("/").count("/") > 2:
            log.debug("ignoring homepage canonical %s for %s", cand, fetched)
            continue
        return cand
    return fetched_c


def _extract(text_html: str, url: str, doc: lxml_html.HtmlElement, selectors: Selectors | None) -> dict[str, Any]:
    """Main text (outlet XPath override, else trafilatura) and trafilatura's title/date metadata."""
    if selectors and selectors.body:
        body = _xpath_text(doc, selectors.body, joiner="\n")
        if body:
            return {"text": body}
        log.warning("body selector %r matched nothing on %s; falling back to generic extraction", selectors.body, url)
    result = trafilatura.bare_extraction(text_html, url=url, with_metadata=True, include_comments=False,
                                         include_tables=False, date_extraction_params=_DATE_PARAMS)
    if result is None:
        return {}
    data = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    return {"text": data.get("text"), "title": data.get("title"), "date": data.get("date")}


def _xpath_text(doc: lxml_html.HtmlElement, xpath: str, joiner: str = " ") -> str | None:
    parts = []
    for node in doc.xpath(xpath):
        text = node.text_content() if hasattr(node, "text_content") else str(node)
        text = re.sub(r"[ \t\r\f\v]+", " ", text).strip()
        if text:
            parts.append(text)
    return joiner.join(parts) or None


def _first_date(values: list[str]) -> dt.datetime | dt.date | None:
    for value in values:
        parsed = parse_machine_date(value)
        if parsed is not None:
            return parsed
    return None


def _published(meta: PageMeta, doc: lxml_html.HtmlElement, canonical: str, fetched: str, feed_entry: dict,
               extracted: dict, selectors: Selectors | None) -> dt.datetime | dt.date | None:
    """JSON-LD / meta tags, then the outlet's date selector, the feed entry, the URL, then htmldate's guess.

    A day-only source never overrides a timestamp for the same day; a URL day disagreeing with a page
    timestamp loses (the page is more specific), unless the page date is only a modification date.
    """
    if selectors and selectors.date:
        selected = parse_machine_date(_xpath_text(doc, selectors.date))
        if selected is not None:
            return selected
    page = _first_date(meta.published_candidates)
    if page is not None:
        return page
    feed = parse_machine_date(feed_entry.get("published"))
    url_day = date_in_url(canonical) or date_in_url(fetched)
    if feed is not None:
        if url_day is None or day_of(feed) == url_day:
            return feed
        return url_day
    if url_day is not None:
        return url_day
    return parse_machine_date(extracted.get("date"))


def _language(declared: str | None, meta: PageMeta) -> str | None:
    """The outlet's declared language, checked against <html lang>; the page decides for multilingual outlets."""
    page = primary_language(meta.lang) or primary_language(meta.ld_language)
    if declared:
        if page and page in LANGUAGES and page != declared:
            log.info("page declares language %r, outlet declares %r; keeping the outlet's", page, declared)
        return declared
    return page if page in LANGUAGES else None
