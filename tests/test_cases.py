"""Practice cases: every shipped file valid and realistic, the loader's errors, the commands."""

from __future__ import annotations

import json
import random

import pytest

from genai_design_cli.coach import evaluate as coach
from genai_design_cli.errors import UserError
from genai_design_cli.io import paths
from genai_design_cli.model.case import (
    CaseError,
    list_cases,
    load_case,
    load_case_file,
    parse_case_text,
)
from genai_design_cli.model.framework import STEP_IDS

SHIPPED = sorted(paths.builtin_cases_dir().glob("*.toml"))
REQUIRED_IDS = {
    "support-bot",
    "code-assistant",
    "doc-search",
    "content-moderation",
    "meeting-summariser",
    "text-to-sql",
    "voice-ordering",
    "medical-notes",
}

MINIMAL = """\
schema_version = 1
id = "tiny"
title = "Tiny case"
prompt = "Design a thing."

[numbers]
qps = 5

[[points]]
id = "one"
step = "guardrails"
text = "Say a thing."
keywords = ["thing"]
"""


def test_at_least_eight_cases_ship_including_the_required_ones():
    assert len(SHIPPED) >= 8
    assert {p.stem for p in SHIPPED} >= REQUIRED_IDS


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_every_shipped_case_is_valid_and_complete(path):
    case = load_case_file(path)
    assert case.id == path.stem
    numbers = case.variables()
    for name in ("users", "qps", "qps_peak", "qps_6mo", "budget_per_query", "data_residency"):
        assert name in numbers, f"{case.id} lacks {name}"
    assert "p95_slo_ms" in numbers or "ttft_slo_ms" in numbers, f"{case.id} has no SLO"
    # the case is the truth: its constraints are machine-readable, average below peak
    constraints = case.constraints
    assert constraints.data_residency and constraints.qps and constraints.qps_peak
    assert constraints.qps < constraints.qps_peak <= numbers["qps_6mo"]
    if "queries_per_month" in numbers:  # the monthly volume is the average, not the peak
        average = numbers["queries_per_month"] / (30 * 24 * 3600)
        assert 0.5 < average / numbers["qps"] < 2, case.id
    assert len(case.ask) >= 3
    assert len(case.points) >= 6
    assert len({p.step for p in case.points}) >= 4  # points spread over the interview
    for point in case.points:
        assert point.step in STEP_IDS
        for keyword in point.keywords:
            assert coach.keyword_pattern(keyword) is not None


def test_case_numbers_match_their_story():
    medical = load_case("medical-notes")
    assert medical.variables()["data_may_leave"] is False
    assert medical.constraint_variables()["case.data_residency"] == "may-not-leave"
    assert medical.constraints.slo_measures == "full-response"
    assert load_case("code-assistant").variables()["data_may_leave"] is False
    moderation = load_case("content-moderation")
    assert moderation.variables()["budget_per_query"] < 0.001  # a classifier-scale budget
    assert moderation.constraints.output_kind == "label"
    assert "output_kind" not in moderation.variables()  # the truth, not a pre-filled answer
    bot = load_case("support-bot")
    assert bot.variables()["budget_per_query"] == 0.004
    assert {"refund", "cancel-order"} <= set(bot.constraint_variables()["case.forbidden_actions"])
    assert load_case("voice-ordering").constraints.slo_measures == "first-token"


def test_the_content_moderation_cost_point_follows_its_own_token_counts():
    """300 tokens in and 20 out on gpt-4o ($2.50 and $10 per 1M tokens) is $0.00095 a post;
    1.5B posts a month is about $1.4M, not $15M."""
    from genai_design_cli.calc.catalog import Catalog

    case = load_case("content-moderation")
    numbers = case.variables()
    prices = Catalog.default().prices("gpt-4o")
    per_post = (
        numbers["input_tokens"] * prices.input + numbers["output_tokens"] * prices.output
    ) / 1e6
    monthly = per_post * numbers["queries_per_month"]
    assert 1.3e6 < monthly < 1.5e6
    point = next(p for p in case.points if p.id == "cost-math")
    assert "$1.4M" in point.text and "$15M" not in point.text


def test_cases_declare_forbidden_actions_the_framework_recognises(framework):
    actions = {s.id for s in framework.signals if s.kind == "action"}
    for case in list_cases():
        assert set(case.constraints.forbidden_actions) <= actions, case.id


