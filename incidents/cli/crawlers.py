"""`incidents crawl` and `incidents parse`."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from core.errors import UserError
from crawlers.run import CrawlError
from crawlers.run import crawl as run_crawl
from crawlers.settings import DOWNLOAD_DELAY
from crawlers.sources import default_sources_path, find_outlet, load_sources
from incidents.cli.common import DbOption, VerboseOption, resolve_db, setup_logging


def _day(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UserError(f"{option} must be a date YYYY-MM-DD, got {value!r}") from None


def register(app: typer.Typer) -> None:
    sources_app = typer.Typer(help="Check the sources registry.", no_args_is_help=True)
    app.add_typer(sources_app, name="sources")

    @sources_app.command("check")
    def sources_check(
        sources: Annotated[Optional[Path], typer.Option(
            help="Sources registry (TOML) [default: the packaged crawlers/sources.toml].")] = None,
        outlet: Annotated[Optional[list[str]], typer.Option(help="Only these outlets (repeatable).")] = None,
        timeout: Annotated[float, typer.Option(min=1, help="Seconds to wait for each answer.")] = 30.0,
        delay: Annotated[float, typer.Option(min=0, help="Seconds between two requests to one host.")] = DOWNLOAD_DELAY,
        verbose: VerboseOption = False,
    ) -> None:
        """Fetch each enabled outlet's robots.txt, feeds and sitemaps once and parse one sample article (the
        day-one check of the registry); exits 1 when a check of an enabled outlet fails."""
        from core.settings import Settings
        from crawlers.check import check_outlets, failed_outlets
        from crawlers.sources import enabled_outlets

        setup_logging(verbose)
        registry = enabled_outlets(load_sources(sources), outlet)
        if not registry:
            raise UserError("no enabled outlet to check")
        rows = check_outlets(registry, user_agent=Settings.from_env().user_agent, timeout=timeout, delay=delay)
        _print_check(rows)
        failed = failed_outlets(rows)
        if failed:
            raise UserError(f"{len(failed)} of {len(registry)} outlet(s) failed the check: {', '.join(failed)}")

    @app.command()
    def crawl(
        out: Annotated[Path, typer.Option(help="Articles JSONL to write (replaced atomically).")],
        sources: Annotated[Optional[Path], typer.Option(
            help="Sources registry (TOML) [default: the packaged crawlers/sources.toml].")] = None,
        db: DbOption = None,
        mode: Annotated[str, typer.Option(help="feeds (nightly) or sitemaps (backfill with --from/--to).")] = "feeds",
        date_from: Annotated[Optional[str], typer.Option("--from", help="Sitemaps: first publication day.")] = None,
        date_to: Annotated[Optional[str], typer.Option("--to", help="Sitemaps: last publication day.")] = None,
        outlet: Annotated[Optional[list[str]], typer.Option(help="Only these outlets (repeatable).")] = None,
        verbose: VerboseOption = False,
    ) -> None:
        """Crawl the outlets' feeds (or sitemaps) into an Articles JSONL file; URLs already in --db are skipped.

        Exits 1 when every request of an enabled outlet failed (its table row says so); the other outlets'
        articles are still written."""

        setup_logging(verbose)
        overrides = {"LOG_LEVEL": "DEBUG"} if verbose else {}
        try:
            stats = run_crawl(sources or default_sources_path(), out, db=resolve_db(db), mode=mode,
                              date_from=_day(date_from, "--from"), date_to=_day(date_to, "--to"),
                              settings_overrides=overrides, outlets=outlet)
        except CrawlError as exc:
            raise UserError(str(exc)) from exc
        _print_stats(stats, out)
        failing = stats.failing_outlets()
        if failing:
            raise UserError(f"every request failed for outlet(s) {', '.join(failing)} (the other outlets' "
                            f"articles are in {out})")

    @app.command()
    def parse(
        file: Annotated[Path, typer.Argument(help="Saved HTML page.")],
        url: Annotated[Optional[str], typer.Option(help="URL the page was fetched from.")] = None,
        outlet: Annotated[Optional[str], typer.Option(help="Outlet name in the sources registry.")] = None,
        sources: Annotated[Optional[Path], typer.Option(help="Sources registry for --outlet.")] = None,
        encoding: Annotated[Optional[str], typer.Option(help="Charset from the HTTP header, if known.")] = None,
        verbose: VerboseOption = False,
    ) -> None:
        """Parse one saved HTML page exactly as the spiders do; print one Articles-JSONL object."""
        from crawlers.parse import ParseSkip, parse_article

        setup_logging(verbose)
        if not file.is_file():
            raise UserError(f"{file}: no such file")
        known = find_outlet(load_sources(sources), outlet) if outlet else None
        try:
            article = parse_article(file.read_bytes(), url or file.resolve().as_uri(),
                                    outlet=known.name if known else None,
                                    language=known.language if known else None, encoding=encoding,
                                    selectors=known.selectors if known else None)
        except ParseSkip as exc:
            raise UserError(f"{file}: no article kept ({exc})") from exc
        typer.echo(json.dumps(article, ensure_ascii=False, indent=1))


def _print_check(rows) -> None:
    table = Table(title="sources check")
    for name, justify in (("outlet", "left"), ("what", "left"), ("url", "left"), ("HTTP", "right"),
                          ("entries", "right"), ("newest", "left"), ("result", "left")):
        table.add_column(name, justify=justify, overflow="fold")
    for r in rows:
        table.add_row(r.outlet, r.kind, r.url, "" if r.status is None else str(r.status),
                      "" if r.entries is None else str(r.entries), (r.newest or "")[:16],
                      r.note if r.ok else f"[red]{r.note}[/red]")
    Console(width=200).print(table)


def _print_stats(stats, out: Path) -> None:
    console = Console()
    table = Table(title=f"crawl -> {out}")
    table.add_column("outlet")
    table.add_column("articles", justify="right")
    table.add_column("errors", justify="right")
    table.add_column("state")
    failing = stats.failing_outlets()
    for name in sorted(set(stats.articles_by_outlet) | set(stats.errors_by_outlet) | set(stats.by_outlet)):
        table.add_row(name, str(stats.articles_by_outlet.get(name, 0)), str(stats.errors_by_outlet.get(name, 0)),
                      "[red]every request failed[/red]" if name in failing else "ok")
    console.print(table)
    console.print(f"feeds read {stats.feeds_read}, entries seen {stats.entries_seen}, "
                  f"new articles {stats.new_articles}, updated articles {stats.updated_articles}")
    if stats.skipped:
        console.print("skipped: " + ", ".join(f"{k} {v}" for k, v in sorted(stats.skipped.items())))
    sys.stdout.flush()
