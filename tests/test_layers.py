"""The layers contract (pyproject.toml [tool.importlinter]): core < gazetteer < warehouse < stages < flows,
evaluation < incidents. An import against the layers, even one inside a function, fails this test."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


def test_import_layers_contract_is_kept() -> None:
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    assert exe, "lint-imports (import-linter, a test dependency) is not installed"
    done = subprocess.run([exe, "--no-cache"], cwd=REPO_ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "1 kept, 0 broken" in done.stdout
