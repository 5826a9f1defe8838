"""Output that cannot be written: a full disk, a reader that went away, a terminal that cannot
encode Unicode. A clear line on stderr and an exit code, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

COMMAND = [sys.executable, "-m", "genai_design_cli"]


def run(args, **kwargs):
    env = {**os.environ, **kwargs.pop("env", {})}
    return subprocess.run(COMMAND + args, capture_output=True, text=True, env=env, **kwargs)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")
@pytest.mark.parametrize(
    "args",
    [
        ["cost", "--qps", "100", "--model", "gpt-4o-mini"],
        ["cost", "--qps", "100", "--model", "gpt-4o-mini", "--json"],
        ["framework", "show", "--level", "3"],
    ],
)
def test_a_full_disk_on_stdout_is_a_clear_error(args):
    with open("/dev/full", "w") as full:
        env = {**os.environ}
        result = subprocess.run(COMMAND + args, stdout=full, stderr=subprocess.PIPE, text=True,
                                env=env)  # fmt: skip
    assert result.returncode == 1
    assert "cannot write the output (No space left on device)" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_ascii_only_stdout_gets_replacement_characters_not_a_traceback():
    result = run(["framework", "show", "--level", "1"], env={"PYTHONIOENCODING": "ascii"})
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "0. Why GenAI?" in result.stdout and "8. Deploy & Monitor" in result.stdout


def test_a_reader_that_goes_away_ends_quietly():
    reader = subprocess.Popen(["head", "-c", "10"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    result = subprocess.run(COMMAND + ["framework", "show", "--level", "3"], stdout=reader.stdin,
                            stderr=subprocess.PIPE, text=True)  # fmt: skip
    reader.stdin.close()
    reader.wait()
    assert "Traceback" not in result.stderr
    assert result.returncode in (0, 1)
