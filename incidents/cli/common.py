"""Options and helpers shared by every subcommand."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated, Optional

import typer

from core.settings import default_db_path

DbOption = Annotated[
    Optional[Path],
    typer.Option("--db", help="DuckDB file [default: $INCIDENTS_DB, else ./data/incidents.duckdb]", show_default=False),
]
VerboseOption = Annotated[bool, typer.Option("--verbose", "-v", help="Verbose logging and error details.")]


def resolve_db(db: Path | None) -> Path:
    """The database path a command should use."""
    return db if db is not None else default_db_path()


def setup_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )

