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


def test_stopped_nightly_run_leaves_no_process_behind(slow_site, tmp_path):
    """SIGTERM to `incidents run` mid-crawl: the crawl child, Prefect's local server and the CLI are gone within
    10 s, the crawl's `.partial` file is removed and the run is recorded as failed."""
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[outlet]]\nname = "ostnachrichten"\nlanguages = ["de"]\nallowed_domains = ["127.0.0.1"]\n'
                       f'feeds = ["{slow_site.base_url}/feeds/de.rss.xml"]\n', encoding="utf-8")
    marker = f"INCIDENTS_TEST_MARKER={uuid.uuid4()}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    env.update({"PREFECT_HOME": str(tmp_path / "prefect-home"), marker.split("=")[0]: marker.split("=")[1]})
    db = tmp_path / "run" / "incidents.duckdb"
    proc = subprocess.Popen([INCIDENTS, "run", "--db", str(db), "--sources", str(sources)], env=env,
                            stdout=subprocess.DEVNULL, stderr=(tmp_path / "stderr.log").open("w"))
    try:
        wait_until(lambda: slow_site.hits["/de/schuesse-bruessel.html"] > 0 or proc.poll() is not None, 180,
                   "the run never reached the slow article")
        assert proc.poll() is None, (tmp_path / "stderr.log").read_text()[-3000:]
        assert list((db.parent / "crawl").glob("*.partial"))
        proc.send_signal(signal.SIGTERM)
        wait_until(lambda: not processes_with(marker), STOP_WITHIN,
                   f"processes still running {STOP_WITHIN} s after SIGTERM: {processes_with(marker)}")
    finally:
        for pid in processes_with(marker):
            os.kill(pid, signal.SIGKILL)
        proc.wait(timeout=10)
    assert proc.returncode != 0
    assert list((db.parent / "crawl").iterdir()) == []

    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT status FROM runs").fetchall() == [("failed",)]
    finally:
        con.close()


def test_killed_parent_takes_its_child_down(slow_site, write_sources, tmp_path):
    """Even SIGKILL to the parent (no cleanup possible there) does not leave the child fetching under PID 1."""
    sources = write_sources(tmp_path / "sources.toml", slow_site.base_url)
    marker = f"INCIDENTS_TEST_MARKER={uuid.uuid4()}"
    # TMPDIR: the killed parent cannot remove its temp folder; keep it out of the shared /tmp
    env = {**os.environ, "TMPDIR": str(tmp_path), marker.split("=")[0]: marker.split("=")[1]}
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


def test_a_night_without_network_is_one_line_and_fast(tmp_path):
    """No outlet host resolves (RFC 2606 `.invalid`: DNS fails at once): one line, no child, no retries."""
    sources = tmp_path / "sources.toml"
    sources.write_text("".join(
        f'[[outlet]]\nname = "{name}"\nlanguages = ["fr"]\nallowed_domains = ["{name}.invalid"]\n'
        f'feeds = ["https://www.{name}.invalid/feed/", "https://www.{name}.invalid/other/"]\n\n'
        for name in ("alpha", "beta", "gamma")), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k.lower() not in ("http_proxy", "https_proxy")}
    began = time.monotonic()
    result = subprocess.run([INCIDENTS, "crawl", "--sources", str(sources), "--out", str(tmp_path / "out.jsonl")],
                            env=env, capture_output=True, text=True, timeout=60)
    assert time.monotonic() - began < 15
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "error: network is down: no outlet host resolves (3 tried, e.g. www.alpha.invalid)"]
    assert not (tmp_path / "out.jsonl").exists()


def test_a_robots_txt_timeout_is_one_log_line_unless_verbose(site, fast_settings, tmp_path, capfd):
    """robots.txt (like any download) timing out is one line; the traceback only at DEBUG (`-v`)."""
    from crawlers.run import crawl

    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[outlet]]\nname = "slowbots"\nlanguages = ["de"]\nallowed_domains = ["127.0.0.1"]\n'
                       f'feeds = ["{site.base_url}/feeds/de.rss.xml"]\n', encoding="utf-8")
    site.reset()
    site.delays["/robots.txt"] = 3.0  # longer than the download timeout below
    try:
        for level in ("INFO", "DEBUG"):
            crawl(sources, tmp_path / "out.jsonl", db=None, settings_overrides={
                **fast_settings, "DOWNLOAD_TIMEOUT": 1, "RETRY_TIMES": 0, "LOG_LEVEL": level})
            stderr = capfd.readouterr().err
            assert [line for line in stderr.splitlines() if "robots.txt" in line and "ERROR" in line], stderr
            assert ("Traceback" in stderr) is (level == "DEBUG"), stderr[-3000:]
    finally:
        site.reset()
