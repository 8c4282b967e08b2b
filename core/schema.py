"""The Articles JSONL schema (docs/ARCHITECTURE.md): ids, content hashes, validation. The incident vocabulary of
Predictions JSONL is `core.vocabulary`."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from core.dates import parse_published
from core.errors import UserError
from core.jsonl import read_jsonl

ARTICLE_FIELDS = ("id", "url", "outlet", "language", "published", "title", "text")


def article_id(url: str) -> str:
    """Stable article id derived from its canonical URL."""
    return "a-" + hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]


def content_hash(article: dict[str, Any]) -> str:
    """Hash of what extraction reads (title + text): a changed hash means a changed article."""
    payload = (article.get("title") or "") + "\n" + (article.get("text") or "")
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def validate_article(obj: dict[str, Any], where: str) -> dict[str, Any]:
    """Check one Articles-JSONL object; return it with the known fields only."""
    missing = [k for k in ("id", "text") if not obj.get(k) and obj.get(k) != ""]
    if "id" not in obj or "text" not in obj or missing:
        raise UserError(f"{where}: article lacks required key(s) {', '.join(k for k in ('id', 'text') if k not in obj) or ', '.join(missing)}")
    if not isinstance(obj["text"], str):
        raise UserError(f"{where}: 'text' must be a string")
    try:
        parse_published(obj.get("published"))
    except ValueError:
        raise UserError(f"{where}: 'published' must be YYYY-MM-DD, an ISO timestamp or null, got {obj.get('published')!r}")
    out = {k: obj.get(k) for k in ARTICLE_FIELDS}
    out["id"] = str(out["id"])
    return out


def read_articles(path: Path | str) -> list[dict[str, Any]]:
    """Read and validate an Articles JSONL file."""
    articles, seen = [], set()
    for lineno, obj in read_jsonl(path):
        art = validate_article(obj, f"{path}:{lineno}")
        if art["id"] in seen:
            raise UserError(f"{path}:{lineno}: duplicate article id {art['id']!r}")
        seen.add(art["id"])
        articles.append(art)
    return articles
