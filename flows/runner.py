"""Run a flow's stages in order, recording the run in `runs` and publishing its summary.

A *soft* stage may fail without stopping the run (a failed crawl still lets already-stored articles be extracted
and digested); a *hard* stage failure stops it (later stages depend on its writes). Either way the run ends
`failed` with the first error, and the flow run itself fails so Prefect shows it.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from flows import summary
from warehouse import runs

log = logging.getLogger(__name__)


class StageFailed(RuntimeError):
    """One or more stages failed; the run row holds the details."""


@dataclass(frozen=True)
class Stage:
    name: str
    run: Callable[[], dict[str, Any]]
    soft: bool = False  # a failure is recorded and the next stages still run


def current_run_id() -> str:
    from prefect.runtime import flow_run

    return str(flow_run.id or uuid.uuid4())


def _error(stage: str, exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{stage}: {type(exc).__name__}: {text}" if text else f"{stage}: {type(exc).__name__}"


def execute(db: Path, flow: str, stages: list[Stage], run_id: str | None = None,
            started_at: dt.datetime | None = None, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """Run `stages`, record the run (running -> completed | failed) and publish the summary; return the counts."""
    run_id = run_id or current_run_id()
    runs.start_run(db, run_id, flow, started_at)
    counts: dict[str, Any] = dict(extra or {})
    errors: list[str] = []
    try:
        for stage in stages:
            began = time.perf_counter()
            try:
                counts[stage.name] = dict(stage.run())
                counts[stage.name]["seconds"] = round(time.perf_counter() - began, 2)
            except Exception as exc:
                errors.append(_error(stage.name, exc))
                counts[stage.name] = {"status": "failed", "error": errors[-1]}
                if not stage.soft:
                    raise
    except BaseException as exc:  # includes KeyboardInterrupt / cancellation: the row must not stay "running"
        if not errors:
            errors.append(_error("run", exc))
        _close(db, run_id, flow, "failed", counts, errors)
        if isinstance(exc, Exception):
            raise StageFailed("; ".join(errors)) from exc
        raise
    status = "failed" if errors else "completed"
    _close(db, run_id, flow, status, counts, errors)
    if errors:
        raise StageFailed("; ".join(errors))
    return counts


def _close(db: Path, run_id: str, flow: str, status: str, counts: dict[str, Any], errors: list[str]) -> None:
    try:
        runs.finish_run(db, run_id, status, counts, "; ".join(errors) or None)
    except Exception:  # e.g. the database is still locked: the run's own failure matters more
        log.exception("could not record run %s as %s", run_id, status)
    try:
        summary.publish(flow, status, counts, errors)
    except Exception:
        log.exception("could not publish the %s summary artifact", flow)
