"""The flows' commands: user errors are one line, and `incidents serve` registers the nightly schedule."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

INCIDENTS = [sys.executable, "-c", "from incidents.cli import main; main()"]


def test_backfill_with_an_empty_range_is_one_error_line(tmp_path):
    result = subprocess.run(INCIDENTS + ["backfill", "--from", "2026-02-01", "--to", "2026-01-01",
                                         "--db", str(tmp_path / "x.duckdb")], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.strip() == "error: backfill range is empty: --from 2026-02-01 is after --to 2026-01-01"
    assert not (tmp_path / "x.duckdb").exists()


@pytest.mark.slow
def test_serve_registers_the_nightly_deployment_on_a_local_server(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["PREFECT_HOME"] = str(tmp_path / "prefect-home")
    out = tmp_path / "serve.out"
    proc = subprocess.Popen(INCIDENTS + ["serve", "--db", str(tmp_path / "incidents.duckdb")], env=env,
                            stdout=out.open("w"), stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline, deployments = time.monotonic() + 150, []
        while not deployments:
            assert proc.poll() is None, out.read_text()
            assert time.monotonic() < deadline, out.read_text()
            time.sleep(1)
            m = re.search(r"Prefect server ready at (http://127\.0\.0\.1:\d+)", out.read_text())
            if m:
                deployments = httpx.post(f"{m.group(1)}/api/deployments/filter", json={}, timeout=10).json()
        [deployment] = deployments
        assert deployment["name"] == "nightly"
        [schedule] = deployment["schedules"]
        assert schedule["schedule"]["cron"] == "30 4 * * *"
        assert schedule["schedule"]["timezone"] == "Europe/Brussels"
        assert deployment["parameters"]["db"] == str((tmp_path / "incidents.duckdb").resolve())
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert "Cannot schedule flows on an ephemeral server" not in out.read_text()
    assert (tmp_path / "prefect-server.log").exists()
