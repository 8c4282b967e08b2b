"""Reference tables filled from data files, as dbt's seeds: `communes` from the gazetteer (gazetteer/data/
communes.jsonl) and `reference_shooting_counts` from warehouse/seeds/reference_shooting_counts.csv.

Migrations create the tables; `sync_seeds` makes their rows equal to the data files on every read-write
connection (a no-op when they already are; the files are read once per process), so adding next year's prosecutor figure is a one-line CSV edit."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Callable

import duckdb

from gazetteer import load as load_gazetteer


@dataclass(frozen=True)
class Seed:
    table: str
    columns: tuple[str, ...]
    rows: Callable[[], tuple[tuple[Any, ...], ...]]


@lru_cache(maxsize=1)
def commune_rows() -> tuple[tuple[Any, ...], ...]:
    """(commune, commune_nl, postcode) for the 19 communes: French canonical name, first Dutch name, main code."""
    return tuple((c.name, c.names["nl"][0], int(c.postal_codes[0])) for c in load_gazetteer().communes)


@lru_cache(maxsize=1)
def reference_shooting_rows() -> tuple[tuple[Any, ...], ...]:
    """(year, shootings, source) from the CSV; ValueError names the bad line."""
    text = (resources.files("warehouse") / "seeds" / "reference_shooting_counts.csv").read_text(encoding="utf-8")
    rows = []
    for lineno, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        try:
            rows.append((int(row["year"]), int(row["shootings"]), row["source"].strip()))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ValueError(f"warehouse/seeds/reference_shooting_counts.csv:{lineno}: bad row {row} ({exc})") from None
    return tuple(rows)


SEEDS = (
    Seed("communes", ("commune", "commune_nl", "postcode"), commune_rows),
    Seed("reference_shooting_counts", ("year", "shootings", "source"), reference_shooting_rows),
)


def sync_seeds(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Make each seed table's rows equal to its data file, in one transaction; return the tables rewritten."""
    changed = []
    for seed in SEEDS:
        wanted = sorted(seed.rows())
        cols = ", ".join(seed.columns)
        have = sorted(con.execute(f"SELECT {cols} FROM {seed.table}").fetchall())
        if have == wanted:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(f"DELETE FROM {seed.table}")
            con.executemany(f"INSERT INTO {seed.table} ({cols}) VALUES ({', '.join('?' * len(seed.columns))})",
                            wanted)
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        changed.append(seed.table)
    return changed
