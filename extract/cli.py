"""`incidents extract` and `incidents eval`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from incidents.cli_common import DbOption, VerboseOption, not_built


def register(app: typer.Typer) -> None:
    @app.command()
    def extract(
        input: Annotated[Path, typer.Option("--input", help="Articles JSONL.")],
        output: Annotated[Path, typer.Option("--output", help="Predictions JSONL to write.")],
        db: DbOption = None,
        verbose: VerboseOption = False,
    ) -> None:
        """Extract incidents from articles and write predictions."""
        not_built("the extraction stage")

    @app.command("eval")
    def eval_(
        gold: Annotated[Path, typer.Option("--gold", help="Gold JSONL (../shared/eval/SCHEMA.md).")],
        json_out: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
        verbose: VerboseOption = False,
    ) -> None:
        """Score the extraction (and resolution) against gold annotations."""
        not_built("evaluation")
