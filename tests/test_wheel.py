"""The wheel ships whole: built, installed into a fresh virtual environment, and run from a
folder that is not the repository, it shows the built-in framework and finds the cases."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest
from fixtures import STEP_TITLES

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_installs_and_shows_the_framework(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(REPO)],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("genai_design-*.whl")

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    subprocess.run(
        [str(py), "-m", "pip", "install", "-q", "--no-deps", str(wheel)],
        check=True,
        capture_output=True,
    )
    # Dependencies come from this test's environment (no network needed); only its plain
    # site-packages is added, so the editable install of the repository is not seen.
    site = subprocess.run(
        [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(site, "deps-from-test-env.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    outside = tmp_path / "elsewhere"
    outside.mkdir()
    env = {**os.environ, "GENAI_DESIGN_HOME": str(tmp_path / "home"), "NO_COLOR": "1"}
    exe = env_dir / "bin" / "genai-design"

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(exe), *args], cwd=outside, env=env, capture_output=True, text=True, timeout=60
        )

    where = subprocess.run(
        [str(py), "-c", "import genai_design_cli; print(genai_design_cli.__file__)"],
        cwd=outside,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert str(env_dir) in where, f"imported from the wrong place: {where}"

    version = run("--version")
    assert version.returncode == 0 and "genai-design" in version.stdout

    level1 = run("framework", "show", "--level", "1")
    assert level1.returncode == 0, level1.stderr
    pipeline = level1.stdout
    titles = STEP_TITLES
    positions = [pipeline.find(t) for t in titles]
    assert all(p >= 0 for p in positions), pipeline
    assert positions == sorted(positions), "steps out of order"

    level3 = run("framework", "show", "--level", "3", "--step", "inference-infra")
    assert level3.returncode == 0, level3.stderr
    assert "PagedAttention" in level3.stdout

    cases = run("cases", "list", "--json")
    assert cases.returncode == 0, cases.stderr
    assert '"id"' in cases.stdout
