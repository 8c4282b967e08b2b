"""`incidents run`, `reprocess`, `serve`, `backfill`, `demo`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Optional

import typer

from core.errors import UserError
from core.settings import Settings, lock_wait_seconds, operator_email
from incidents.cli.common import DbOption, VerboseOption, resolve_db, setup_logging
from incidents.demo import prefect_environment, report, run_demo

SourcesOption = Annotated[Optional[Path], typer.Option(
    "--sources", help="Sources registry TOML [default: the packaged crawlers/sources.toml].")]
OutboxOption = Annotated[Optional[Path], typer.Option(
    "--outbox", help="Write digests as .eml files in this folder instead of sending them by SMTP.")]
ProcessesOption = Annotated[int, typer.Option("--processes", "-j", min=1, help="Extraction processes.")]


def _prefect(verbose: bool) -> None:
    """Check the environment (a bad INCIDENTS_* value is one `error:` line now, not a failed stage after the
    crawl), then set Prefect's."""
    Settings.from_env()
    lock_wait_seconds()
    operator_email()
    prefect_environment(verbose)


def _run_flow(call) -> dict:
    """Run a flow; a failed stage becomes one `error:` line (details in the run summary and `runs` table)."""
    from flows.runner import StageFailed

    try:
        return call()
    except StageFailed as exc:
        raise UserError(f"run failed: {exc} (see `incidents sql \"SELECT * FROM runs ORDER BY started_at DESC\"`)") from exc


def _print_counts(counts: dict) -> None:
    for stage, c in counts.items():
        if isinstance(c, dict):
            flat = ", ".join(f"{k}={v}" for k, v in c.items() if not isinstance(v, (dict, list)))
            typer.echo(f"{stage}: {flat}")
    for f in (counts.get("outlets") or {}).get("flagged") or []:
        typer.echo(f"outlet {f['outlet']} is {f['state']}: {f['detail']}")


def register(app: typer.Typer) -> None:
    @app.command()
    def demo(
        db: Annotated[Path, typer.Option("--db", help="Demo warehouse file.")] = Path("data/demo.duckdb"),
        outbox: Annotated[Path, typer.Option("--outbox", help="Where the digest emails are written.")] = Path("data/outbox"),
        port: Annotated[Optional[int], typer.Option(help="Port of the sample site [default: the last one used, else 8754, else any free one].")] = None,
        verbose: VerboseOption = False,
    ) -> None:
        """Run the nightly pipeline on the bundled offline sample news site (no network needed)."""
        setup_logging(verbose)

        result = run_demo(db=db, outbox=outbox, port=port, verbose=verbose, echo=typer.echo)
        typer.echo(report(result))
        if result.status == "failed":
            raise typer.Exit(1)

    @app.command()
    def run(db: DbOption = None, sources: SourcesOption = None, outbox: OutboxOption = None,
            processes: ProcessesOption = 1, verbose: VerboseOption = False) -> None:
        """Run the nightly pipeline once now: crawl, load, extract, resolve, refresh views, send digests."""
        setup_logging(verbose)
        _prefect(verbose)
        from flows.nightly import nightly_flow

        counts = _run_flow(lambda: nightly_flow(db=str(resolve_db(db)), sources=str(sources) if sources else None,
                                                outbox=str(outbox) if outbox else None, n_process=processes))
        _print_counts(counts)

    @app.command()
    def reprocess(db: DbOption = None, processes: ProcessesOption = 1,
                  retry_errors: Annotated[bool, typer.Option(help="Also retry articles whose extraction failed.")] = True,
                  verbose: VerboseOption = False) -> None:
        """Re-extract and re-resolve stored articles after an extractor upgrade (nothing is re-crawled)."""
        setup_logging(verbose)
        _prefect(verbose)
        from flows.reprocess import reprocess_flow

        _print_counts(_run_flow(lambda: reprocess_flow(db=str(resolve_db(db)), n_process=processes,
                                                       retry_errors=retry_errors)))

    @app.command()
    def serve(db: DbOption = None, sources: SourcesOption = None, outbox: OutboxOption = None,
              processes: ProcessesOption = 1, verbose: VerboseOption = False) -> None:
        """Start the nightly schedule (flows/schedule.toml: 04:30 Europe/Brussels) and keep running; Ctrl-C stops it."""
        setup_logging(verbose)
        _prefect(verbose)
        from flows.serve import serve as serve_nightly

        params = {"db": str(resolve_db(db).resolve()), "n_process": processes}
        if sources:
            params["sources"] = str(sources.resolve())
        if outbox:
            params["outbox"] = str(outbox.resolve())
        serve_nightly(params, server_log=resolve_db(db).parent / "prefect-server.log", echo=typer.echo)

    @app.command()
    def backfill(
        from_: Annotated[dt.datetime, typer.Option("--from", formats=["%Y-%m-%d"], help="First day.")],
        to: Annotated[dt.datetime, typer.Option("--to", formats=["%Y-%m-%d"], help="Last day (inclusive).")],
        db: DbOption = None,
        sources: SourcesOption = None,
        chunk_days: Annotated[int, typer.Option("--chunk-days", min=1, help="Days per sitemap crawl chunk.")] = 7,
        processes: ProcessesOption = 1,
        verbose: VerboseOption = False,
    ) -> None:
        """Crawl outlets' sitemaps for a date range (resumable: finished chunks are skipped) and process it."""
        setup_logging(verbose)
        from flows.backfill import chunks

        chunks(from_.date(), to.date(), chunk_days)  # a bad range is reported before Prefect starts
        _prefect(verbose)
        from flows.backfill import backfill_flow

        counts = _run_flow(lambda: backfill_flow(from_.date(), to.date(), db=str(resolve_db(db)),
                                                 sources=str(sources) if sources else None,
                                                 chunk_days=chunk_days, n_process=processes))
        _print_counts(counts)
