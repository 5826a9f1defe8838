"""`score`, `progress`, `show_feedback` and the practice history, through the CLI."""

from __future__ import annotations

import json
from datetime import datetime, timezone

from genai_design_cli.coach import progress
from genai_design_cli.io import history
from genai_design_cli.io.store import SessionStore
from genai_design_cli.model.case import load_case
from genai_design_cli.model.framework import STEP_IDS
from genai_design_cli.model.session import Session, SessionMeta, StepState
from genai_design_cli.tui import coach_views

PRIVATE_BUT_HOSTED = """\
[answers.why-genai]
output-kind = "open-ended"
notes = "Open-ended answers; a classifier cannot write them. About $0.01/query."

[answers.requirements]
qps = 40
p95-slo-ms = 3000
streaming = true
input-tokens = 2500
output-tokens = 250
budget-per-query = 0.02
data-may-leave = false

[answers.architecture]
architecture = ["rag"]
notes = "RAG over the help centre; system diagram: widget -> gateway -> retriever -> LLM."

[answers.model-selection]
model = "gpt-4o"
model-hosting = "api"

[answers.guardrails]
fallback = "human-escalation"
"""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_score_json_structure_for_an_answers_file(cli, tmp_path):
    path = write(tmp_path, "answers.toml", PRIVATE_BUT_HOSTED)
    result = cli("score", str(path), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data["steps"]) == list(STEP_IDS)
    arch = data["steps"]["architecture"]
    assert arch["covered"] == ["api-vs-rag-vs-fine-tune-vs-agents", "system-diagram"]
    assert arch["missed"] == []
    assert arch["score"] == 100.0
    infra = data["steps"]["inference-infra"]
    assert infra["score"] == 0.0
    # a hosted API: no GPU serving to discuss, but rate limits, data terms and a fallback
    assert "serving-framework" in infra["not_applicable"]
    assert "provider-rate-limits" in infra["missed"]
    assert isinstance(data["total"], float) and 0 < data["total"] < 100
    privacy = [c for c in data["checks"] if c["id"] == "privacy-vs-hosted-api"]
    assert privacy and privacy[0]["step"] == "model-selection"
    assert privacy[0]["severity"] == "error"
    assert privacy[0]["message"] and privacy[0]["advice"]


def test_score_strict_exits_1_on_an_error_check_and_keeps_stdout_json(cli, tmp_path):
    path = write(tmp_path, "answers.toml", PRIVATE_BUT_HOSTED)
    result = cli("score", str(path), "--json", "--strict")
    assert result.exit_code == 1
    json.loads(result.stdout)
    assert "privacy-vs-hosted-api" in result.stderr
    fixed = write(
        tmp_path,
        "fixed.toml",
        PRIVATE_BUT_HOSTED.replace("data-may-leave = false", "data-may-leave = true"),
    )
    assert cli("score", str(fixed), "--strict").exit_code == 0


def test_score_text_report_names_missed_subtopics_and_checks(cli, tmp_path):
    path = write(tmp_path, "answers.toml", PRIVATE_BUT_HOSTED)
    result = cli("score", str(path))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Coverage per step" in out
    assert "Provider rate limits" in out  # a missed sub-topic, by its title
    assert "privacy-vs-hosted-api" in out
    assert "What to study" in out
    # the debrief order: errors (with the model named) before anything else
    assert out.index("Errors") < out.index("What to study") < out.index("Coverage per step")
    assert "gpt-4o is called through a hosted API" in out
    assert "Traceback" not in result.output


def test_score_with_a_case_reports_case_points(cli, tmp_path):
    path = write(tmp_path, "answers.toml", PRIVATE_BUT_HOSTED)
    data = json.loads(cli("score", str(path), "--case", "support-bot", "--json").stdout)
    assert data["case"] == "support-bot"
    assert "policy-rag" in data["case_points"]["hit"]  # "help centre" in the architecture notes
    assert "deflection-rate" in data["case_points"]["missed"]


def test_score_bad_input_exits_2_without_traceback(cli, tmp_path):
    missing = cli("score", "no-such-session")
    assert missing.exit_code == 2
    assert "no session" in missing.output
    broken = write(tmp_path, "broken.toml", "[answers.why-genai\nnotes = 1\n")
    result = cli("score", str(broken), "--json")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.stdout == ""
    unknown_case = cli(
        "score", str(write(tmp_path, "a.toml", PRIVATE_BUT_HOSTED)), "--case", "suport-bot"
    )
    assert unknown_case.exit_code == 2
    assert "support-bot" in unknown_case.output


def practice_session(**overrides) -> Session:
    """A hand-built practice session, as the interview leaves it: case, clock, a skip."""
    steps = {sid: StepState(status="done", seconds=200) for sid in STEP_IDS}
    steps["requirements"] = StepState(status="done", seconds=400, hints=1)  # 400 s > 5 min * 2/3
    steps["inference-infra"] = StepState(status="skipped")
    meta = SessionMeta(
        id=overrides.pop("id", "20261126-153000-support-bot"),
        mode="practice",
        case="support-bot",
        minutes=30,
        finished=True,
        created=datetime(2026, 11, 26, 15, 30, tzinfo=timezone.utc),
    )
    answers = {
        "why-genai": {"output-kind": "open-ended", "notes": "Generative: open-ended replies."},
        "requirements": {
            "qps": 40,
            "qps-6mo": 120,
            "p95-slo-ms": 3000,
            "streaming": True,
            "data-may-leave": True,
            "budget-per-query": 0.004,
            "input-tokens": 2500,
            "output-tokens": 250,
            # the numbers equal the case's (the defaults offered), so in practice only what the
            # candidate says in their own words earns coverage
            "notes": "p95 under 3 s, streamed; budget per query $0.004; PII may leave "
            "under the DPA; 40 QPS now, 120 QPS in 6 months; size for the Black Friday peak.",
        },
        "architecture": {"architecture": ["rag"]},
        "data-strategy": {
            "eval-dataset": "400 past tickets with agent answers",
            "context-enrichment": "order status from the order service at query time",
        },
        "model-selection": {"model": "gpt-4o-mini", "model-hosting": "api"},
        "guardrails": {"fallback": "human-escalation", "notes": "PII scrubbing of card numbers."},
        "evaluation": {"notes": "deflection rate and CSAT"},
    }
    return Session(session=meta, steps=steps, answers=answers, **overrides)


