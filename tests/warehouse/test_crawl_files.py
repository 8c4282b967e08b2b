"""Loading crawl outputs: bad lines are skipped and counted, articles upserted by outlet, files moved to loaded/."""

from __future__ import annotations

import json
from pathlib import Path

from warehouse.crawl_files import LOADED_DIR, load_crawl_files, read_crawl_file


def article(n: int, outlet: str = "lecho", **extra) -> dict:
    return {"id": f"a-{n}", "url": f"https://{outlet}.example/{n}", "outlet": outlet, "language": "fr",
            "published": "2026-03-05", "title": f"Titre {n}", "text": f"Texte {n}.", **extra}


def write(path: Path, lines: list) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines),
                    encoding="utf-8")
    return path


def test_bad_lines_are_skipped_counted_and_reported_with_their_line_number(tmp_path):
    path = write(tmp_path / "crawl.jsonl", [
        article(1, fetched_at="2026-03-05T06:00:00Z"), "{not json", "", "[1, 2]", article(2),
        {"id": "no-text"}, "{also not json", article(3), '{"id": "truncat'])
    warnings: list[str] = []

    articles, bad = read_crawl_file(path, warnings.append)

    assert [a["id"] for a in articles] == ["a-1", "a-2", "a-3"]
    assert articles[0]["fetched_at"] == "2026-03-05T06:00:00Z"
    assert bad == 5
    assert [w.split(": ")[0] for w in warnings] == [
        f"skipping bad article line crawl.jsonl:{n}" for n in (2, 4, 6, 7, 9)]
    assert all(str(tmp_path / "crawl.jsonl") in w for w in warnings)


def test_a_clean_file_has_no_bad_lines(tmp_path):
    path = write(tmp_path / "crawl.jsonl", [article(1), article(2)])
    assert read_crawl_file(path) == ([{**article(1)}, {**article(2)}], 0)


def test_pending_files_are_loaded_by_outlet_and_moved_and_loading_again_changes_nothing(tmp_path, db_path):
    crawl = tmp_path / "crawl"
    write(crawl / "1.jsonl", [article(1), article(2, "kurier"), "oops"])
    write(crawl / "2.jsonl", [article(3), article(1)])

    stats = load_crawl_files(crawl, db_path).as_dict()

    assert stats == {"files": 2, "new": 3, "updated": 0, "unchanged": 1, "invalid": 1, "outlet_runs": 0, "by_outlet": {
        "kurier": {"new": 1, "updated": 0, "unchanged": 0}, "lecho": {"new": 2, "updated": 0, "unchanged": 1}}}
    assert not list(crawl.glob("*.jsonl"))
    assert sorted(p.name for p in (crawl / LOADED_DIR).iterdir()) == ["1.jsonl", "2.jsonl"]

    write(crawl / "3.jsonl", [article(1), article(3)])
    again = load_crawl_files(crawl, db_path).as_dict()
    assert (again["files"], again["new"], again["unchanged"]) == (1, 0, 2)
    assert load_crawl_files(tmp_path / "missing", db_path).as_dict()["files"] == 0


def test_the_crawl_counts_beside_a_file_are_recorded_with_it_once(tmp_path, db_path):
    import datetime as dt

    from warehouse.crawl_files import write_crawl_counts
    from warehouse.db import write_connection

    crawl = tmp_path / "crawl"
    path = write(crawl / "night.jsonl", [article(1)])
    started = dt.datetime(2026, 11, 25, 3, 30, tzinfo=dt.timezone.utc)
    write_crawl_counts(path, "run-1", started, "feeds", {
        "lecho": {"requests": 2, "failures": 0, "feeds": 1, "entries": 1, "articles_new": 1, "parsed": 1,
                  "http_statuses": {"200": 2}, "skipped": {}, "seconds": 1.5},
        "gone": {"requests": 1, "failures": 1, "http_statuses": {"404": 1}}})
    (crawl / "bad.outlets.json").write_text("{not json", encoding="utf-8")  # without a crawl file: left alone
    warnings: list[str] = []

    assert load_crawl_files(crawl, db_path, warnings.append).outlet_runs == 2
    assert sorted(p.name for p in (crawl / LOADED_DIR).iterdir()) == ["night.jsonl", "night.outlets.json"]
    assert load_crawl_files(crawl, db_path).outlet_runs == 0 and warnings == []
    with write_connection(db_path) as con:
        rows = con.execute("SELECT outlet, requests, failures, articles_new, http_statuses FROM outlet_runs "
                           "ORDER BY outlet").fetchall()
        states = con.execute("SELECT outlet, state FROM outlet_health ORDER BY outlet").fetchall()
    assert rows == [("gone", 1, 1, 0, '{"404": 1}'), ("lecho", 2, 0, 1, '{"200": 2}')]
    assert states == [("gone", "failing"), ("lecho", "ok")]
