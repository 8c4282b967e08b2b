"""parse_article on the real captured pages in ../shared/realpages (never copied into the repository).

Expectations come from SOURCES.md's file table: the URL of each page, and its publication day where the table
says the URL or the JSON-LD carries one.
"""

from __future__ import annotations

import collections
import datetime as dt
import json
import re
from pathlib import Path

import pytest

from crawlers.dates import day_of
from crawlers.parse import parse_article

pytestmark = pytest.mark.filterwarnings("ignore")


def sources_table(realpages: Path) -> dict[str, dict[str, str]]:
    """{relative file: {url, outlet, kind, jsonld, dates}} from the `| file | outlet | kind | URL | ...` table."""
    rows = {}
    header = None
    for line in (realpages / "SOURCES.md").read_text(encoding="utf-8").splitlines():
        if not line.startswith("| "):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
        if cells[0] == "file":
            header = [c.lower() for c in cells]
            continue
        if header and len(cells) == len(header) and cells[0].endswith(".html"):
            row = dict(zip(header, cells))
            rows[cells[0]] = {"url": row["url"], "outlet": row["outlet"].split()[0], "kind": row["kind"],
                              "jsonld": row["json-ld"], "dates": row["dates"]}
    return rows


def expected_day(row: dict[str, str]) -> dt.date | None:
    m = re.search(r"datePublished (\S+)", row["jsonld"])
    if m:
        return day_of(m.group(1).rstrip(";,"))
    m = re.search(r"date in URL=(\d{4}-\d{2}-\d{2})", row["dates"])
    return dt.date.fromisoformat(m.group(1)) if m else None


@pytest.fixture(scope="module")
def parsed(request) -> dict[str, tuple[dict, dict]]:
    shared = request.getfixturevalue("shared_dir")
    realpages = shared / "realpages"
    table = sources_table(realpages)
    files = sorted(p for p in realpages.rglob("*.html"))
    assert files and table, "realpages folder or SOURCES.md table is empty"
    out = {}
    for path in files:
        rel = str(path.relative_to(realpages))
        row = table.get(rel, {"url": "-", "outlet": path.parent.name, "kind": "?", "jsonld": "", "dates": ""})
        url = row["url"] if row["url"].startswith("http") else f"http://{path.parent.name}.invalid/{path.name}"
        out[rel] = (row, parse_article(path.read_bytes(), url, outlet=row["outlet"]))
    return out


def test_every_real_page_gives_text(parsed) -> None:
    empty = [rel for rel, (_, art) in parsed.items() if len(art["text"].strip()) < 200]
    assert not empty, f"pages with (almost) no text: {empty}"


def test_dates_where_sources_md_gives_one(parsed) -> None:
    checked, wrong = 0, []
    for rel, (row, art) in parsed.items():
        want = expected_day(row)
        if want is None:
            continue
        checked += 1
        if day_of(art["published"]) != want:
            wrong.append((rel, art["published"], str(want)))
    assert checked >= 60
    assert not wrong, f"{len(wrong)}/{checked} wrong dates: {wrong}"


def test_iso_8859_1_pages_decode(parsed) -> None:
    for rel, (_, art) in parsed.items():
        if rel.startswith(("dhnet/", "lalibre/")):
            assert "\ufffd" not in art["text"] and "Ã©" not in art["text"], rel


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def test_nieuwsblad_body_recall(parsed, shared_dir: Path) -> None:
    folder = shared_dir / "realpages" / "nieuwsblad"
    expected_file = next(folder.glob("*.expected.json"))
    version = json.loads(expected_file.read_text(encoding="utf-8"))
    body = next(iter(version.values()))["body"]
    parts = list(body.get("summary", []))
    for section in body.get("sections", []):
        parts += section.get("headline", []) + section.get("paragraphs", [])
    want = collections.Counter(_words(" ".join(parts)))
    rel = next(r for r in parsed if r.startswith("nieuwsblad/"))
    got = collections.Counter(_words(parsed[rel][1]["text"]))
    recall = sum((want & got).values()) / sum(want.values())
    print(f"nieuwsblad word recall {recall:.3f}")
    assert recall >= 0.90
