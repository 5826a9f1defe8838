"""The code stays `ruff check` and `ruff format` clean (ruff comes with the test extras)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _ruff(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args, "src", "tests", "benchmarks"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_ruff_check_is_clean():
    proc = _ruff("check", "--quiet")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_ruff_format_is_clean():
    proc = _ruff("format", "--check", "--quiet")
    assert proc.returncode == 0, "run `ruff format src tests benchmarks`:\n" + proc.stdout
