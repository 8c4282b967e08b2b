"""`incidents crawl` and `incidents parse`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from incidents.cli_common import DbOption, VerboseOption, not_built


def register(app: typer.Typer) -> None:
    @app.command()
    def crawl(
        sources: Annotated[Path, typer.Option(help="Sources registry file (TOML).")],
        out: Annotated[Path, typer.Option(help="Articles JSONL to write.")],
        db: DbOption = None,
        verbose: VerboseOption = False,
    ) -> None:
        """Crawl the feeds of a sources registry into an Articles JSONL file."""
        not_built("the crawl stage")

    @app.command()
    def parse(
        file: Annotated[Path, typer.Argument(help="Saved HTML page.")],
        url: Annotated[Optional[str], typer.Option(help="URL the page was fetched from.")] = None,
        verbose: VerboseOption = False,
    ) -> None:
        """Parse one saved HTML page exactly as the spiders do; print one Articles-JSONL object."""
        not_built("article parsing")
