"""The project's fixed file formats: Articles JSONL and Predictions JSONL (docs/ARCHITECTURE.md)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any, Iterable, Iterator

from incidents.errors import UserError

ARTICLE_FIELDS = ("id", "url", "outlet", "language", "published", "title", "text")
INCIDENT_FIELDS = ("incident_id", "type", "date", "commune", "place", "killed", "injured", "weapon",
                   "confidence", "evidence")
INCIDENT_TYPES = ("shooting", "stabbing", "explosion", "arson", "robbery", "assault", "homicide", "other")
WEAPONS = ("assault_rifle", "firearm", "knife", "explosive", "blunt", "vehicle", "other")


def article_id(url: str) -> str:
    """Stable article id derived from its canonical URL."""
    return "a-" + hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]


def content_hash(article: dict[str, Any]) -> str:
    """Hash of what extraction reads (title + text): a changed hash means a changed article."""
    payload = (article.get("title") or "") + "\n" + (article.get("text") or "")
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def parse_published(value: Any) -> tuple[dt.datetime | None, dt.date | None]:
    """`published` as (timestamp or None, calendar day or None); raises ValueError if malformed."""
    if value in (None, ""):
        return None, None
    s = str(value)
    if len(s) == 10:
        day = dt.date.fromisoformat(s)
        return None, day
    ts = dt.datetime.fromisoformat(s.replace("Z", "+00:00"))
    return ts, ts.date()


def read_jsonl(path: Path | str) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (line number, object) for each non-blank line; UserError names the bad line."""
    path = Path(path)
    if not path.exists():
        raise UserError(f"{path}: no such file; check the path")
    if path.is_dir():
        raise UserError(f"{path}: is a directory, expected a JSONL file")
    try:
        fh = path.open(encoding="utf-8")
    except OSError as exc:
        raise UserError(f"{path}: cannot read ({exc.strerror})") from exc
    with fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise UserError(f"{path}:{lineno}: malformed JSON ({exc.msg}); fix or remove that line") from exc
            if not isinstance(obj, dict):
                raise UserError(f"{path}:{lineno}: expected a JSON object, got {type(obj).__name__}")
            yield lineno, obj


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


def write_jsonl(path: Path | str, rows: Iterable[dict[str, Any]]) -> int:
    """Write rows as JSONL atomically (temp file + rename); return the count."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    n = 0
    with tmp.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
            n += 1
    tmp.replace(path)
    return n
