"""`incidents serve`: run the nightly flow on its schedule from this process (Prefect `flow.serve`).

Schedules need a Prefect server (the ephemeral API has no scheduler): with `PREFECT_API_URL` set, that server is
used; otherwise a local `prefect server start` is run as a child process for as long as `serve` runs (its state
lives in `$PREFECT_HOME`, default ~/.prefect). For a Prefect server with a work pool, `prefect deploy` with the
repository's `prefect.yaml` declares the same deployment instead. The schedule itself is in flows/schedule.toml.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import socket
import subprocess
import sys
import time
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any, Iterator

import httpx
from prefect.schedules import Cron
from prefect.settings import PREFECT_API_URL, temporary_settings

from core.errors import UserError
from core.net import port_is_free
from flows.nightly import nightly_flow

log = logging.getLogger(__name__)

DEPLOYMENT_NAME = "nightly"
SCHEDULE_FILE = "schedule.toml"  # flows/schedule.toml: the schedule's one home
SERVER_PORT = 4200
SERVER_STARTUP_SECONDS = 120


def schedule_settings(deployment: str = DEPLOYMENT_NAME) -> dict[str, str]:
    """A deployment's `cron` and `timezone` from flows/schedule.toml (packaged with flows/)."""
    text = resources.files("flows").joinpath(SCHEDULE_FILE).read_text(encoding="utf-8")
    section = tomllib.loads(text)[deployment]
    return {"cron": section["cron"], "timezone": section["timezone"]}


def nightly_schedule() -> Cron:
    schedule = schedule_settings()
    return Cron(schedule["cron"], timezone=schedule["timezone"])


def _free_port(preferred: int) -> int:
    if port_is_free(preferred):
        return preferred
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def local_server(log_file: Path) -> Iterator[str]:
    """A `prefect server start` child process on 127.0.0.1 for the block; yields its API URL."""
    exe = shutil.which("prefect", path=str(Path(sys.executable).parent)) or shutil.which("prefect")
    if exe is None:
        raise UserError("the `prefect` command is not installed; reinstall the project (make install)")
    port = _free_port(SERVER_PORT)
    api = f"http://127.0.0.1:{port}/api"
    log_file.parent.mkdir(parents=True, exist_ok=True)
    with log_file.open("ab") as out:
        proc = subprocess.Popen([exe, "server", "start", "--host", "127.0.0.1", "--port", str(port),
                                 "--analytics-off"], stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + SERVER_STARTUP_SECONDS
        while True:
            if proc.poll() is not None:
                raise UserError(f"the local Prefect server exited (code {proc.returncode}); see {log_file}")
            try:
                if httpx.get(f"{api}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise UserError(f"the local Prefect server did not start within {SERVER_STARTUP_SECONDS} s; "
                                f"see {log_file}")
            time.sleep(1)
        yield api
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def serve(parameters: dict[str, Any] | None = None, server_log: Path = Path("data") / "prefect-server.log",
          echo=print) -> None:
    """Block, starting a nightly run on the schedule of flows/schedule.toml; runs later than a day are skipped by
    the flow."""
    schedule = schedule_settings()
    when = f"{schedule['cron']} {schedule['timezone']}"

    def _serve() -> None:
        nightly_flow.serve(name=DEPLOYMENT_NAME, schedules=[nightly_schedule()], parameters=parameters or {},
                           description=f"Crawl, extract, resolve and send digests every night ({when})",
                           tags=["brussels-incidents"])

    if PREFECT_API_URL.value():
        echo(f"using the Prefect server at {PREFECT_API_URL.value()}")
        _serve()
        return
    echo(f"starting a local Prefect server (log: {server_log}) ...")
    with local_server(server_log) as api:
        echo(f"Prefect server ready at {api.removesuffix('/api')} (UI and API); the schedule: {when}")
        os.environ["PREFECT_API_URL"] = api  # for the flow-run processes the runner starts
        with temporary_settings({PREFECT_API_URL: api}):
            _serve()
