"""`incidents run`, `serve`, `backfill`, `demo`."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from incidents.cli_common import DbOption, VerboseOption, not_built


def register(app: typer.Typer) -> None:
    @app.command()
    def demo(db: DbOption = None, verbose: VerboseOption = False) -> None:
        """Run the nightly pipeline on the bundled offline sample news site."""
        not_built("the demo")

    @app.command()
    def run(db: DbOption = None, verbose: VerboseOption = False) -> None:
        """Run one nightly pipeline now."""
        not_built("the nightly flow")

    @app.command()
    def serve(verbose: VerboseOption = False) -> None:
        """Start the nightly schedule (cron 30 4 * * *, Europe/Brussels)."""
        not_built("the schedule")

    @app.command()
    def backfill(
        from_: Annotated[dt.datetime, typer.Option("--from", formats=["%Y-%m-%d"], help="First day.")],
        to: Annotated[dt.datetime, typer.Option("--to", formats=["%Y-%m-%d"], help="Last day.")],
        db: DbOption = None,
        verbose: VerboseOption = False,
    ) -> None:
        """Crawl outlets' sitemaps for a date range and process what is found."""
        not_built("backfill")
