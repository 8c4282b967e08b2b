"""The item every spider yields: one parsed article (Articles-JSONL fields + crawl metadata)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class ArticleItem:
    id: str
    url: str
    outlet: str
    language: str | None
    published: str | None
    title: str | None
    text: str
    modified: str | None = None
    canonical_url: str | None = None
    fetched_url: str | None = None
    fetched_at: str | None = None
    is_update: bool = field(default=False, repr=False)  # a known article re-fetched because its feed says it changed

    def to_json(self) -> dict[str, Any]:
        """The Articles-JSONL object (without internal flags)."""
        data = asdict(self)
        data.pop("is_update")
        return data
