"""`incidents extract` and `incidents eval`."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Annotated, Any, Iterable, Iterator, Optional

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from core.errors import UserError
from core.jsonl import read_jsonl, write_jsonl
from core.schema import read_articles, validate_article
from evaluation.score import evaluate
from evaluation.split import HALVES
from evaluation.split import half as split_half
from incidents.cli.common import DbOption, VerboseOption, setup_logging

PROGRESS_MIN = 200  # show a progress bar from this many articles on
MAX_SKIP_LINES = 20  # skipped input lines named one by one (all of them with -v)


def _skipped_note(skipped: Counter[str]) -> str:
    """'; 3 input lines skipped (bad published: 2, unreadable line: 1)', or '' when none was."""
    if not skipped:
        return ""
    reasons = ", ".join(f"{reason}: {n}" for reason, n in sorted(skipped.items()))
    return f"; {sum(skipped.values())} input lines skipped ({reasons})"


def _with_progress(items: Iterable[dict[str, Any]], total: int, label: str) -> Iterator[dict[str, Any]]:
    if total < PROGRESS_MIN:
        yield from items
        return

    with Progress(transient=True) as progress:
        task = progress.add_task(label, total=total)
        for item in items:
            progress.advance(task)
            yield item


def _extract(articles: list[dict[str, Any]], n_process: int) -> list[dict[str, Any]]:
    from extract.api import extract_articles

    return list(_with_progress(extract_articles(articles, n_process=n_process), len(articles), "extracting"))


def _every_input(articles: list[dict[str, Any]], preds: list[dict[str, Any]],
                 same_as: dict[str, str]) -> list[dict[str, Any]]:
    """One prediction per input article, in input order: a later article with an already seen URL gets the
    prediction of the first (under its own id)."""
    by_id = {str(p["id"]): p for p in preds}
    return [dict(by_id[same_as.get(a["id"], a["id"])], id=a["id"]) for a in articles]


def run_extraction(articles: list[dict[str, Any]], db: Path | None, n_process: int = 1,
                   output: Path | None = None) -> tuple[list[dict[str, Any]], int]:
    """(one prediction per input article with each incident's `incident_id` from the warehouse resolver, the
    number of articles whose URL came earlier in the input: extracted and stored once).

    With `output`, the predictions are written there first (incident ids null), so the extraction survives a
    failure to store them in `db` (a lock held too long)."""
    from flows.stages import assign_incident_ids, with_incident_ids
    from warehouse.load import one_per_url

    unique, same_as = one_per_url(articles)
    preds = _extract(unique, n_process)
    if output is not None:
        write_jsonl(output, _every_input(articles, [with_incident_ids(p, lambda i: None) for p in preds], same_as))
    try:
        preds = assign_incident_ids(unique, preds, db)
    except UserError as exc:
        if output is None:
            raise
        raise UserError(f"{exc} (the predictions are in {output}, without incident ids)") from exc
    return _every_input(articles, preds, same_as), len(same_as)


def _summary_table(report: dict[str, Any]) -> Any:
    table = Table(title=f"Evaluation on {report['articles']} articles")
    table.add_column("metric")
    cols = ["all"] + list(report["by_language"])
    for c in cols:
        table.add_column(c, justify="right")
    reports = [report] + [report["by_language"][c] for c in cols[1:]]

    def fmt(v: Any) -> str:
        return "-" if v is None else (f"{v:.3f}" if isinstance(v, float) else str(v))

    rows = [
        ("in-scope P", lambda r: r["in_scope"]["precision"]), ("in-scope R", lambda r: r["in_scope"]["recall"]),
        ("in-scope F1", lambda r: r["in_scope"]["f1"]),
        ("incident P", lambda r: r["incidents"]["precision"]), ("incident R", lambda r: r["incidents"]["recall"]),
        ("incident F1", lambda r: r["incidents"]["f1"]), ("incident F1 (untyped)", lambda r: r["incidents_untyped"]["f1"]),
    ] + [(f"field {k}", (lambda k: lambda r: r["fields"][k])(k)) for k in report["fields"]] + [
        ("dedup pairwise F1", lambda r: r["dedup_pairwise"]["f1"]),
        ("distinct incidents pred/gold",
         lambda r: f"{r['distinct_incidents']['predicted']}/{r['distinct_incidents']['gold']}"),
    ] + [(f"  {t} pred/gold", (lambda t: lambda r: "{predicted}/{gold}".format(
        **r["distinct_incidents"]["by_type"].get(t, {"predicted": 0, "gold": 0})))(t))
         for t in report["distinct_incidents"]["by_type"]]
    for name, get in rows:
        table.add_row(name, *[fmt(get(r)) for r in reports])
    return table


def register(app: typer.Typer) -> None:
    @app.command()
    def extract(
        input: Annotated[Path, typer.Option("--input", help="Articles JSONL.")],
        output: Annotated[Path, typer.Option("--output", help="Predictions JSONL to write.")],
        db: DbOption = None,
        processes: Annotated[int, typer.Option("--processes", "-j", min=1, help="Worker processes.")] = 1,
        verbose: VerboseOption = False,
    ) -> None:
        """Extract incidents from articles and write predictions (with incident ids; stored in --db when given)."""
        setup_logging(verbose)
        skipped: Counter[str] = Counter()

        def skip(lineno: int, reason: str, message: str) -> None:
            skipped[reason] += 1
            if verbose or sum(skipped.values()) <= MAX_SKIP_LINES:
                typer.echo(f"warning: skipped {message}", err=True)

        articles = read_articles(input, on_skip=skip)
        if not articles:
            raise UserError(f"{input}: no valid article to extract{_skipped_note(skipped)}")
        preds, same_url = run_extraction(articles, db, n_process=processes, output=output if db else None)
        n = write_jsonl(output, preds)
        in_scope = sum(bool(p.get("in_scope")) for p in preds)
        incidents = sum(len(p.get("incidents") or []) for p in preds)
        errors = [p for p in preds if p.get("error")]
        typer.echo(f"{n} articles -> {output}: {in_scope} in scope, {incidents} incident mentions, "
                   f"{len(errors)} errors{_skipped_note(skipped)}"
                   + (f"; {same_url} with the URL of an earlier article (extracted once)" if same_url else ""))
        for p in errors[:20] if verbose else []:
            typer.echo(f"  {p['id']}: {p['error']}", err=True)

    @app.command("eval")
    def eval_(
        gold: Annotated[Path, typer.Option("--gold", help="Gold JSONL (../shared/eval/SCHEMA.md).")],
        half: Annotated[Optional[str], typer.Option(
            "--half", help="Score only half A or B of the gold file (an incident-disjoint split: tune on one "
                           "half, measure on the other).")] = None,
        json_out: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
        verbose: VerboseOption = False,
    ) -> None:
        """Score the extraction (and resolution) against gold annotations."""

        setup_logging(False)
        gold_rows = [obj for _, obj in read_jsonl(gold)]
        if not gold_rows:
            raise UserError(f"{gold}: no gold articles; expected one JSON object per line")
        if half is not None:
            if half.upper() not in HALVES:
                raise UserError(f"--half must be A or B, got {half!r}")
            gold_rows = split_half(gold_rows, half.upper())
        articles = []
        for i, row in enumerate(gold_rows, 1):
            if "in_scope" not in row:
                raise UserError(f"{gold}:{i}: gold article lacks 'in_scope'; see ../shared/eval/SCHEMA.md")
            articles.append(validate_article(row, f"{gold}:{i}"))
        preds, _ = run_extraction(articles, None)
        report = evaluate(gold_rows, preds, with_errors=verbose)
        if json_out:
            typer.echo(json.dumps(report, ensure_ascii=False))
            return

        console = Console()
        console.print(_summary_table(report))
        g = report["gate"]
        console.print(f"relevance gate: {g['in_scope_passed']}/{g['in_scope_total']} in-scope articles passed "
                      f"(recall {g['recall']}), {g['out_of_scope_passed']}/{g['out_of_scope_total']} out-of-scope passed")
        if verbose:
            by_kind: dict[str, list[dict[str, Any]]] = {}
            for e in report["errors"]:
                by_kind.setdefault(e["kind"], []).append(e)
            for kind, errs in sorted(by_kind.items()):
                console.print(f"[bold]{kind}[/bold] ({len(errs)})")
                for e in errs:
                    rest = {k: v for k, v in e.items() if k not in ("kind", "id")}
                    console.print(f"  {e['id']}: {json.dumps(rest, ensure_ascii=False)}", markup=False, highlight=False)
            resolution = report["resolution"]
            for kind, what in (("splits", "real incident reported under several predicted ids"),
                               ("merges", "predicted incident gathering several real ones")):
                console.print(f"[bold]{kind}[/bold] ({len(resolution[kind])}): {what}")
                for item in resolution[kind]:
                    console.print("  " + json.dumps(item, ensure_ascii=False), markup=False, highlight=False)