CONSTRAINTS_BROKEN = [
    ('data_residency = "region"', "needs data_region"),
    ('slo_measures = "both"\nttft_slo_ms = 800', "needs p95_slo_ms"),
    ("qps = 10\nqps_peak = 5", "below the average"),
    ('data_residency = "maybe"', "data_residency"),
]


@pytest.mark.parametrize(("table", "says"), CONSTRAINTS_BROKEN)
def test_inconsistent_constraints_are_refused(table, says):
    text = MINIMAL.replace("[numbers]\nqps = 5\n", "[constraints]\n" + table + "\n")
    with pytest.raises(CaseError) as info:
        parse_case_text(text, "tiny.toml")
    assert says in info.value.format_message()


def test_numbers_and_constraints_may_not_disagree():
    text = MINIMAL + "\n[constraints]\nqps = 6\n"
    with pytest.raises(CaseError) as info:
        parse_case_text(text, "tiny.toml")
    assert "disagree on qps" in info.value.format_message()


def test_case_points_are_found_in_a_strong_answer():
    # the keywords must be reachable by what a candidate would really say
    case = load_case("medical-notes")
    answer = [
        "Self-hosted Llama 3.1 70B on two H100s with tensor parallel; clinicians review and "
        "sign each draft; we check medications against the EHR problem list."
    ]
    hit = {p.id for p in case.points if coach.matching_keyword(answer, p.keywords)}
    assert {"on-prem-open-model", "gpu-sizing", "clinician-review", "ehr-context"} <= hit
    assert "audit-and-phi" not in hit


def test_load_case_random_is_one_of_them_and_seedable():
    ids = {c.id for c in list_cases()}
    first = load_case("random", rng=random.Random(7)).id
    assert first in ids
    assert load_case("random", rng=random.Random(7)).id == first
    seen = {load_case("random", rng=random.Random(seed)).id for seed in range(40)}
    assert len(seen) > 3


def test_unknown_case_names_near_matches():
    with pytest.raises(UserError) as info:
        load_case("suport-bot")
    message = info.value.format_message()
    assert "unknown case 'suport-bot'" in message
    assert "Did you mean: support-bot" in message


def test_user_cases_extend_and_override_shipped_ones(genai_home):
    folder = genai_home / "cases"
    folder.mkdir()
    (folder / "tiny.toml").write_text(MINIMAL)
    (folder / "support-bot.toml").write_text(
        MINIMAL.replace('id = "tiny"', 'id = "support-bot"').replace("Tiny case", "My own bot")
    )
    ids = [c.id for c in list_cases()]
    assert "tiny" in ids
    assert load_case("support-bot").title == "My own bot"
    assert load_case("tiny").variables() == {"qps": 5}


BROKEN = [
    # (file text, where the error is reported, what it says)
    (MINIMAL.replace('title = "Tiny case"', 'title = "Tiny case'), "tiny.toml:3:", "TOML syntax"),
    (MINIMAL.replace("qps = 5", "qsp = 5"), "numbers.qsp", "unknown key"),
    (MINIMAL.replace('step = "guardrails"', 'step = "guardrail"'), "points[0]", "not a step"),
    (MINIMAL.replace("qps = 5", "qps = -5"), "numbers.qps", "greater than 0"),
    (MINIMAL.replace('prompt = "Design a thing."\n', ""), "prompt", "required"),
    (MINIMAL.replace('keywords = ["thing"]', "keywords = []"), "points[0].keywords", "at least 1"),
    (MINIMAL.replace('id = "tiny"', 'id = "other"'), "tiny.toml: id", "file is named tiny.toml"),
]


@pytest.mark.parametrize(("text", "where", "says"), BROKEN)
def test_broken_case_files_give_located_errors(tmp_path, text, where, says):
    path = tmp_path / "tiny.toml"
    path.write_text(text)
    with pytest.raises(CaseError) as info:
        load_case_file(path)
    message = info.value.format_message()
    assert where in message
    assert says in message


def test_parse_case_text_without_a_file():
    assert parse_case_text(MINIMAL).points[0].keywords == ["thing"]


def test_cases_list_command(cli, genai_home):
    result = cli("cases", "list")
    assert result.exit_code == 0
    for case_id in REQUIRED_IDS:
        assert case_id in result.stdout
    data = json.loads(cli("cases", "list", "--json").stdout)
    assert {c["id"] for c in data["cases"]} >= REQUIRED_IDS
    bot = next(c for c in data["cases"] if c["id"] == "support-bot")
    assert (bot["numbers"]["qps"], bot["numbers"]["qps_peak"]) == (15, 40)


