"""Killing a nightly run (SIGKILL, process group) at some point and re-running completes it: no duplicates, no loss."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from incidents.demo import LOCAL_CRAWL_SETTINGS
from incidents.demo_site.site import load_site

pytestmark = pytest.mark.slow

DEMO_ARTICLES = len(load_site().articles)
KILL_POINTS = {
    "during the crawl": lambda env: any(env.work_dir.glob("*.partial")),
    "after the load": lambda env: (env.work_dir / "loaded").is_dir(),
}


def _start_nightly(env, tmp_path: Path) -> subprocess.Popen:
    """`nightly` in its own process (own ephemeral Prefect API) and own process group."""
    params = dict(db=str(env.db), sources=str(env.sources), outbox=str(env.outbox), work_dir=str(env.work_dir),
                  crawl_settings={**LOCAL_CRAWL_SETTINGS, "DOWNLOAD_DELAY": 0.2})  # slow enough to be caught
    code = "import json, sys; from flows.nightly import nightly_flow; nightly_flow(**json.loads(sys.argv[1]))"
    child_env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    child_env["PREFECT_HOME"] = str(tmp_path / "prefect-home")
    return subprocess.Popen([sys.executable, "-c", code, json.dumps(params)], env=child_env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=(tmp_path / "child.log").open("w"))


@pytest.mark.parametrize("point", list(KILL_POINTS))
def test_killed_run_is_completed_by_the_next_one(env, tmp_path, point):
    env.add_subscriber()
    proc = _start_nightly(env, tmp_path)
    try:
        deadline = time.monotonic() + 180
        while not KILL_POINTS[point](env):
            assert proc.poll() is None, f"the run ended before the kill point: {(tmp_path / 'child.log').read_text()[-2000:]}"
            assert time.monotonic() < deadline, "kill point not reached"
            time.sleep(0.05)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()

    counts = env.nightly()

    assert env.counts()["articles"] == DEMO_ARTICLES
    assert env.query("SELECT count(DISTINCT url) FROM articles") == [(DEMO_ARTICLES,)]
    assert env.counts()["extractions"] == DEMO_ARTICLES
    assert counts["resolve"]["incidents_total"] >= 4
    assert len(env.emails()) == 1
    assert not list(env.work_dir.glob("*.jsonl"))
    runs = env.runs()
    assert [r["status"] for r in runs] == ["failed", "completed"]
    assert runs[0]["error"].startswith("abandoned")
