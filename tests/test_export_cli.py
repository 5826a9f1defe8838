"""The `export` command: where the text goes, each format, overwriting, bad references."""

from __future__ import annotations

import json

import pytest
from export_fixtures import FRAMEWORK_TOML, RAG_ANSWERS, make_session

from genai_design_cli.io.store import SessionStore
from genai_design_cli.model.session import session_from_toml, session_to_toml


@pytest.fixture
def saved(genai_home):
    """A session saved in the store, naming a user framework `mini` under GENAI_DESIGN_HOME."""
    (genai_home / "frameworks").mkdir()
    (genai_home / "frameworks" / "mini.toml").write_text(FRAMEWORK_TOML, encoding="utf-8")
    session = make_session(
        RAG_ANSWERS, steps={"architecture": {"status": "done", "deep_dive": True}}
    )
    path = SessionStore().save(session)
    return session.id, path


def test_export_prints_the_markdown_doc_to_stdout(cli, saved):
    session_id, _ = saved
    result = cli("export", session_id)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Support bot for an online store\n")
    assert (
        "\n## Decisions\n" in result.stdout and "\n## Risks and open questions\n" in result.stdout
    )
    assert "```mermaid\nflowchart TD" in result.stdout


def test_export_accepts_a_unique_prefix_and_a_file_path(cli, saved, tmp_path):
    session_id, path = saved
    by_prefix = cli("export", session_id[:12])
    assert by_prefix.exit_code == 0, by_prefix.output
    by_path = cli("export", str(path))
    assert by_path.stdout == by_prefix.stdout


def test_export_writes_out_and_never_overwrites_without_force(cli, saved, tmp_path):
    session_id, _ = saved
    out = tmp_path / "docs" / "design.md"
    first = cli("export", session_id, "--out", str(out))
    assert first.exit_code == 0, first.output
    assert first.stdout == ""
    assert out.read_text(encoding="utf-8").startswith("# Support bot")

    out.write_text("my edits", encoding="utf-8")
    refused = cli("export", session_id, "--out", str(out))
    assert refused.exit_code == 1
    assert "already exists" in refused.output and "--force" in refused.output
    assert out.read_text(encoding="utf-8") == "my edits"

    forced = cli("export", session_id, "--out", str(out), "--force")
    assert forced.exit_code == 0, forced.output
    assert out.read_text(encoding="utf-8").startswith("# Support bot")


def test_export_html_is_a_standalone_page_with_mermaid_inlined(cli, saved):
    result = cli("export", saved[0], "--format", "html")
    assert result.exit_code == 0, result.output
    page = result.stdout
    assert page.startswith("<!DOCTYPE html>")
    assert '<pre class="mermaid">' in page
    assert page.count("<script>") == 2 and "Mermaid 11.17.2" in page
    assert "https://" not in page.split("<main>")[0] and "<script src" not in page
    assert page.rstrip().endswith("</html>")


def test_export_json_is_the_session_with_results_and_coach_report(cli, saved):
    result = cli("export", saved[0], "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["session"]["id"] == saved[0]
    assert data["answers"]["requirements"]["qps"] == 50
    assert data["steps"]["architecture"]["deep_dive"] is True
    assert "results" in data
    assert set(data["coach"]["steps"]) >= {"why-genai", "architecture"}
    assert "total" in data["coach"]


def test_export_toml_is_a_reusable_answers_file(cli, saved, tmp_path):
    result = cli("export", saved[0], "--format", "toml")
    assert result.exit_code == 0, result.output
    again = session_from_toml(result.stdout, "export.toml")
    assert again.answers == RAG_ANSWERS
    assert again.session.id == saved[0]
    assert again.results == {} and again.feedback == {}
    # and it exports to the same document as the original session
    answers_file = tmp_path / "answers.toml"
    answers_file.write_text(result.stdout, encoding="utf-8")
    assert cli("export", str(answers_file)).stdout == cli("export", saved[0]).stdout


def test_export_post_style(cli, saved):
    result = cli("export", saved[0], "--style", "post")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        '---\ntitle: "Support bot for an online store"\ndate: 2026-11-26\n'
    )


