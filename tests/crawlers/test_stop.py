"""Stopping a crawl (SIGTERM from a service manager or a Prefect cancellation, Ctrl-C's SIGINT) stops its Scrapy child
within seconds and cleans up: no process left, no temp folder, no `.partial` file (the next run starts afresh)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

STOP_WITHIN = 10.0  # seconds: the bar
INCIDENTS = str(Path(sys.executable).parent / "incidents")  # the installed console script


def processes_with(marker: str) -> list[int]:
    """PIDs of live processes whose environment holds `marker` (the test's crawl and everything it started)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if marker.encode() in environ and state != "Z":
            pids.append(int(entry.name))
    return pids


def wait_until(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


@pytest.fixture
def slow_site(site):
    site.reset()
    site.delays["/de/"] = 60.0  # the article page answers after a minute: the crawl is mid-fetch when stopped
    yield site
    site.reset()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_stopped_crawl_leaves_no_process_temp_folder_or_partial_file(slow_site, write_sources, tmp_path, sig):
    sources = write_sources(tmp_path / "sources.toml", slow_site.base_url)
    out = tmp_path / "crawl" / "out.jsonl"
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    marker = f"INCIDENTS_TEST_MARKER={uuid.uuid4()}"
    env = {**os.environ, "TMPDIR": str(tmpdir), marker.split("=")[0]: marker.split("=")[1]}
    proc = subprocess.Popen([INCIDENTS, "crawl", "--sources", str(sources),
                             "--out", str(out), "--outlet", "ostnachrichten"],
                            env=env, stdout=subprocess.DEVNULL, stderr=(tmp_path / "stderr.log").open("w"))
    try:
        wait_until(lambda: slow_site.hits["/de/schuesse-bruessel.html"] > 0 or proc.poll() is not None, 60,
                   "the crawl never reached the slow article")
        assert proc.poll() is None, (tmp_path / "stderr.log").read_text()
        assert len(processes_with(marker)) >= 2  # the CLI and its Scrapy child
        assert list(tmpdir.iterdir())  # the crawl's temp folder exists while it runs

        began = time.monotonic()
        proc.send_signal(sig)
        wait_until(lambda: not processes_with(marker), STOP_WITHIN,
                   f"processes still running {STOP_WITHIN} s after {sig.name}: {processes_with(marker)}")
        assert time.monotonic() - began < STOP_WITHIN
    finally:
        for pid in processes_with(marker):
            os.kill(pid, signal.SIGKILL)
        proc.wait(timeout=10)

    stderr = (tmp_path / "stderr.log").read_text()
    assert proc.returncode != 0, stderr
    assert "Traceback" not in stderr, stderr
    assert list(tmpdir.iterdir()) == []
    assert not out.exists() and list(out.parent.iterdir()) == []  # no .partial left behind


def test_killed_parent_takes_its_child_down(slow_site, write_sources, tmp_path):
    """Even SIGKILL to the parent (no cleanup possible there) does not leave the child fetching under PID 1."""
    sources = write_sources(tmp_path / "sources.toml", slow_site.base_url)
    marker = f"INCIDENTS_TEST_MARKER={uuid.uuid4()}"
    env = {**os.environ, marker.split("=")[0]: marker.split("=")[1]}
    proc = subprocess.Popen([INCIDENTS, "crawl", "--sources", str(sources),
                             "--out", str(tmp_path / "out.jsonl"), "--outlet", "ostnachrichten"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until(lambda: slow_site.hits["/de/schuesse-bruessel.html"] > 0, 60, "the crawl never reached the slow article")
        proc.kill()
        proc.wait()
        wait_until(lambda: not processes_with(marker), STOP_WITHIN, "the child outlived its killed parent")
    finally:
        for pid in processes_with(marker):
            os.kill(pid, signal.SIGKILL)
