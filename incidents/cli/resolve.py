"""`incidents stats` and `incidents export`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from incidents.cli.common import DbOption, VerboseOption, resolve_db, setup_logging
from resolve.exports import EXPORTS, export_parquet, headline_stats
from warehouse.outlets import flagged_outlets


def _print_stats(s: dict) -> None:
    out = typer.echo
    out(f"articles: {s['articles']} ({s['articles_extracted']} extracted, {s['articles_in_scope']} in scope)")
    out(f"mentions: {s['mentions']} ({s['mentions_unresolved']} not yet resolved)")
    inc = s["incidents"]
    out(f"incidents: {inc['active']} active ({inc['merged']} merged into others, {inc['retracted']} retracted)")
    if s["by_type"]:
        out("by type: " + ", ".join(f"{k} {v}" for k, v in s["by_type"].items()))
    if s["by_year"]:
        out("by year:")
        for row in s["by_year"]:
            ref = f" (prosecutor: {row['prosecutor_shootings']})" if row["prosecutor_shootings"] is not None else ""
            out(f"  {row['year']}: {row['incidents']} incidents, {row['shootings']} shootings{ref}, "
                f"{row['killed']} killed, {row['injured']} injured")
    if s["top_communes"]:
        out("top communes: " + ", ".join(f"{k} {v}" for k, v in s["top_communes"].items()))
    if s["latest_incident"]:
        out(f"latest incident: {s['latest_incident']}")
    for f in s["outlets_flagged"]:
        out(f"outlet {f['outlet']} is {f['state']}: {f['detail']}")


def register(app: typer.Typer) -> None:
    @app.command()
    def stats(
        db: DbOption = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object instead of text.")] = False,
        verbose: VerboseOption = False,
    ) -> None:
        """Print the headline counts (incidents per type, commune, year) and the outlets needing attention."""
        setup_logging(verbose)
        s = headline_stats(resolve_db(db))
        s["outlets_flagged"] = flagged_outlets(resolve_db(db), read_only=True)
        if as_json:
            typer.echo(json.dumps(s, ensure_ascii=False, indent=2, default=str))
        else:
            _print_stats(s)

    @app.command(help="Export the main tables to Parquet, one <name>.parquet each: " + ", ".join(EXPORTS) + ".")
    def export(
        to: Annotated[Path, typer.Option("--to", help="Directory for the Parquet files.")],
        db: DbOption = None,
        verbose: VerboseOption = False,
    ) -> None:
        setup_logging(verbose)
        for name, rows, path in export_parquet(resolve_db(db), to):
            typer.echo(f"{path}: {rows} rows")