def test_export_post_style_as_html_drops_the_front_matter(cli, saved):
    result = cli("export", saved[0], "--style", "post", "--format", "html")
    assert result.exit_code == 0, result.output
    assert "title: " not in result.stdout
    assert "<h2>The problem</h2>" in result.stdout


def test_export_unknown_session_exits_2_with_a_hint(cli, saved):
    result = cli("export", "no-such-session")
    assert result.exit_code == 2
    assert "no session 'no-such-session'" in result.output
    assert "genai-design sessions list" in result.output


def test_export_bad_format_exits_2(cli, saved):
    result = cli("export", saved[0], "--format", "pdf")
    assert result.exit_code == 2
    assert "pdf" in result.output


def test_export_framework_override(cli, saved, tmp_path):
    other = tmp_path / "renamed.toml"
    other.write_text(FRAMEWORK_TOML.replace('title = "Mini Framework"', 'title = "Other"'))
    result = cli("export", saved[0], "--framework", str(other))
    assert result.exit_code == 0, result.output
    assert "_Other 0.1.0 · design doc" in result.stdout


def test_export_unknown_framework_exits_2(cli, genai_home, tmp_path):
    answers = tmp_path / "answers.toml"
    answers.write_text(session_to_toml(make_session(RAG_ANSWERS, framework="nope")))
    result = cli("export", str(answers))
    assert result.exit_code == 2
    assert "unknown framework 'nope'" in result.output


def test_export_help_has_examples(cli):
    result = cli("export", "--help")
    assert result.exit_code == 0
    assert "genai-design export" in result.output and "--force" in result.output


def test_export_a_bare_answers_file_with_the_builtin_framework(cli, tmp_path):
    answers = tmp_path / "answers.toml"
    answers.write_text(
        '[answers.requirements]\nqps = "2.5k"\ninput-tokens = 1000\noutput-tokens = 200\n'
        '[answers.architecture]\narchitecture = ["agents"]\ncomponents = ["tools"]\n'
        '[answers.model-selection]\nmodel = "gpt-4o"\n',
        encoding="utf-8",
    )
    result = cli("export", str(answers))
    assert result.exit_code == 0, result.output
    doc = result.stdout
    assert doc.startswith("# GenAI System Design\n")
    assert "| Average traffic | 2.5k queries/s |" in doc
    assert "| Queries per month | 6.48B (the average traffic over a 30-day month) |" in doc
    assert 'llm -->|"tool call"| tools' in doc
    assert "- **Not answered yet:** Why GenAI?, Data Strategy" in doc


def test_export_notes_a_framework_version_change(cli, saved, genai_home):
    (genai_home / "frameworks" / "mini.toml").write_text(
        FRAMEWORK_TOML.replace('version = "0.1.0"', 'version = "0.2.0"'), encoding="utf-8"
    )
    session = make_session(RAG_ANSWERS, framework_version="0.1.0")
    SessionStore().save(session)
    result = cli("export", session.id)
    assert result.exit_code == 0, result.output
    assert "answered with mini 0.1.0; exporting with 0.2.0" in result.stderr
    assert result.stdout.startswith("# Support bot")


def test_out_to_an_unwritable_place_is_a_clear_error(cli, tmp_path):
    from pathlib import Path

    answers = Path(__file__).resolve().parents[1] / "examples" / "rag-support-assistant.toml"
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = cli("export", str(answers), "--out", str(blocker / "design.md"))
    assert result.exit_code == 2
    assert "cannot write" in result.output and "Traceback" not in result.output


def test_exported_files_get_normal_permissions(cli, tmp_path):
    import os
    from pathlib import Path

    answers = Path(__file__).resolve().parents[1] / "examples" / "rag-support-assistant.toml"
    out = tmp_path / "design.md"
    assert cli("export", str(answers), "--out", str(out)).exit_code == 0
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask  # teammates can read the doc


def test_score_and_export_refuse_an_answers_file_with_invalid_values(cli, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[answers.requirements]\nqps = "abc"\n'
        '[answers.architecture]\narchitecture = ["blockchain"]\n'
    )
    for args in (("score", str(bad)), ("export", str(bad), "--out", str(tmp_path / "z.md"))):
        result = cli(*args)
        assert result.exit_code == 2, result.output
        assert "answers.requirements.qps: 'abc' is not a number" in result.output
        assert "answers.architecture.architecture: 'blockchain' is not an option" in result.output
    assert not (tmp_path / "z.md").exists()


