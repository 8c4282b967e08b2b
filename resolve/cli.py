"""`incidents stats` and `incidents export`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from incidents.cli_common import DbOption, VerboseOption, not_built


def register(app: typer.Typer) -> None:
    @app.command()
    def stats(db: DbOption = None, verbose: VerboseOption = False) -> None:
        """Print the headline counts (incidents per type, commune, year)."""
        not_built("incident resolution (stats)")

    @app.command()
    def export(
        to: Annotated[Path, typer.Option("--to", help="Directory for the Parquet files.")],
        db: DbOption = None,
        verbose: VerboseOption = False,
    ) -> None:
        """Export the main tables to Parquet."""
        not_built("export")
