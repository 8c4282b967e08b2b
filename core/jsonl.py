"""The one JSONL reader and writer: user input, gold files and the project's data files all go through it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from core.errors import UserError


def read_jsonl(path: Path | str, error: type[Exception] = UserError,
               on_error: Callable[[int, str], None] | None = None) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (line number, object) for each non-blank line. A missing file raises `error` (UserError for user
    input; ValueError for the project's data files). A line that is not UTF-8, malformed or too deeply nested
    JSON, or not an object, raises `error` naming file:line, unless `on_error` is given: then it is called with
    (line number, message) and the line is skipped (crawl outputs: one bad line must not cost the others)."""
    path = Path(path)
    if not path.exists():
        raise error(f"{path}: no such file; check the path")
    if path.is_dir():
        raise error(f"{path}: is a directory, expected a JSONL file")
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise error(f"{path}: cannot read ({exc.strerror})") from exc
    with fh:
        for lineno, raw in enumerate(fh, 1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                problem = f"{path}:{lineno}: not valid UTF-8 (byte {exc.start + 1} of the line); re-encode the file"
            else:
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    problem = f"{path}:{lineno}: malformed JSON ({exc.msg}); fix or remove that line"
                except RecursionError:
                    problem = f"{path}:{lineno}: JSON nested too deep to read"
                else:
                    if isinstance(obj, dict):
                        yield lineno, obj
                        continue
                    problem = f"{path}:{lineno}: expected a JSON object, got {type(obj).__name__}"
            if on_error is None:
                raise error(problem)
            on_error(lineno, problem)


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
