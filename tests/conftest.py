"""Shared fixtures: the ../shared material (skipped when absent) and a fresh warehouse file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DIR = REPO_ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared (eval set, real pages); tests using it skip in a user's clone, which has none."""
    if not SHARED_DIR.is_dir():
        pytest.skip(f"{SHARED_DIR} is absent (only the project's CI and developers have ../shared)")
    return SHARED_DIR


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Path of a not-yet-created warehouse file in a temp dir."""
    return tmp_path / "warehouse" / "incidents.duckdb"
