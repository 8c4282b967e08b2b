"""The `incidents` command: one root app; each package registers its own subcommands."""

from __future__ import annotations

import importlib
import sys

import typer

from core.errors import UserError
from core.stop import raise_on_sigterm

app = typer.Typer(
    name="incidents",
    help="Brussels incidents: crawl Brussels news, extract violent incidents, deduplicate, query, alert.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

# Command groups, one module each (named for the package they drive), in --help order; each has `register(app)`.
COMMAND_MODULES = ("flows", "crawlers", "extract", "resolve", "warehouse", "alerts", "website")

for _name in COMMAND_MODULES:
    importlib.import_module(f"incidents.cli.{_name}").register(app)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: user errors become one line on stderr, never a traceback; SIGTERM unwinds like
    Ctrl-C (crawl children stopped, Prefect's local server shut down, temp files removed)."""
    raise_on_sigterm()
    try:
        app(args=argv, standalone_mode=True)
    except UserError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    main()
