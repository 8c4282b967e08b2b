"""`incidents sql`: run a read-only query against the warehouse."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import json
import sys
from enum import Enum
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from incidents.cli.common import DbOption, VerboseOption, resolve_db, setup_logging
from warehouse.analyst import analyst_connection, run_analyst_query


class OutputFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    return value


def run_query(db, query: str) -> tuple[list[str], list[tuple]]:
    """Run one analyst query (read-only, no file access, no personal data: `warehouse.analyst`)."""
    con = analyst_connection(db)
    try:
        return run_analyst_query(con, query)
    finally:
        con.close()


def print_result(columns: list[str], rows: list[tuple], fmt: OutputFormat) -> None:
    if fmt is OutputFormat.csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows([[_jsonable(v) for v in row] for row in rows])
    elif fmt is OutputFormat.json:
        for row in rows:
            sys.stdout.write(json.dumps({c: _jsonable(v) for c, v in zip(columns, row)}, ensure_ascii=False) + "\n")
    else:
        table = Table(*columns, show_lines=False)
        for row in rows:
            table.add_row(*["" if v is None else str(_jsonable(v)) for v in row])
        Console().print(table)
        Console(stderr=True).print(f"{len(rows)} row(s)")


def register(app: typer.Typer) -> None:
    @app.command()
    def sql(
        query: Annotated[str, typer.Argument(help="SQL to run, e.g. \"SELECT * FROM daily_counts\".")],
        format: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = OutputFormat.table,
        db: DbOption = None,
        verbose: VerboseOption = False,
    ) -> None:
        """Run a read-only SQL query against the warehouse (tables and analyst views)."""
        setup_logging(verbose)
        columns, rows = run_query(resolve_db(db), query)
        print_result(columns, rows, format)
