"""One writer at a time: a locked file gives a clear error, and writers wait for the lock to be released."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from warehouse.db import DatabaseLocked, connect, write_connection

HOLD = "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('held', flush=True); time.sleep(float(sys.argv[2]))"


def hold_lock(path, seconds: float) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(path), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_locked_database_gives_a_clear_error_after_waiting(db_path):
    connect(db_path).close()
    holder = hold_lock(db_path, 30)
    try:
        with pytest.raises(DatabaseLocked, match="still locked after waiting"):
            with write_connection(db_path, wait_seconds=0.5):
                pass
        with pytest.raises(DatabaseLocked, match="locked by another process"):
            connect(db_path, read_only=True)
    finally:
        holder.kill()
        holder.wait()


def test_writer_waits_for_the_lock_to_be_released(db_path):
    connect(db_path).close()
    holder = hold_lock(db_path, 1.5)
    started = time.monotonic()
    try:
        with write_connection(db_path, wait_seconds=30, poll=0.1) as con:
            assert con.execute("SELECT count(*) FROM articles").fetchone() == (0,)
    finally:
        holder.wait()
    assert time.monotonic() - started >= 0.5
