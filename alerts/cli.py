"""`incidents subscribers ...` and `incidents digest`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from incidents.cli_common import DbOption, VerboseOption, not_built


def register(app: typer.Typer) -> None:
    subscribers = typer.Typer(help="Manage digest subscribers.", no_args_is_help=True)
    app.add_typer(subscribers, name="subscribers")

    @subscribers.command("list")
    def list_(db: DbOption = None, verbose: VerboseOption = False) -> None:
        """List subscribers."""
        not_built("subscribers")

    @app.command()
    def digest(
        dry_run: Annotated[bool, typer.Option("--dry-run", help="Render, do not send or record.")] = False,
        outbox: Annotated[Optional[Path], typer.Option(help="Write .eml files here instead of SMTP.")] = None,
        db: DbOption = None,
        verbose: VerboseOption = False,
    ) -> None:
        """Send the digest of new incidents to each subscriber."""
        not_built("digests")