def test_a_broken_user_catalog_fails_export_like_cost(cli, saved, genai_home):
    """A typo in $GENAI_DESIGN_HOME/catalog.toml is the user's to fix: export exits 2 naming
    the file, as `cost` does, instead of writing a doc whose Cost section silently vanished."""
    session_id, _ = saved
    (genai_home / "catalog.toml").write_text("[models.gpt-4o.price\ninput = 2.5\n")
    exported = cli("export", session_id)
    assert exported.exit_code == 2, exported.output
    assert "catalog.toml" in exported.output and "Traceback" not in exported.output
    cost = cli("cost", "--qps", "1", "--model", "gpt-4o")
    assert cost.exit_code == 2
    assert "catalog.toml" in cost.output


def test_a_bad_price_in_the_user_catalog_fails_export_with_its_entry(cli, saved, genai_home):
    session_id, _ = saved
    (genai_home / "catalog.toml").write_text('[models.gpt-4o-mini.price]\ninput = "cheap"\n')
    exported = cli("export", session_id)
    assert exported.exit_code == 2, exported.output
    assert "gpt-4o-mini" in exported.output and "input" in exported.output


def test_export_says_why_an_estimate_is_missing(cli, saved, genai_home):
    session = make_session({"requirements": {"qps": 5}})
    path = genai_home / "bare.toml"
    path.write_text(session_to_toml(session), encoding="utf-8")
    result = cli("export", str(path))
    assert result.exit_code == 0, result.output
    assert "Not estimated:" in result.stdout
    assert "- Cost: needs a model." in result.stdout


def test_scores_appear_only_with_feedback_for_a_design_doc(cli, saved):
    session_id, _ = saved
    plain = cli("export", session_id).stdout
    assert "Coach feedback" not in plain and "/100" not in plain and "Hints" not in plain
    with_feedback = cli("export", session_id, "--feedback").stdout
    assert "## Coach feedback" in with_feedback and "**Total:" in with_feedback


def test_a_practice_export_has_its_feedback_unless_told_not_to(cli, genai_home, tmp_path):
    path = tmp_path / "practice.toml"
    path.write_text(
        session_to_toml(make_session(RAG_ANSWERS, framework="genai-system-design", mode="practice"))
    )
    assert "## Coach feedback" in cli("export", str(path)).stdout
    assert "## Coach feedback" not in cli("export", str(path), "--no-feedback").stdout


def test_an_answers_file_with_only_qps_claims_no_model_hosting_or_residency(cli, tmp_path):
    """`new --answers` fills the framework's defaults without asking; the doc lists them as
    assumed, never as decisions (the model, the hosting)."""
    answers = tmp_path / "answers.toml"
    answers.write_text("[answers.requirements]\nqps = 1\n", encoding="utf-8")
    out = tmp_path / "design.md"
    result = cli("new", "--answers", str(answers), "--no-input", "--title", "Q", "--out", str(out))
    assert result.exit_code == 0, result.output
    doc = out.read_text(encoding="utf-8")
    decided, assumed = doc.split("\n## Assumed, not decided\n", 1)
    assumed = assumed.split("\n## ", 1)[0]
    assert "| Average traffic | 1 query/s |" in decided
    for claim in ("gpt-4o", "Hosted API", "may leave", "Data may leave"):
        assert claim not in decided, claim
    assert "- **Model** (Model Selection): gpt-4o (OpenAI API)" in assumed
    assert "- **Hosting** (Model Selection): Hosted API (pay per token)" in assumed


def test_why_an_estimate_is_missing_reads_as_words_not_variable_names(cli, saved, genai_home):
    session = make_session({"why-genai": {"notes": "An LLM writes the replies."}})
    path = genai_home / "early.toml"
    path.write_text(session_to_toml(session), encoding="utf-8")
    result = cli("export", str(path))
    assert result.exit_code == 0, result.output
    assert "- Cost: needs the traffic (queries per second, or per month)." in result.stdout
    assert "queries\\_per\\_month" not in result.stdout and "qps" not in result.stdout
