"""Shared fixtures: every test runs with GENAI_DESIGN_HOME in a temporary folder, so no test
touches the real home; help and error output is pinned to a plain 80-column terminal."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def genai_home(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("genai-home")
    monkeypatch.setenv("GENAI_DESIGN_HOME", str(home))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("TERM", "dumb")
    return home


@pytest.fixture
def runner():
    from typer.testing import CliRunner

    return CliRunner()


@pytest.fixture
def cli(runner):
    """Invoke `genai-design ARGS...` in-process; returns click's Result."""
    from genai_design_cli.cli import app

    def invoke(*args: str, input: str | None = None):
        return runner.invoke(app, list(args), input=input)

    return invoke


@pytest.fixture(scope="session")
def framework():
    """The built-in framework, loaded once."""
    from genai_design_cli.model.framework import load_framework

    return load_framework()
