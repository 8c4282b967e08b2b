"""`incidents site` (generate the public site) and `incidents web` (serve it, with unsubscribe and health check)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from core.settings import site_dir
from incidents.cli.common import DbOption, VerboseOption, resolve_db, setup_logging

SiteOption = Annotated[Optional[Path], typer.Option(
    "--site", help="Site directory [default: $INCIDENTS_SITE_DIR, else the folder `site` beside the database].",
    show_default=False)]


def register(app: typer.Typer) -> None:
    @app.command()
    def site(
        out: Annotated[Optional[Path], typer.Option(
            "--out", help="Where to write the site [default: $INCIDENTS_SITE_DIR, else the folder `site` beside the "
                          "database].", show_default=False)] = None,
        db: DbOption = None,
        verbose: VerboseOption = False,
    ) -> None:
        """Generate the public static site (FR, NL, EN): home, one page per commune and per incident."""
        from website.build import build_site

        setup_logging(verbose)
        db_path = resolve_db(db)
        stats = build_site(db_path, out or site_dir(db_path))
        typer.echo(f"site: {stats.out / 'index.html'} ({stats.pages} files, {stats.incidents} incidents, "
                   f"{stats.communes} communes)")

    @app.command()
    def web(
        host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
        site: SiteOption = None,
        db: DbOption = None,
        verbose: VerboseOption = False,
    ) -> None:
        """Serve the site, the digests' unsubscribe links (/unsubscribe) and a health check (/healthz)."""
        from incidents.web import serve

        setup_logging(verbose)
        db_path = resolve_db(db)
        folder = site or site_dir(db_path)
        typer.echo(f"serving {folder} on http://{host}:{port}/ (unsubscribe: /unsubscribe, health: /healthz); "
                   "Ctrl-C stops")
        serve(folder, db_path, host=host, port=port)
