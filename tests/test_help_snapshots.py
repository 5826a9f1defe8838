"""Every command's --help, pinned at 80 columns (as commitizen pins its help): paragraphs
wrapped once, examples whole, no `<bool>` beside a flag, no word or URL split.

A help text changed on purpose? Regenerate the snapshots and review the diff:

    GENAI_DESIGN_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/test_help_snapshots.py
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import typer

from genai_design_cli.cli import app

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = os.environ.get("GENAI_DESIGN_UPDATE_SNAPSHOTS") == "1"
WIDTH = 80


def command_paths() -> list[list[str]]:
    paths: list[list[str]] = []

    def walk(command, path):
        paths.append(path)
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            if not getattr(sub, "hidden", False):
                walk(sub, [*path, name])

    walk(typer.main.get_command(app), [])
    return paths


PATHS = command_paths()


def snapshot_file(path: list[str]) -> Path:
    return SNAPSHOTS / ("_".join(["genai-design", *path]) + ".txt")


@pytest.fixture
def help_of(runner, monkeypatch):
    monkeypatch.setenv("COLUMNS", str(WIDTH))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "dumb")

    def get(path: list[str]) -> str:
        result = runner.invoke(app, [*path, "--help"])
        assert result.exit_code == 0, result.output
        return "\n".join(line.rstrip() for line in result.output.splitlines()) + "\n"

    return get


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "genai-design")
def test_help_matches_its_snapshot(help_of, path):
    text = help_of(path)
    file = snapshot_file(path)
    if UPDATE or not file.exists():
        SNAPSHOTS.mkdir(exist_ok=True)
        file.write_text(text, encoding="utf-8")
    expected = file.read_text(encoding="utf-8")
    assert text == expected, (
        f"`genai-design {' '.join(path)} --help` changed. If on purpose, regenerate with "
        "GENAI_DESIGN_UPDATE_SNAPSHOTS=1 and review the diff."
    )


def _source_lines(path: list[str]) -> list[str]:
    command = typer.main.get_command(app)
    for name in path:
        command = command.commands[name]
    return [line.strip() for line in (command.help or "").splitlines()]


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "genai-design")
def test_help_fits_80_columns_with_whole_examples_and_no_bool(help_of, path):
    text = help_of(path)
    lines = text.splitlines()
    assert all(len(line) <= WIDTH for line in lines)
    assert "<bool>" not in text
    shown = {line.strip() for line in lines}
    examples = [
        re.sub(r"\[/?\w+\]", "", line)
        for line in _source_lines(path)
        if line.startswith("genai-design ")
    ]
    for example in examples:
        # each example line (a `\`-continued one counts line by line) is on one line
        assert any(s.startswith(example.split("#")[0].strip()) for s in shown), example
    for url in re.findall(r"https?://\S+", " ".join(_source_lines(path))):
        assert url.rstrip(".,)") in text, url  # never split
