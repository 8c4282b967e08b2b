"""Extraction API: articles (Articles JSONL dicts) in, predictions (Predictions JSONL dicts) out."""

from __future__ import annotations

import datetime as dt
import logging
import multiprocessing as mp
import re
import threading
from itertools import islice
from typing import Any, Iterable, Iterator

from core.dates import publication_day

from extract.gate import guess_language, passes_gate
from extract.pipelines import LANGUAGES, get_pipeline

log = logging.getLogger(__name__)
MAX_CHARS = 100_000
TAG = re.compile(r"<[^<>]{1,300}>|&(?:nbsp|amp|quot|lt|gt|#\d{1,5});")


def _blank_markup(text: str) -> str:
    """Leftover HTML tags and entities replaced by spaces of the same length (character offsets stay valid)."""
    return TAG.sub(lambda m: " " * len(m.group(0)), text) if "<" in text or "&" in text else text  # incidents are reported in the lead; longer texts are analysed up to this many characters


def _language(article: dict[str, Any]) -> tuple[str | None, str | None]:
    """(pipeline language, note) for an article: its own language, else a guess from the text."""
    lang = (article.get("language") or "").lower()[:2]
    if lang in LANGUAGES:
        return lang, None
    guess = guess_language((article.get("title") or "") + "\n" + (article.get("text") or ""))
    if guess is None:
        return None, f"unsupported language {article.get('language')!r}"
    return guess, f"language {article.get('language')!r} read with the {guess} pipeline"


def _empty(aid: str, reason: str) -> dict[str, Any]:
    return {"id": aid, "in_scope": False, "incidents": [], "reason": reason}


def extract_article(article: dict[str, Any]) -> dict[str, Any]:
    """The prediction for one article (raises on unexpected failure; `extract_articles` records it instead)."""
    aid = str(article.get("id"))
    text = article.get("text") or ""
    title = article.get("title") or ""
    if not isinstance(text, str) or not isinstance(title, str):
        raise TypeError("title and text must be strings")
    lang, note = _language(article)
    if lang is None:
        return _empty(aid, note or "unsupported language")
    if not text.strip() and not title.strip():
        return _empty(aid, "empty article")
    if not passes_gate(title, text, lang):
        return _empty(aid, "no incident keyword")
    published = publication_day(article.get("published"))
    title = _blank_markup(title)
    nlp = get_pipeline(lang)
    head = title.replace("\n", " ").strip()
    prefix = head + "\n\n" if head else ""
    doc = nlp.make_doc(prefix + _blank_markup(text[:MAX_CHARS]))
    doc._.published = published
    doc._.body_start = len(prefix)
    doc._.lang = lang
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    incidents = doc._.incidents or []
    for inc in incidents:
        for ev in inc["evidence"]:
            ev["text"] = text[ev["start"]:ev["end"]]
    out: dict[str, Any] = {"id": aid, "in_scope": bool(incidents), "incidents": incidents}
    if not incidents:
        out["reason"] = doc._.scope_reason or "no incident"
    if note:
        out["note"] = note
    return out


def _safe(article: dict[str, Any]) -> dict[str, Any]:
    try:
        return extract_article(article)
    except Exception as exc:  # noqa: BLE001 - one bad article never stops a batch
        aid = str(article.get("id")) if isinstance(article, dict) else "?"
        log.warning("extraction failed for %s: %s: %s", aid, type(exc).__name__, exc)
        return {"id": aid, "in_scope": False, "incidents": [], "error": f"{type(exc).__name__}: {exc}"}


def _chunks(items: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def _work(chunk: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [_safe(a) for a in chunk]


def _pool_context() -> mp.context.BaseContext:
    """Fork (workers inherit the already-built pipelines: no start-up cost) when this process runs no other thread
    and the platform has fork; else spawn (each worker builds its own pipelines, a few seconds)."""
    if "fork" in mp.get_all_start_methods() and threading.active_count() == 1:
        for lang in LANGUAGES:
            get_pipeline(lang)
        return mp.get_context("fork")
    return mp.get_context("spawn")


def extract_articles(articles: Iterable[dict[str, Any]], n_process: int = 1,
                     batch_size: int = 64) -> Iterator[dict[str, Any]]:
    """One prediction per article, in input order. A failing article yields
    `{"id", "in_scope": false, "incidents": [], "error": "<ExcType>: msg"}` and the batch goes on.
    With `n_process > 1`, batches of `batch_size` articles run in worker processes (see `_pool_context`)."""
    if n_process <= 1:
        for art in articles:
            yield _safe(art)
        return
    with _pool_context().Pool(n_process) as pool:
        for result in pool.imap(_work, _chunks(articles, batch_size)):
            yield from result