def test_practice_end_to_end_feedback_history_score_and_progress(
    cli, framework, genai_home, capsys
):
    session = practice_session()
    case = load_case("support-bot")
    report = coach_views.show_feedback(framework, session, case)
    printed = capsys.readouterr().out
    assert "Feedback for 20261126-153000-support-bot (case: support-bot)" in printed
    assert "skipped" in printed and "count as missed in practice" in printed
    assert "Missed case points" in printed
    # time: 30 of 45 minutes, so requirements' 5 minutes become 3:20; 400 s is over
    assert report.steps["requirements"].overtime is True
    assert "6:40 / 3:20 over" in printed
    # skipped, so counted with only what was said elsewhere: the DPA named in requirements
    infra = report.steps["inference-infra"]
    assert infra.counted and infra.covered == ["data-processing-terms"]

    lines = (genai_home / "history.jsonl").read_text().splitlines()
    assert len(lines) == 1
    entry = json.loads(lines[0])
    assert entry["session"] == session.id and entry["case"] == "support-bot"
    # all four requirements covered, each after the step's hint: half credit
    assert report.steps["requirements"].hinted == report.steps["requirements"].covered
    assert entry["steps"]["requirements"] == 50.0
    assert entry["total"] == report.total

    SessionStore().save(session)
    data = json.loads(cli("score", "20261126-1530", "--json").stdout)  # an id prefix
    assert data["session"] == session.id
    assert data["case"] == "support-bot"  # taken from the session
    assert data["steps"]["requirements"]["time"]["overtime"] is True
    assert data["total"] == report.total
    assert len((genai_home / "history.jsonl").read_text().splitlines()) == 1  # score only reads

    progress = cli("progress")
    assert progress.exit_code == 0
    assert "1 run" in progress.stdout and "requirements" in progress.stdout


def test_show_feedback_does_not_record_a_scaffold_session(framework, genai_home, capsys):
    session = practice_session()
    session.session.mode = "scaffold"
    coach_views.show_feedback(framework, session)
    assert not (genai_home / "history.jsonl").exists()


def test_progress_with_no_history_is_friendly(cli):
    result = cli("progress")
    assert result.exit_code == 0
    assert "No practice results yet" in result.stdout
    assert "genai-design practice" in result.stdout
    data = json.loads(cli("progress", "--json").stdout)
    assert data["runs"] == 0 and data["steps"] == {}


def history_lines() -> list[str]:
    def entry(session, date, arch, evaluation, total):
        steps = {"architecture": arch, "evaluation": evaluation}
        return json.dumps(
            {"session": session, "case": "doc-search", "date": date, "steps": steps, "total": total}
        )

    return [
        entry("s1", "2026-11-20T10:00:00+00:00", 0.0, 25.0, 12.5),
        "{not json",
        entry("s2", "2026-11-22T10:00:00+00:00", 50.0, 25.0, 37.5),
        "",
        '"a string, not an entry"',
        entry("s3", "2026-11-24T10:00:00+00:00", 100.0, 50.0, 75.0),
    ]


def test_progress_from_history_shows_sparklines_latest_and_change(cli, genai_home):
    (genai_home / "history.jsonl").write_text("\n".join(history_lines()) + "\n")
    data = json.loads(cli("progress", "--json").stdout)
    assert data["runs"] == 3
    arch = data["steps"]["architecture"]
    assert arch["scores"] == [0.0, 50.0, 100.0]
    assert arch["sparkline"] == "▁▅█"
    assert arch["latest"] == 100.0 and arch["change"] == 50.0
    assert data["steps"]["evaluation"]["change"] == 25.0
    assert data["total"]["scores"] == [12.5, 37.5, 75.0]
    assert data["weakest"][0] == "evaluation"

    text = cli("progress").stdout
    assert "3 runs, 2026-11-20 to 2026-11-24" in text
    assert "▁▅█" in text
    assert "+50" in text


def test_history_keeps_the_latest_result_of_a_session(genai_home):
    path = genai_home / "history.jsonl"
    history.append_history({"session": "a", "date": "2026-11-20", "steps": {"x": 10}, "total": 10})
    history.append_history({"session": "b", "date": "2026-11-21", "steps": {"x": 30}, "total": 30})
    history.append_history({"session": "a", "date": "2026-11-22", "steps": {"x": 60}, "total": 60})
    with open(path, "a") as handle:
        handle.write('{"session": "c", "date": "2026-11-23", "steps"')  # a torn last line
    entries = history.read_history()
    assert [(e["session"], e["total"]) for e in entries] == [("b", 30), ("a", 60)]


def test_sparkline_maps_0_to_100_onto_eight_levels():
    assert progress.sparkline([0, 14.3, 50, 100, 120, -5]) == "▁▂▅██▁"
