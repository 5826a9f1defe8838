"""`genai-design --help/--version` and the `framework` commands, as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from genai_design_cli import __version__
from genai_design_cli.model.framework import STEP_IDS


def test_version(cli):
    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"genai-design {__version__}"


def test_help_lists_every_command_group(cli):
    result = cli("--help")
    assert result.exit_code == 0
    for command in (
        "new",
        "practice",
        "resume",
        "sessions",
        "export",
        "score",
        "progress",
        "cost",
        "latency",
        "capacity",
        "catalog",
        "framework",
        "cases",
    ):
        assert command in result.stdout, command


def test_help_does_not_import_questionary_or_the_framework_models():
    """Startup is a feature: --help loads neither the prompt library nor pydantic models."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "genai_design_cli", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    imported = {line.split("|")[-1].strip() for line in proc.stderr.splitlines() if "|" in line}
    assert "questionary" not in imported
    assert "prompt_toolkit" not in imported
    assert "genai_design_cli.model.framework" not in imported


@pytest.mark.parametrize("columns", ["200", "80", "40"])
def test_show_level_1_is_the_pipeline_in_order_never_splitting_a_step(
    cli, monkeypatch, framework, columns
):
    monkeypatch.setenv("COLUMNS", columns)
    result = cli("framework", "show", "--level", "1")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()[1:]
    assert lines[0].startswith("0. Why GenAI?")
    assert all(len(line) <= int(columns) for line in lines)
    pipeline = " ".join(lines)
    assert pipeline.count("→") == 8
    titles = [f"{s.number}. {s.title}" for s in framework.steps]
    assert [t for t in titles if t in pipeline] == titles  # "Deploy & Monitor" whole
    if columns == "200":
        assert len(lines) == 1


def test_help_paragraphs_are_joined_and_examples_kept():
    from genai_design_cli.cli.help import paragraphs

    doc = """First line.

    A paragraph wrapped
    in the source.

    - an item
      that goes on
    - another

    [bold]Examples[/bold]

      genai-design new \\
          --no-input
    """
    assert paragraphs(doc).split("\n\n") == [
        "First line.",
        "A paragraph wrapped in the source.",
        "- an item that goes on\n- another",
        "[bold]Examples[/bold]",
        "  genai-design new \\\n      --no-input",
    ]


def test_show_level_2_json_has_all_subtopics(cli, framework):
    result = cli("framework", "show", "--level", "2", "--json")
    data = json.loads(result.stdout)
    assert [s["id"] for s in data["steps"]] == list(STEP_IDS)
    assert sum(len(s["subtopics"]) for s in data["steps"]) == sum(
        len(s.subtopics) for s in framework.steps
    )
    assert sum(s["minutes"] for s in data["steps"]) == 45


def test_show_level_3_one_step(cli):
    result = cli("framework", "show", "--level", "3", "--step", "inference-infra")
    assert result.exit_code == 0, result.output
    text = result.stdout
    for phrase in ("PagedAttention", "vLLM", "continuous batching", "H100"):
        assert phrase.lower() in text.lower(), phrase
    assert "Guardrails" not in text  # only the step asked for


def test_show_step_by_number(cli):
    data = json.loads(cli("framework", "show", "--step", "5", "--level", "3", "--json").stdout)
    assert [s["id"] for s in data["steps"]] == ["inference-infra"]
    assert all(t["point"] for t in data["steps"][0]["subtopics"])


def test_show_unknown_step_lists_the_steps(cli):
    result = cli("framework", "show", "--step", "10")
    assert result.exit_code == 2
    assert "no step '10'" in result.output and "inference-infra" in result.output


def test_show_unknown_framework_suggests(cli):
    result = cli("framework", "show", "genai-sytem-design")
    assert result.exit_code == 2
    assert "Did you mean: genai-system-design" in result.output


def test_validate_builtin(cli):
    from genai_design_cli.io.paths import builtin_frameworks_dir

    path = builtin_frameworks_dir() / "genai-system-design.toml"
    result = cli("framework", "validate", str(path))
    assert result.exit_code == 0, result.output
    assert "valid framework" in result.stdout


def test_validate_toml_typo_names_the_line(cli, tmp_path):
    bad = tmp_path / "typo.toml"
    bad.write_text('schema_version = 1\nid = "x"\ntitle = "X\n')
    result = cli("framework", "validate", str(bad))
    assert result.exit_code == 2
    assert f"{bad}:3:" in result.output.replace("\n", "")
    assert "Traceback" not in result.output


def test_validate_bad_kind_names_the_path_and_the_allowed_kinds(cli, tmp_path):
    from genai_design_cli.io.paths import builtin_frameworks_dir

    text = (builtin_frameworks_dir() / "genai-system-design.toml").read_text()
    assert 'kind = "number"' in text
    bad = tmp_path / "slider.toml"
    bad.write_text(text.replace('kind = "number"', 'kind = "slider"', 1))
    result = cli("framework", "validate", str(bad), "--json")
    assert result.exit_code == 2
    problems = json.loads(result.stdout)["problems"]
    kinds = [p for p in problems if p["where"].endswith(".kind")]
    assert kinds, problems
    assert "steps[" in kinds[0]["where"] and ".questions[" in kinds[0]["where"]
    for kind in ("text", "multiline", "select", "checkbox", "number", "confirm"):
        assert f"'{kind}'" in kinds[0]["message"]


def test_validate_missing_file(cli, tmp_path):
    result = cli("framework", "validate", str(tmp_path / "nope.toml"))
    assert result.exit_code == 2
    assert "no such file" in result.output


def test_list_includes_user_frameworks(cli, genai_home):
    from genai_design_cli.io.paths import builtin_frameworks_dir

    mine = genai_home / "frameworks"
    mine.mkdir()
    text = (builtin_frameworks_dir() / "genai-system-design.toml").read_text()
    (mine / "my-design.toml").write_text(
        text.replace('id = "genai-system-design"', 'id = "my-design"', 1)
    )
    (mine / "broken.toml").write_text("this is not toml = =")
    data = json.loads(cli("framework", "list", "--json").stdout)
    by_id = {f["id"]: f for f in data["frameworks"]}
    assert by_id["genai-system-design"]["origin"] == "built-in"
    assert by_id["my-design"]["origin"] == "user" and by_id["my-design"]["valid"]
    assert by_id["broken"]["valid"] is False
    # and the user's framework can be shown by id
    assert cli("framework", "show", "my-design", "--level", "1").exit_code == 0


def test_schema_is_json_schema_with_conditions(cli):
    result = cli("framework", "schema")
    schema = json.loads(result.stdout)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert "Condition" in schema["$defs"]
    kinds = schema["$defs"]["Question"]["properties"]["kind"]["enum"]
    assert set(kinds) == {"text", "multiline", "select", "checkbox", "number", "confirm"}
    assert schema["$defs"]["Question"]["additionalProperties"] is False


def _all_command_paths():
    import typer.main

    from genai_design_cli.cli import app

    def walk(command, path):
        yield path
        for name, sub in getattr(command, "commands", {}).items():
            yield from walk(sub, [*path, name])

    return [p for p in walk(typer.main.get_command(app), []) if p]


def test_every_command_and_group_help_has_a_worked_example(cli):
    paths = _all_command_paths()
    assert ["cost"] in paths and ["sessions", "rm"] in paths
    for path in paths:
        result = cli(*path, "--help")
        assert result.exit_code == 0, path
        assert "Example" in result.stdout, f"genai-design {' '.join(path)} --help has no example"
