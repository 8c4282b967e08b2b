"""The run summary: a Markdown report of a flow run's counts (Prefect artifact) and a short text for the CLI."""

from __future__ import annotations

from typing import Any

from prefect.artifacts import create_markdown_artifact


def _table(header: tuple[str, ...], rows: list[tuple[Any, ...]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(v) for v in row) + " |" for row in rows]
    return lines


def markdown(flow: str, status: str, counts: dict[str, Any], errors: list[str]) -> str:
    """The run report: outlets needing attention (outlet health), articles per outlet, incidents new/updated and per commune, stage errors, missing stages."""
    out = [f"# {flow} run: {status}", ""]
    flagged = (counts.get("outlets") or {}).get("flagged") or []
    if flagged:
        out += ["## Outlets needing attention", ""]
        out += _table(("outlet", "state", "detail"), [(f["outlet"], f["state"], f["detail"]) for f in flagged])
        out.append("")
    crawl, load = counts.get("crawl") or {}, counts.get("load") or {}
    outlets = sorted(set(load.get("by_outlet", {})) | set(crawl.get("articles_by_outlet", {}) or {})
                     | set(crawl.get("errors_by_outlet", {}) or {}))
    if outlets:
        out += ["## Articles per outlet", ""]
        out += _table(("outlet", "new", "updated", "unchanged", "crawl errors"), [
            (o, load.get("by_outlet", {}).get(o, {}).get("new", 0), load.get("by_outlet", {}).get(o, {}).get("updated", 0),
             load.get("by_outlet", {}).get(o, {}).get("unchanged", 0), (crawl.get("errors_by_outlet") or {}).get(o, 0))
            for o in outlets])
        out.append("")
    extract = counts.get("extract") or {}
    if "articles" in extract:
        out += [f"Extraction ({extract.get('extractor_version', '?')}): {extract['articles']} article(s), "
                f"{extract['in_scope']} in scope, {extract['mentions']} mention(s), {extract['errors']} error(s).", ""]
    resolve = counts.get("resolve") or {}
    if "new_incidents" in resolve:
        out += ["## Incidents", "", f"{resolve['new_incidents']} new, {resolve['updated_incidents']} updated "
                f"({resolve['incidents_total']} in the warehouse).", ""]
        if resolve.get("per_commune"):
            out += _table(("commune", "new or updated"), sorted(resolve["per_commune"].items(), key=lambda kv: -kv[1]))
            out.append("")
    digest = counts.get("digest") or {}
    if digest:
        out += ["## Digests", "", ", ".join(f"{k}: {v}" for k, v in digest.items() if not isinstance(v, (list, dict))), ""]
    timings = [(stage, c["seconds"]) for stage, c in counts.items() if isinstance(c, dict) and "seconds" in c]
    if timings:
        out += ["## Stage durations", ""] + _table(("stage", "seconds"), timings) + [""]
    if errors:
        out += ["## Errors", ""] + [f"- {e}" for e in errors] + [""]
    return "\n".join(out)


def publish(flow: str, status: str, counts: dict[str, Any], errors: list[str]) -> None:
    """Attach the report to the current flow run as a Markdown artifact (key `<flow>-summary`)."""
    create_markdown_artifact(markdown(flow, status, counts, errors), key=f"{flow}-summary",
                             description=f"{flow} run summary")
