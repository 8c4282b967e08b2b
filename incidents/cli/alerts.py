"""`incidents subscribers add|list|remove` and `incidents digest`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from alerts.subscribers import add_subscriber, list_subscribers, remove_subscriber, unsubscribe
from core.errors import UserError
from core.settings import Settings
from incidents.cli.common import DbOption, VerboseOption, resolve_db, setup_logging
from warehouse.db import write_connection

SEVERITY_HELP = "0 = every incident, 1 = someone injured or killed, 2 = someone killed."


def register(app: typer.Typer) -> None:
    subscribers = typer.Typer(help="Manage digest subscribers.", no_args_is_help=True)
    app.add_typer(subscribers, name="subscribers")

    @subscribers.command("add")
    def add(
        email: Annotated[str, typer.Argument(help="Subscriber's email address.")],
        commune: Annotated[Optional[list[str]], typer.Option(
            "--commune", help="Only this commune (FR or NL name; repeat for several) [default: all 19].")] = None,
        type_: Annotated[Optional[list[str]], typer.Option(
            "--type", help="Only this incident type (shooting, stabbing, ...; repeat) [default: all].")] = None,
        min_severity: Annotated[int, typer.Option("--min-severity", help=SEVERITY_HELP)] = 0,
        language: Annotated[str, typer.Option("--language", help="Digest language: fr | nl | en.")] = "fr",
        frequency: Annotated[str, typer.Option("--frequency", help="daily | weekly.")] = "daily",
        db: DbOption = None,
        verbose: VerboseOption = False,
    ) -> None:
        """Subscribe an address to the digest."""
        setup_logging(verbose)
        with write_connection(resolve_db(db)) as con:
            sub = add_subscriber(con, email, communes=commune or (), types=type_ or (), min_severity=min_severity,
                                 language=language, frequency=frequency)
        typer.echo(f"subscribed {sub.email} ({_filters(sub)})")

    @subscribers.command("list")
    def list_(
        as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
        db: DbOption = None,
        verbose: VerboseOption = False,
    ) -> None:
        """List subscribers (unsubscribed ones are marked inactive)."""
        setup_logging(verbose)
        with write_connection(resolve_db(db)) as con:
            subs = list_subscribers(con)
        for sub in subs:
            if as_json:
                typer.echo(json.dumps({
                    "email": sub.email, "communes": list(sub.communes), "types": list(sub.types),
                    "min_severity": sub.min_severity, "language": sub.language, "frequency": sub.frequency,
                    "active": sub.active, "created_at": sub.created_at.isoformat()}, ensure_ascii=False))
            else:
                typer.echo(f"{sub.email}\t{'active' if sub.active else 'inactive'}\t{_filters(sub)}")
        if not subs and not as_json:
            typer.echo("no subscribers; add one with `incidents subscribers add EMAIL`", err=True)

    @subscribers.command("unsubscribe")
    def unsubscribe_(
        token: Annotated[str, typer.Argument(help="The token of an unsubscribe link (?token=...).")],
        db: DbOption = None,
        verbose: VerboseOption = False,
    ) -> None:
        """Process an unsubscribe link or RFC 8058 one-click request: the subscriber gets no more digests."""
        setup_logging(verbose)
        with write_connection(resolve_db(db)) as con:
            sub = unsubscribe(con, token)
        if sub is None:
            raise UserError("unknown unsubscribe token; check the link it came from")
        typer.echo(f"unsubscribed {sub.email}")

    @subscribers.command("remove")
    def remove(
        email: Annotated[str, typer.Argument(help="Address to remove.")],
        db: DbOption = None,
        verbose: VerboseOption = False,
    ) -> None:
        """Remove a subscriber (and the record of what they received)."""
        setup_logging(verbose)
        with write_connection(resolve_db(db)) as con:
            sub = remove_subscriber(con, email)
        typer.echo(f"removed {sub.email}")

    @app.command()
    def digest(
        dry_run: Annotated[bool, typer.Option("--dry-run", help="Render and print, do not send or record.")] = False,
        outbox: Annotated[Optional[Path], typer.Option(help="Write .eml files here instead of SMTP.")] = None,
        send_empty: Annotated[bool, typer.Option("--send-empty", help="Also send when nothing is new.")] = False,
        db: DbOption = None,
        verbose: VerboseOption = False,
    ) -> None:
        """Send the digest of new incidents to each subscriber (once per subscriber and period)."""
        from alerts.digest import send_digests

        setup_logging(verbose)
        stats = send_digests(resolve_db(db), Settings.from_env(), outbox=outbox, dry_run=dry_run,
                             send_empty=send_empty)
        for msg in stats.previews:
            typer.echo(f"To: {msg['To']}\nSubject: {msg['Subject']}\nMessage-ID: {msg['Message-ID']}\n")
            typer.echo(msg.get_body(("plain",)).get_content())
            typer.echo("-" * 72)
        typer.echo(json.dumps(stats.as_dict()))
        if stats.failed:
            raise typer.Exit(3)


def _filters(sub) -> str:
    communes = ",".join(sub.communes) or "all communes"
    types = ",".join(sub.types) or "all types"
    return f"{communes}; {types}; min-severity {sub.min_severity}; {sub.language}; {sub.frequency}"
