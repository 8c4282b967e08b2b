"""Connect to the DuckDB warehouse, apply migrations, rebuild the analyst views."""

from __future__ import annotations

import contextlib
import logging
import re
import time
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Iterator

import duckdb

from core.errors import UserError
from core.settings import lock_wait_seconds
from warehouse.seeds import sync_seeds

log = logging.getLogger(__name__)

MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
LOCK_MARKERS = ("Could not set lock", "Conflicting lock")


def _sql_files(folder: str) -> list[tuple[str, str]]:
    """(file name, SQL text) of warehouse/<folder>/*.sql, sorted by name."""
    root = resources.files("warehouse") / folder
    files = sorted((p.name, p.read_text(encoding="utf-8")) for p in root.iterdir() if p.name.endswith(".sql"))
    return files


@cache
def query_sql(group: str, name: str) -> str:
    """The text of warehouse/queries/<group>/<name>.sql: a query that is not a view (one folder per package)."""
    return (resources.files("warehouse") / "queries" / group / f"{name}.sql").read_text(encoding="utf-8")


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) of every migration, in order; names must be NNNN_what.sql and unique."""
    out = []
    for name, sql in _sql_files("migrations"):
        m = MIGRATION_NAME.match(name)
        if not m:
            raise RuntimeError(f"bad migration file name {name!r} (expected NNNN_what.sql)")
        out.append((int(m.group(1)), name, sql))
    versions = [v for v, _, _ in out]
    if len(set(versions)) != len(versions):
        raise RuntimeError(f"two migrations share a version number: {versions}")
    return out


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply pending migrations, each in its own transaction; return the names applied (none = up to date)."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_version ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
    )
    done = {row[0] for row in con.execute("SELECT version FROM schema_version").fetchall()}
    applied = []
    for version, name, sql in migrations():
        if version in done:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(sql)
            con.execute("INSERT INTO schema_version (version, name) VALUES (?, ?)", [version, name])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        log.info("applied migration %s", name)
        applied.append(name)
    return applied


def view_files() -> list[tuple[str, str]]:
    """(view name, SQL) for warehouse/views/*.sql; file NN_name.sql or name.sql builds view `name`."""
    return [(re.sub(r"^\d+_", "", n[:-4]), sql) for n, sql in _sql_files("views")]


def build_views(con: duckdb.DuckDBPyConnection) -> list[str]:
    """(Re)create every analyst view, in file-name order (prefix files with NN_ to order dependencies)."""
    names = []
    for name, sql in view_files():
        con.execute(sql)
        names.append(name)
    return names


def _open(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        msg = str(exc)
        if any(m in msg for m in LOCK_MARKERS):
            raise DatabaseLocked(f"{path}: locked by another process (a writer, or a reader while someone "
                                 "writes); retry when it ends") from exc
        raise UserError(f"{path}: cannot open as a DuckDB database ({msg.splitlines()[0]})") from exc
    except duckdb.Error as exc:
        raise UserError(f"{path}: cannot open as a DuckDB database ({str(exc).splitlines()[0]})") from exc


class DatabaseLocked(UserError):
    """Another process holds the write lock on the database file."""


def connect(path: Path | str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the warehouse. Read-write connections create the file and apply migrations and views.

    Read-only connections require an existing file (many readers may share it while nobody writes).
    """
    path = Path(path)
    if str(path) == ":memory:":
        con = duckdb.connect(":memory:")
        migrate(con)
        sync_seeds(con)
        build_views(con)
        return con
    if read_only:
        if not path.exists():
            raise UserError(f"{path}: no such database; run `incidents run` or `make demo` first, or pass --db")
        return _open(path, read_only=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = _open(path, read_only=False)
    try:
        migrated = migrate(con)
        sync_seeds(con)
        if migrated:
            build_views(con)
        elif _views_missing(con):
            build_views(con)
    except Exception:
        con.close()
        raise
    return con


def _views_missing(con: duckdb.DuckDBPyConnection) -> bool:
    present = {r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    return any(name not in present for name, _ in view_files())


def _wait_for_lock(path: Path | str, read_only: bool, wait_seconds: float | None, poll: float) -> duckdb.DuckDBPyConnection:
    """Open the warehouse, retrying while another process holds a conflicting lock, for at most `wait_seconds`
    (default $INCIDENTS_LOCK_WAIT_SECONDS, else 60)."""
    if wait_seconds is None:
        wait_seconds = lock_wait_seconds()
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            return connect(path, read_only=read_only)
        except DatabaseLocked:
            if time.monotonic() >= deadline:
                raise DatabaseLocked(
                    f"{path}: still locked after waiting {wait_seconds:.0f} s; another process (an analyst's "
                    "read-write session or another run) holds it: close it and re-run"
                )
            time.sleep(poll)


@contextlib.contextmanager
def _held(path: Path | str, read_only: bool, wait_seconds: float | None, poll: float) -> Iterator[duckdb.DuckDBPyConnection]:
    con = _wait_for_lock(path, read_only, wait_seconds, poll)
    try:
        yield con
    finally:
        con.close()


def write_connection(path: Path | str, wait_seconds: float | None = None,
                     poll: float = 0.5) -> contextlib.AbstractContextManager[duckdb.DuckDBPyConnection]:
    """Hold the single write connection only for the block; wait for a lock held by another process
    (`wait_seconds`, default $INCIDENTS_LOCK_WAIT_SECONDS, else 60)."""
    return _held(path, False, wait_seconds, poll)


def read_connection(path: Path | str, wait_seconds: float | None = None,
                    poll: float = 0.2) -> contextlib.AbstractContextManager[duckdb.DuckDBPyConnection]:
    """A read-only connection for the block (many readers may share the file while nobody writes); waits like
    `write_connection` while a writer holds the lock."""
    return _held(path, True, wait_seconds, poll)


@contextlib.contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """BEGIN … COMMIT, ROLLBACK on any error: a crash mid-load leaves the previous state intact."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")
