"""The analysts' connection (`incidents sql`): read-only for real, and blind to the subscribers' personal data.

Opening the file read-only is not enough: DuckDB can still write any file (`COPY ... TO`, `EXPORT DATABASE`),
attach another database read-write (and through it re-attach the warehouse itself read-write), install and
load extensions, and read any local file. So an analyst connection

1. runs with DuckDB's own locks, set before any analyst SQL and then frozen (`lock_configuration`): no file
   system access beyond the warehouse already open (`enable_external_access = false`: no COPY, EXPORT, ATTACH,
   read_csv/read_parquet/glob, no http), no extension installed or loaded;
2. takes one statement, and only a query (DuckDB's parser decides: SELECT, also DESCRIBE, SHOW, SUMMARIZE);
3. checks the query's *bound, unoptimized* plan (so views, CTEs, `query()` and `query_table()` are resolved and
   nothing is folded away by the optimizer) for the tables it reads: a query reading a table of
   `PERSONAL_TABLES`, or a storage-inspection function (its statistics show column minima and maxima), is
   refused before it runs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

import duckdb

from core.errors import UserError
from warehouse.db import connect

# Tables holding subscribers' personal data (emails, unsubscribe tokens, who received what): never analyst data.
# tests/warehouse/test_analyst_sql.py fails when a table with a subscriber, email or token column is not listed.
PERSONAL_TABLES = ("subscribers", "deliveries", "delivered_incidents")

# Table functions that read a table's storage (its min/max statistics would show personal data).
STORAGE_FUNCTIONS = ("PRAGMA_STORAGE_INFO", "PRAGMA_METADATA_INFO", "PRAGMA_BLOCK_INFO")

LOCKDOWN = (
    "SET explain_output = 'all'",  # EXPLAIN shows the bound plan before optimisation (used by the check)
    "SET enable_external_access = false",
    "SET autoinstall_known_extensions = false",
    "SET autoload_known_extensions = false",
    "SET allow_community_extensions = false",
    "SET lock_configuration = true",  # last: nothing above can be changed back by the analyst's SQL
)


def analyst_connection(path: Path | str) -> duckdb.DuckDBPyConnection:
    """The warehouse, read-only, locked down (see the module docstring)."""
    con = connect(path, read_only=True)
    try:
        for statement in LOCKDOWN:
            con.execute(statement)
    except Exception:
        con.close()
        raise
    return con


def _one_query(con: duckdb.DuckDBPyConnection, sql: str) -> str:
    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as exc:
        raise UserError(f"query failed: {str(exc).splitlines()[0]}") from exc
    if len(statements) != 1:
        raise UserError(f"`incidents sql` runs one query at a time, got {len(statements)} statements")
    statement = statements[0]
    if statement.type != duckdb.StatementType.SELECT:
        raise UserError(f"`incidents sql` only reads: {statement.type.name} statements are refused "
                        "(use --format csv|json or `incidents export` to get data out)")
    return statement.query


def _plan_nodes(nodes: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for node in nodes:
        yield node
        yield from _plan_nodes(node.get("children") or [])


def _tables_read(con: duckdb.DuckDBPyConnection, query: str) -> tuple[set[str], set[str]]:
    """(tables scanned, leaf operator names) of the query's bound plan before optimisation."""
    try:
        rows = con.execute("EXPLAIN (FORMAT json) " + query).fetchall()
    except duckdb.Error as exc:
        raise UserError(f"query failed: {str(exc).splitlines()[0]}") from exc
    plans = [json.loads(text) for kind, text in rows if kind == "logical_plan"]
    if len(plans) != 1:
        raise UserError("query refused: its plan could not be checked")  # fail closed (a DuckDB upgrade?)
    tables, leaves = set(), set()
    for node in _plan_nodes(plans[0]):
        table = (node.get("extra_info") or {}).get("Table")
        if table:
            tables.add(str(table).rsplit(".", 1)[-1].strip('"'))
        if not node.get("children"):
            leaves.add(str(node.get("name")))
    return tables, leaves


def run_analyst_query(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[list[str], list[tuple]]:
    """Check, then run one analyst query on an `analyst_connection`; return (column names, rows)."""
    query = _one_query(con, sql)
    tables, leaves = _tables_read(con, query)
    refused = sorted(tables & set(PERSONAL_TABLES)) + sorted(leaves & set(STORAGE_FUNCTIONS))
    if refused:
        raise UserError(f"{', '.join(refused).lower()}: not open to analysts (subscribers' personal data); "
                        "query the incident tables and views (docs/ANALYSTS.md)")
    try:
        cur = con.execute(query)
    except duckdb.Error as exc:
        raise UserError(f"query failed: {str(exc).splitlines()[0]}") from exc
    if cur.description is None:
        return [], []
    return [d[0] for d in cur.description], cur.fetchall()
