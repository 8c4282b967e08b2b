"""`incidents serve`: run the nightly flow on its schedule from this process (Prefect `flow.serve`).

For a Prefect server with a work pool, `prefect deploy` with the repository's `prefect.yaml` declares the same
deployment instead.
"""

from __future__ import annotations

from typing import Any

from prefect.schedules import Cron

from flows.nightly import nightly_flow

DEPLOYMENT_NAME = "nightly"
CRON = "30 4 * * *"
TIMEZONE = "Europe/Brussels"


def nightly_schedule() -> Any:
    return Cron(CRON, timezone=TIMEZONE)


def serve(parameters: dict[str, Any] | None = None) -> None:
    """Block, starting a nightly run at 04:30 Brussels time; runs later than a day are skipped by the flow."""
    nightly_flow.serve(name=DEPLOYMENT_NAME, schedules=[nightly_schedule()], parameters=parameters or {},
                       description="Crawl, extract, resolve and send digests every night at 04:30 Europe/Brussels",
                       tags=["brussels-incidents"])