def test_cases_list_names_an_invalid_user_file_but_lists_the_rest(cli, genai_home):
    folder = genai_home / "cases"
    folder.mkdir()
    (folder / "bad.toml").write_text("id = ")
    result = cli("cases", "list")
    assert result.exit_code == 0
    assert "bad.toml" in result.stderr
    assert "support-bot" in result.stdout


def test_cases_show_hides_the_strong_points_unless_asked(cli):
    case = load_case("support-bot")
    result = cli("cases", "show", "support-bot")
    assert result.exit_code == 0
    out = result.stdout
    assert "online store" in out
    assert "QPS (peak)" in out and "QPS (average)" in out
    assert "How fast must the assistant answer?" in out
    assert case.points[0].text[:40] not in out
    assert "--spoilers" in out
    spoiled = cli("cases", "show", "support-bot", "--spoilers").stdout
    assert case.points[0].text[:40] in spoiled


def test_cases_show_json(cli):
    data = json.loads(cli("cases", "show", "medical-notes", "--json").stdout)
    assert data["id"] == "medical-notes"
    assert data["numbers"]["data_may_leave"] is False
    assert "points" not in data and data["points_hidden"] >= 6
    assert data["ask"][0]["question"]
    spoiled = json.loads(cli("cases", "show", "medical-notes", "--json", "--spoilers").stdout)
    assert spoiled["points"][0]["keywords"]


def test_cases_show_unknown_exits_2(cli):
    result = cli("cases", "show", "medical")
    assert result.exit_code == 2
    assert "medical-notes" in result.output
    assert "Traceback" not in result.output


# --- the three cases added with machine-readable constraints: the coach holds designs to them --

HELPDESK_FLAWED = {
    "requirements": {"qps": 0.1, "qps-peak": 1, "data-residency": "region", "data-region": "EU"},
    "architecture": {
        "architecture": ["agents"],
        "agent-need": "Multi-step: verify the employee, look the account up in Entra ID, then act.",
        "notes": "To close more tickets the agent also grants admin rights for a day when a "
        "developer asks, and resets MFA when someone has a new phone, after a push approval.",
    },
    "model-selection": {"model": "gpt-4o-mini", "model-hosting": "api"},
}


def _fired(framework, answers, case_id):
    from genai_design_cli.model.session import Session

    report = coach.evaluate(framework, Session(answers=answers), load_case(case_id))
    return {c.id: c.message for c in report.checks}


def test_the_helpdesk_agent_may_not_take_the_actions_security_forbids(framework):
    fired = _fired(framework, HELPDESK_FLAWED, "it-helpdesk-agent")
    assert "forbidden-action" in fired
    assert "grants admin rights" in fired["forbidden-action"]
    assert "disables or resets MFA" in fired["forbidden-action"]
    careful = {
        **HELPDESK_FLAWED,
        "architecture": HELPDESK_FLAWED["architecture"]
        | {
            "notes": "It resets passwords and unlocks accounts after a push approval; it never "
            "grants admin rights, deletes accounts or touches MFA: those go to the service desk."
        },
    }
    assert "forbidden-action" not in _fired(framework, careful, "it-helpdesk-agent")


def test_an_insurer_that_auto_approves_small_claims_is_stopped(framework):
    answers = {
        "architecture": {
            "architecture": ["api"],
            "notes": "A vision model reads the 10 photos and the estimate; for claims under "
            "EUR 500 the system automatically approves the claim and triggers the payment.",
        },
        "model-selection": {"model": "gpt-4o", "model-hosting": "api"},
    }
    fired = _fired(framework, answers, "insurance-claims")
    assert "forbidden-action" in fired and "approves or pays claims" in fired["forbidden-action"]
    # the data must stay in the EU: a hosted API is fine, but the region must be named
    assert "region-not-honoured" in fired


def test_the_listing_writer_prices_its_pilot_out_of_the_budget(framework):
    pilot = {
        "requirements": {"qps": 23, "queries-per-month": 60_000_000, "input-tokens": 3000},
        "model-selection": {"model": "gpt-4o", "model-hosting": "api"},
    }
    fired = _fired(framework, pilot, "listing-writer")
    # $0.01 a listing against $0.0005: twenty times over, a design that cannot work
    assert "budget-far-below-cost" in fired
