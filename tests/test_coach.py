"""The coach's pure core: coverage from statements (negation, substance, lists, repeats),
credit for choices, applicability, scores with caps and deductions, checks with their numbers,
the debrief order, time per step and the Markdown feedback."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest
import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from genai_design_cli.coach import checks as coach_checks
from genai_design_cli.coach import coverage, scoring
from genai_design_cli.coach import evaluate as coach
from genai_design_cli.model.case import load_case
from genai_design_cli.model.framework import STEP_IDS, Framework, parse_framework_text
from genai_design_cli.model.session import Session, SessionMeta, StepState
from genai_design_cli.render import coach_md

# --- a small framework of our own: the coverage rules must not depend on the shipped keywords --

FIXTURE_SUBTOPICS: dict[str, list[tuple[str, list[str]]]] = {
    "why-genai": [("generative-vs-discriminative", ["generative", "classifier"])],
    "requirements": [
        ("latency-slo", ["slo", "p95"]),
        ("privacy-constraints", ["privacy", "pii"]),
    ],
    "architecture": [
        ("api-vs-rag-vs-fine-tune-vs-agents", ["rag", "fine-tune", "agents"]),
        ("system-diagram", ["system diagram", "components"]),
    ],
    "data-strategy": [("eval-dataset", ["eval set", "golden set"])],
    "model-selection": [("foundation-model-choice", ["gpt-4o", "llama"])],
    "inference-infra": [
        ("serving-framework", ["vllm", "tgi", "tensorrt-llm"]),
        ("kv-cache", ["kv cache", "pagedattention"]),
    ],
    "guardrails": [("fallback-behavior", ["fallback", "i don't know"])],
    "evaluation": [("offline-metrics", ["recall@k", "rouge"])],
    "deploy-monitor": [("cost-per-query", ["$/query", "cost per query"])],
}

FIXTURE_QUESTIONS: dict[str, list[dict[str, Any]]] = {
    "requirements": [
        {
            "id": "data-may-leave",
            "kind": "confirm",
            "prompt": "May data leave?",
            "var": "data_may_leave",
            "covers": ["privacy-constraints"],
        },
    ],
    "architecture": [
        {
            "id": "architecture",
            "kind": "checkbox",
            "prompt": "Pattern?",
            "var": "architecture",
            "choices": ["api", "rag", "fine-tune", "agents"],
            "default": ["api"],
            "covers": ["api-vs-rag-vs-fine-tune-vs-agents"],
        }
    ],
    "guardrails": [
        {
            "id": "fallback",
            "kind": "select",
            "prompt": "Fallback?",
            "var": "fallback",
            "choices": ["i-dont-know", "human-escalation", "none"],
            "covers": ["fallback-behavior"],
        }
    ],
    "evaluation": [
        {  # no `covers`: only the chosen options' words can cover offline-metrics
            "id": "metrics",
            "kind": "checkbox",
            "prompt": "Metrics?",
            "choices": [
                {"value": "overlap", "label": "ROUGE (summaries)"},
                {"value": "retrieval", "label": "Recall@k of the retriever"},
                {"value": "thumbs", "label": "Thumbs up/down"},
            ],
        }
    ],
    "model-selection": [
        {"id": "model", "kind": "text", "prompt": "Model?", "var": "model"},
        {
            "id": "model-hosting",
            "kind": "select",
            "prompt": "Hosting?",
            "var": "model_hosting",
            "choices": ["api", "self-hosted"],
        },
    ],
    "inference-infra": [
        {"id": "gpus", "kind": "number", "prompt": "GPUs?", "var": "gpus", "min": 0},
        {
            "id": "cache-share",
            "kind": "number",
            "prompt": "Share of prompts cached?",
            "var": "cache_hit_rate",
            "min": 0,
            "max": 1,
            "covers": ["kv-cache"],
        },
    ],
}

FIXTURE_CHECKS = [
    {
        "id": "privacy-vs-hosted-api",
        "step": "model-selection",
        "severity": "error",
        "when": {
            "all": [
                {"var": "data_may_leave", "eq": False},
                {"var": "model_hosting", "eq": "api"},
            ]
        },
        "message": "Data may not leave, but {model} is a hosted API.",
        "advice": "Self-host.",
    },
    {
        "id": "no-eval-dataset",
        "step": "data-strategy",
        "severity": "warning",
        "when": {"not": {"var": "covered.eval-dataset", "eq": True}},
        "message": "No evaluation dataset is named.",
        "advice": "Build one.",
    },
]


def fixture_framework_data() -> dict[str, Any]:
    steps = []
    for number, step_id in enumerate(STEP_IDS):
        steps.append(
            {
                "id": step_id,
                "number": number,
                "title": step_id.replace("-", " ").title(),
                "summary": "…",
                "minutes": 5,
                "subtopics": [
                    {
                        "id": sub_id,
                        "title": sub_id.replace("-", " ").capitalize(),
                        "point": f"Talk about {sub_id}.",
                        "keywords": keywords,
                        "links": [
                            {"title": f"Deep dive {sub_id}", "url": f"https://x.test/{sub_id}"}
                        ],
                    }
                    for sub_id, keywords in FIXTURE_SUBTOPICS[step_id]
                ],
                "questions": FIXTURE_QUESTIONS.get(step_id, [])
                + [{"id": "notes", "kind": "multiline", "prompt": "Notes"}],
            }
        )
    return {
        "schema_version": 1,
        "id": "fixture",
        "title": "Fixture",
        "version": "0.1",
        "minutes": 45,
        "steps": steps,
        "checks": FIXTURE_CHECKS,
    }


@pytest.fixture(scope="module")
def fixture_fw() -> Framework:
    return parse_framework_text(tomli_w.dumps(fixture_framework_data()), "fixture.toml")


def meta(**fields: Any) -> SessionMeta:
    base = {
        "id": "20261126-153000-test",
        "mode": "practice",
        "created": datetime(2026, 11, 26, 15, 30, tzinfo=timezone.utc),
        "updated": datetime(2026, 11, 26, 16, 15, tzinfo=timezone.utc),
    }
    return SessionMeta(**(base | fields))


def notes_session(step_id: str, text: str) -> Session:
    return Session(answers={step_id: {"notes": text}})


def covered(fw: Framework, session: Session, case: Any = None) -> dict[str, float]:
    """Sub-topic -> credit, over every step."""
    report = coach.evaluate(fw, session, case)
    return {sub: c for step in report.steps.values() for sub, c in step.credit.items()}


# --- the rubric's matcher: word boundaries, plurals, hyphens -----------------------------------

MATCHES = [
    ("rag", "We use RAG over the help centre.", True),
    ("rag", "Blob storage, a drag-and-drop UI, ragged arrays.", False),
    ("rag", "rag-based answers", True),
    ("fine-tune", "We fine tune a small model", True),
    ("fine-tune", "a finetune job", True),
    ("system diagram", "The system\n   diagram: gateway → retriever", True),
    ("system diagram", "the systemic diagrams", False),
    ("tgi", "TGIF, see you on Monday", False),
    ("vllm", "VLLM's scheduler", True),
    ("tensorrt-llm", "tensorrt llm on H100", True),
    ("kv cache", "kv\tcache", True),
    ("kv cache", "kvcaches", False),
    ("$/query", "About $0.002/query at peak.", True),
    ("cost per query", "costs per query-ish", False),
    ("recall@k", "recall@10 on the golden set", True),
    ("recall@k", "recall@kilo", False),
    ("rouge", "rouged cheeks", False),
    ("i don't know", "Say “I don’t know” rather than guess.", True),
    ("fallback", "fallbacks everywhere", True),
    ("slo", "slow, sloppy", False),
    ("gpt-4o", "gpt-4o-mini", True),
    ("gpt-4o", "gpt-4omini", False),
]


@pytest.mark.parametrize(("keyword", "text", "expected"), MATCHES)
def test_keywords_match_on_word_boundaries(keyword, text, expected):
    assert (coach.matching_keyword([text], [keyword]) is not None) is expected


# --- statements, not words ---------------------------------------------------------------------

STATEMENTS = [
    # (step, text, sub-topic, covered?)
    ("architecture", "We use RAG over the help centre because policies change weekly.", True),
    ("architecture", "RAG over the help centre, 5 passages per answer.", True),
    ("architecture", "We use RAG.", False),  # a word, no substance
    ("architecture", "No RAG: the prompt holds everything.", False),
    ("architecture", "We won't use RAG or agents for now.", False),
    ("architecture", "Without RAG, because the corpus is tiny.", False),
    ("architecture", "We could add RAG later if answers go stale.", False),
    ("architecture", "RAG: TBD.", False),
    ("architecture", "Should we use RAG over the 400 articles?", False),
    ("architecture", "Maybe RAG over the 400 articles.", False),
    ("architecture", "Not only RAG: 3 tools for the order API as well.", True),
]


@pytest.mark.parametrize(("step_id", "text", "expected"), STATEMENTS)
def test_a_statement_covers_only_when_it_commits_with_substance(
    fixture_fw, step_id, text, expected
):
    credit = covered(fixture_fw, notes_session(step_id, text))
    assert (credit.get("api-vs-rag-vs-fine-tune-vs-agents", 0) == 1.0) is expected, text


def test_a_point_counts_where_it_is_made(fixture_fw):
    # serving said in the architecture notes covers the inference-infra sub-topic
    session = notes_session("architecture", "Served by vLLM with PagedAttention on 2 H100s.")
    credit = covered(fixture_fw, session)
    assert credit["serving-framework"] == 1.0 and credit["kv-cache"] == 1.0


def test_a_buzzword_list_earns_one_sub_topic_at_half_credit(fixture_fw):
    listed = notes_session(
        "architecture", "RAG, agents, fine-tune, system diagram, components, vLLM, KV cache, ROUGE."
    )
    credit = covered(fixture_fw, listed)
    assert credit == {"api-vs-rag-vs-fine-tune-vs-agents": 0.5}
    said = notes_session(
        "architecture",
        "We use RAG over the help centre because policies change weekly. "
        "The system diagram has 4 components: widget, gateway, retriever, model.",
    )
    assert covered(fixture_fw, said) == {
        "api-vs-rag-vs-fine-tune-vs-agents": 1.0,
        "system-diagram": 1.0,
    }


def test_a_sentence_repeated_word_for_word_earns_nothing_more(fixture_fw):
    sentence = "We serve with vLLM on 2 GPUs because it batches continuously."
    once = Session(answers={"inference-infra": {"notes": sentence}})
    twice = Session(
        answers={"inference-infra": {"notes": sentence}, "architecture": {"notes": sentence}}
    )
    assert coach.evaluate(fixture_fw, once).total == coach.evaluate(fixture_fw, twice).total
    spam = notes_session("inference-infra", (sentence + " ") * 20)
    assert covered(fixture_fw, spam) == covered(fixture_fw, once)


def test_refusals_are_decisions_not_coverage(fixture_fw):
    session = Session(
        answers={
            "requirements": {"data-may-leave": False},  # "No" to a yes/no question
            "guardrails": {"fallback": "none", "notes": "We won't have a fallback."},
            "inference-infra": {"cache-share": 0},  # nothing cached
            "evaluation": {"notes": "No ROUGE, no recall@k."},
        }
    )
    assert covered(fixture_fw, session) == {}


def test_choices_count_fully_where_the_candidate_also_said_something(fixture_fw):
    bare = Session(answers={"guardrails": {"fallback": "human-escalation"}})
    assert covered(fixture_fw, bare) == {"fallback-behavior": 0.5}
    said = Session(
        answers={
            "guardrails": {
                "fallback": "human-escalation",
                "notes": "Low-confidence answers go to the 150 support staff.",
            }
        }
    )
    assert covered(fixture_fw, said) == {"fallback-behavior": 1.0}
    by_label = Session(answers={"evaluation": {"metrics": ["retrieval"]}})
    report = coach.evaluate(fixture_fw, by_label)
    assert report.steps["evaluation"].credit == {"offline-metrics": 0.5}
    assert "recall@k" in report.steps["evaluation"].evidence["offline-metrics"]


def test_an_untouched_default_earns_nothing_unless_the_step_was_spoken_to(fixture_fw):
    default = Session(answers={"architecture": {"architecture": ["api"]}})
    assert covered(fixture_fw, default) == {}
    confirmed = Session(
        answers={
            "architecture": {
                "architecture": ["api"],
                "notes": "One prompt to the API, since 2 s answers need no retrieval.",
            }
        }
    )
    assert covered(fixture_fw, confirmed)["api-vs-rag-vs-fine-tune-vs-agents"] == 1.0
    # filled in by the interview without input: never a decision
    filled = confirmed.model_copy(
        update={"steps": {"architecture": StepState(status="done", defaulted=["architecture"])}}
    )
    assert covered(fixture_fw, filled) == {}


def test_placeholders_earn_nothing(fixture_fw):
    answers = {sid: {"notes": "TBD"} for sid in STEP_IDS}
    report = coach.evaluate(fixture_fw, Session(answers=answers))
    assert report.total == 0.0
    assert all(not s.covered for s in report.steps.values())


def test_a_topic_covered_after_its_hint_counts_less(fixture_fw):
    answers = {"architecture": {"notes": "We use RAG over 400 articles because they change."}}
    plain = Session(session=meta(finished=True), answers=answers)
    nudged = plain.model_copy(
        update={
            "steps": {
                "architecture": StepState(
                    status="done", hints=1, hint_levels={"api-vs-rag-vs-fine-tune-vs-agents": 1}
                )
            }
        }
    )
    told = plain.model_copy(
        update={
            "steps": {
                "architecture": StepState(
                    status="done", hints=2, hint_levels={"api-vs-rag-vs-fine-tune-vs-agents": 2}
                )
            }
        }
    )
    legacy = plain.model_copy(update={"steps": {"architecture": StepState(hints=1)}})

    def credit(session):
        return (
            coach.evaluate(fixture_fw, session)
            .steps["architecture"]
            .credit["api-vs-rag-vs-fine-tune-vs-agents"]
        )

    assert (credit(plain), credit(nudged), credit(told), credit(legacy)) == (1, 0.75, 0.5, 0.5)
    assert coach.evaluate(fixture_fw, told).steps["architecture"].hinted == [
        "api-vs-rag-vs-fine-tune-vs-agents"
    ]


# --- applicability -----------------------------------------------------------------------------


def test_gpu_topics_leave_a_hosted_api_design_and_api_topics_come_in(framework):
    hosted = Session(answers={"model-selection": {"model": "gpt-4o", "model-hosting": "api"}})
    infra = coach.evaluate(framework, hosted).steps["inference-infra"]
    gpu_topics = {"serving-framework", "batching", "kv-cache", "gpu-provisioning", "autoscaling"}
    assert gpu_topics <= set(infra.not_applicable)
    assert not gpu_topics & set(infra.missed)
    assert {"provider-rate-limits", "data-processing-terms", "vendor-fallback"} <= set(infra.missed)
    report = coach.evaluate(framework, hosted)
    studied = {item.subtopic for item in report.study}
    assert not gpu_topics & studied
    selfhosted = Session(
        answers={"model-selection": {"model": "llama-3.1-70b", "model-hosting": "self-hosted"}}
    )
    infra = coach.evaluate(framework, selfhosted).steps["inference-infra"]
    assert "serving-framework" in infra.missed and "provider-rate-limits" in infra.not_applicable


def test_retrieval_topics_apply_only_with_rag_and_undecided_designs_are_not_judged(framework):
    api = Session(answers={"architecture": {"architecture": ["api"]}})
    data = coach.evaluate(framework, api).steps["data-strategy"]
    assert {"knowledge-base", "retrieval-pipeline"} <= set(data.not_applicable)
    silent = coach.evaluate(framework, Session(answers={"why-genai": {"notes": "x"}}))
    infra = silent.steps["inference-infra"]
    assert infra.covered == infra.missed == [] and not infra.counted
    assert any("Not judged" in note for note in silent.notes)


def test_infrastructure_buzzwords_on_a_hosted_api_design_earn_nothing(framework):
    base = {
        "model-selection": {"model": "gpt-4o-mini", "model-hosting": "api"},
        "inference-infra": {
            "api-capacity": "At 360 requests/s peak we need about 60M tokens a minute, so we "
            "buy provisioned throughput and keep a second provider as failover."
        },
    }
    buzz = {
        **base,
        "inference-infra": base["inference-infra"]
        | {"notes": "We'd use vLLM with continuous batching, paged attention and a KV cache."},
    }
    plain = coach.evaluate(framework, Session(answers=base))
    padded = coach.evaluate(framework, Session(answers=buzz))
    assert padded.total <= plain.total
    assert "serving-framework" not in padded.steps["inference-infra"].covered


# --- scores, caps and deductions ---------------------------------------------------------------


def full_fixture_answers() -> dict[str, dict[str, Any]]:
    return {
        "why-genai": {"notes": "Open-ended answers, so generative: 2 of 3 tickets need prose."},
        "requirements": {"notes": "p95 of 2 s, and PII never reaches the provider logs."},
        "architecture": {
            "notes": "RAG over 400 articles because they change; the system diagram has "
            "4 components."
        },
        "data-strategy": {"notes": "A golden set of 300 tickets with the agents' answers."},
        "model-selection": {"notes": "gpt-4o, since it wins on our 300 tickets."},
        "inference-infra": {"notes": "vLLM with PagedAttention on 2 H100s, at 40 QPS."},
        "guardrails": {"notes": "Say I don't know when retrieval scores under 0.5."},
        "evaluation": {"notes": "Recall@k and ROUGE on the 300 tickets, weekly."},
        "deploy-monitor": {"notes": "A cost per query dashboard, $0.004 a query today."},
    }


def test_step_score_is_credit_over_applicable_and_total_weighs_coverage_and_depth(fixture_fw):
    answers = full_fixture_answers()
    report = coach.evaluate(fixture_fw, Session(answers=answers))
    assert all(step.score == 100.0 for step in report.steps.values())
    assert report.coverage == 100.0
    # architecture says two things, every other step one: its 3 deepest steps hold 2 + 1 + 1
    # of the 3 statements that make a step deep
    assert report.depth == round(100 * (2 + 1 + 1) / 3 / scoring.DEEP_STATEMENTS, 1)
    assert report.total == round(
        scoring.COVERAGE_SHARE * 100 + scoring.DEPTH_SHARE * report.depth, 1
    )
    del answers["inference-infra"]
    answers["architecture"] = {"notes": "RAG over 400 articles because they change weekly."}
    report = coach.evaluate(fixture_fw, Session(answers=answers))
    assert report.steps["architecture"].score == 50.0
    assert not report.steps["inference-infra"].counted or (
        report.steps["inference-infra"].score == 0.0
    )


def test_depth_rewards_going_deep_on_a_few_steps(fixture_fw):
    deep = " ".join(
        f"We serve with vLLM on {n} GPUs because the {n}-token prompts dominate." for n in range(4)
    )
    shallow = Session(answers={"inference-infra": {"notes": "vLLM on 2 GPUs."}})
    thorough = Session(answers={"inference-infra": {"notes": deep}})
    assert coach.evaluate(fixture_fw, thorough).depth > coach.evaluate(fixture_fw, shallow).depth


def test_an_error_zeroes_its_step_and_caps_the_total(fixture_fw):
    answers = full_fixture_answers()
    answers["requirements"]["data-may-leave"] = False
    answers["model-selection"] |= {"model": "gpt-4o", "model-hosting": "api"}
    report = coach.evaluate(fixture_fw, Session(answers=answers))
    assert [c.id for c in report.errors] == ["privacy-vs-hosted-api"]
    assert report.errors[0].message == "Data may not leave, but gpt-4o is a hosted API."
    assert report.steps["model-selection"].score == 0.0
    assert report.steps["model-selection"].coverage_score == 100.0
    assert report.steps["model-selection"].zeroed_by == ["privacy-vs-hosted-api"]
    assert report.cap == 50.0 and report.total <= 50.0


def test_warnings_cost_five_points_each_at_most_fifteen():
    def check(severity: str, kept: str = "") -> Any:
        return coach.CheckReport("x", "guardrails", severity, "m", "a", kept=kept)

    assert scoring.deductions([check("warning")]) == (None, 5.0)
    assert scoring.deductions([check("warning") for _ in range(5)]) == (None, 15.0)
    assert scoring.deductions([check("info"), check("warning", kept="peak is async")]) == (
        None,
        0.0,
    )
    cap, taken = scoring.deductions([check("error"), check("warning")])
    assert (cap, taken) == (50.0, 5.0)
    assert scoring.total_score(80.0, cap, taken) == 45.0
    assert scoring.total_score(30.0, cap, taken) == 25.0
    assert scoring.total_score(3.0, None, 15.0) == 0.0


def test_skipped_step_counts_as_missed_in_practice_but_not_in_scaffold(fixture_fw):
    answers = full_fixture_answers()
    del answers["inference-infra"]
    steps = {sid: StepState(status="done") for sid in STEP_IDS}
    steps["inference-infra"] = StepState(status="skipped")
    practice = Session(session=meta(mode="practice", finished=True), steps=steps, answers=answers)
    report = coach.evaluate(fixture_fw, practice)
    assert report.steps["inference-infra"].status == "skipped"
    assert report.steps["inference-infra"].counted is True
    assert report.coverage == round(800 / 9, 1)
    assert any("count as missed in practice" in n and "Inference Infra" in n for n in report.notes)

    scaffold = Session(session=meta(mode="scaffold", finished=True), steps=steps, answers=answers)
    report = coach.evaluate(fixture_fw, scaffold)
    assert report.steps["inference-infra"].counted is False
    assert report.coverage == 100.0
    assert any("left out of the total" in n for n in report.notes)


def test_case_points_need_a_committing_sentence_and_weigh_a_fifth(framework):
    case = load_case("support-bot")
    answers = {
        "data-strategy": {"notes": "We fetch the order status from the order service per chat."},
        "guardrails": {
            "notes": "We scrub PII such as card numbers; we hand over to a human agent when "
            "unsure. No refund promises, no discounts."
        },
        "evaluation": {"notes": "Deflection, CSAT, NPS, thumbs, resolution rate."},  # a list
    }
    report = coach.evaluate(framework, Session(answers=answers), case)
    hit = {p.id for p in report.points if p.hit}
    assert hit == {"order-status-lookup", "pii-scrubbing", "handoff-to-agent"}
    assert report.case_score == round(100 * 3 / len(case.points), 1)
    assert report.raw_total == round(0.8 * report.framework_score + 0.2 * report.case_score, 1)
    data = report.to_dict()
    assert data["case"] == "support-bot"
    assert set(data["case_points"]["hit"]) == hit
    assert data["weights"] == {"framework": 0.8, "case": 0.2}


# --- time ---------------------------------------------------------------------------------------


def test_time_budget_scales_with_session_minutes_and_flags_overtime(fixture_fw):
    # the fixture gives every step 5 of 45 minutes; a 27-minute practice gives it 3 minutes
    steps = {sid: StepState(status="done", seconds=100) for sid in STEP_IDS}
    steps["architecture"] = StepState(status="done", seconds=181, hints=2)
    session = Session(session=meta(minutes=27, finished=True), steps=steps)
    report = coach.evaluate(fixture_fw, session)
    arch = report.steps["architecture"]
    assert arch.budget_seconds == pytest.approx(180.0)
    assert arch.overtime is True
    assert arch.hints == 2
    assert report.steps["why-genai"].overtime is False
    data = report.to_dict()
    assert data["time"]["overtime_steps"] == ["architecture"]
    assert data["steps"]["architecture"]["time"] == {
        "seconds": 181.0,
        "budget_seconds": 180.0,
        "overtime": True,
    }
    assert data["time"]["seconds"] == 8 * 100 + 181
    markdown = coach_md.feedback_markdown(report, fixture_fw)
    assert "3:01 / 3:00 over" in markdown
    assert "1:40 / 3:00 |" in markdown


def test_without_session_minutes_the_framework_budget_applies(fixture_fw):
    report = coach.evaluate(fixture_fw, Session(answers={}))
    assert report.steps["guardrails"].budget_seconds == 300.0


# --- checks over answers, notes, calculators and the case -------------------------------------


def answers_from_variables(fw: Framework, variables: dict[str, Any]) -> dict[str, dict]:
    """Put each variable's value on the question that sets it (whatever its id); a
    'step.question' key puts a value on that question directly."""
    owner = {q.var: (step.id, q.id) for step, q in fw.questions() if q.var}
    answers: dict[str, dict[str, Any]] = {}
    for name, value in variables.items():
        if "." in name:
            step_id, question_id = name.split(".")
        elif name not in owner:  # a derived variable: the first choice that sets it so
            step_id, question_id, value = next(
                (step.id, q.id, c.value)
                for step, q in fw.questions()
                for c in q.choices
                if c.sets.get(name) == value
            )
        else:
            step_id, question_id = owner[name]
        answers.setdefault(step_id, {})[question_id] = value
    return answers


def fired(fw: Framework, variables: dict[str, Any], case: Any = None) -> dict[str, str]:
    session = Session(answers=answers_from_variables(fw, variables))
    return {c.id: c.message for c in coach.evaluate(fw, session, case).checks}


SUPPORT_BOT = {
    "qps": 15,
    "qps_peak": 40,
    "input_tokens": 2500,
    "output_tokens": 250,
    "model": "gpt-4o",
    "model_hosting": "api",
    "slo_measures": "both",
    "ttft_slo_ms": 2000,
    "p95_slo_ms": 6000,
    "streaming": True,
    "data_residency": "may-leave",
    "budget_per_query": 0.02,
    "output_kind": "open-ended",
    "architecture": ["rag"],
    "offline_metrics": ["retrieval-recall"],
    "eval_dataset": "400 real tickets with the agents' answers, plus 50 injection attempts",
    "fallback": "human-escalation",
    "input_filters": ["pii-scrubbing"],
}

CHECK_CASES = [
    # (check id, variables that fire it, variables that do not)
    (
        "privacy-vs-hosted-api",
        {"data_residency": "may-not-leave"},
        {
            "data_residency": "may-not-leave",
            "model": "llama-3.1-70b",
            "model_hosting": "self-hosted",
            "gpu": "h100-sxm",
            "gpus": 4,
        },
    ),
    (
        "latency-slo-unreachable",  # gpt-4o's 250 tokens take 2 s or more end to end
        {"p95_slo_ms": 900},
        {"p95_slo_ms": 9000},
    ),
    (
        "first-token-slo-unreachable",  # gpt-4o's first token takes 350 ms at best
        {"ttft_slo_ms": 200},
        {"ttft_slo_ms": 2000},
    ),
    (
        "budget-below-cost",  # gpt-4o at 2.5k in / 250 out is ~$0.009 a query
        {"budget_per_query": 0.004},
        {"budget_per_query": 0.02},
    ),
    (
        "agents-without-need",
        {"architecture": ["rag", "agents"]},
        {
            "architecture": ["rag", "agents"],
            "agent_need": "Multi-step: look up the order, then call the returns API tool.",
        },
    ),
    (
        "classifier-would-do",
        {"output_kind": "label", "llm_fraction": 1},
        {"output_kind": "label", "llm_fraction": 0.05},
    ),
    ("no-fallback", {"fallback": "none"}, {"fallback": "i-dont-know"}),
    (
        "rag-without-retrieval-metric",
        {"offline_metrics": ["factual-accuracy"]},
        {
            "offline_metrics": ["factual-accuracy"],
            "evaluation.notes": "Table recall on the 200 gold questions gates every change.",
        },
    ),
    (
        "volume-numbers-disagree",  # 10M a month is 3.9 QPS on average
        {"qps": 40, "qps_peak": 100, "queries_per_month": 10_000_000},
        {"qps": 4, "qps_peak": 40, "queries_per_month": 10_000_000},
    ),
    (
        "model-does-not-fit-gpus",  # 70B in bf16 is ~141 GB of weights
        {"model": "llama-3.1-70b", "model_hosting": "self-hosted", "gpu": "a100-40gb", "gpus": 1},
        {"model": "llama-3.1-70b", "model_hosting": "self-hosted", "gpu": "h100-sxm", "gpus": 4},
    ),
    (
        "pipeline-exceeds-slo",  # three calls in a row, each waiting for the last
        {
            "ttft_slo_ms": 800,
            "architecture.notes": "Call 1 -> call 2 -> call 3 in sequence on every turn.",
            "output_tokens": 60,
        },
        {"ttft_slo_ms": 800, "output_tokens": 60},
    ),
]


@pytest.mark.parametrize(
    ("check_id", "firing", "quiet"), CHECK_CASES, ids=[c[0] for c in CHECK_CASES]
)
def test_check_fires_on_its_flaw_and_stays_quiet_without_it(framework, check_id, firing, quiet):
    assert check_id in {c.id for c in framework.checks}
    assert check_id in fired(framework, SUPPORT_BOT | firing)
    assert check_id not in fired(framework, SUPPORT_BOT | quiet)


def test_support_bot_baseline_fires_no_check(framework):
    assert fired(framework, SUPPORT_BOT) == {}


def test_messages_state_their_numbers(framework):
    messages = fired(framework, SUPPORT_BOT | {"budget_per_query": 0.004, "p95_slo_ms": 900})
    assert messages["budget-below-cost"].startswith("$0.00")
    assert "over the $0.0040 budget" in messages["budget-below-cost"]
    assert "over the 900 ms p95 SLO" in messages["latency-slo-unreachable"]
    fit = fired(
        framework,
        SUPPORT_BOT
        | {"model": "llama-3.1-70b", "model_hosting": "self-hosted", "gpu": "a100-40gb", "gpus": 1},
    )["model-does-not-fit-gpus"]
    assert "141 GB" in fit and "43 GB" in fit and "bf16" in fit


def test_message_templates_format_and_fall_back():
    env = {"calc.latency.ttft_ms.low": 350.0, "b": 0.0046, "case.p95": 800, "items": ["a", "b"]}
    text = "TTFT {calc.latency.ttft_ms.low:ms} > {missing|case.p95:ms}; {b:dollars}; {items:list}"
    assert coach_checks.render(text, env) == "TTFT 350 ms > 800 ms; $0.0046; a, b"
    assert coach_checks.render("{{literal}} {nothing}", {}) == "{literal} ?"


def test_the_case_is_the_truth_even_when_the_candidate_says_otherwise(framework):
    medical = load_case("medical-notes")
    said_may_leave = SUPPORT_BOT | {"data_residency": "may-leave"}
    messages = fired(framework, said_may_leave, medical)
    assert "privacy-vs-hosted-api" in messages
    assert "the case says so" in messages["privacy-vs-hosted-api"]


def test_forbidden_actions_are_read_from_the_notes(framework):
    case = load_case("support-bot")
    agent = SUPPORT_BOT | {
        "architecture": ["rag", "agents"],
        "agent_need": "For a late parcel the agent calls refund_order itself (up to $50).",
    }
    messages = fired(framework, agent, case)
    assert "issues refunds" in messages["forbidden-action"]
    declined = SUPPORT_BOT | {
        "architecture.notes": "It never cancels, changes or refunds: refunds stay with humans.",
    }
    assert "forbidden-action" not in fired(framework, declined, case)
    human = SUPPORT_BOT | {"guardrails.notes": "Human agents issue refunds after the handover."}
    assert "forbidden-action" not in fired(framework, human, case)


def test_a_latency_slo_binds_only_the_path_the_user_waits_on(framework):
    moderation = SUPPORT_BOT | {
        "output_kind": "label",
        "model": "gpt-4o-mini",
        "slo_measures": "full-response",
        "p95_slo_ms": 200,
        "input_tokens": 300,
        "output_tokens": 20,
        "streaming": False,
    }
    assert "latency-slo-unreachable" in fired(framework, moderation | {"llm_fraction": 1})
    # 2% of posts take the LLM path: they sit beyond the 95th percentile
    assert "latency-slo-unreachable" not in fired(framework, moderation | {"llm_fraction": 0.02})


def test_a_structured_output_that_is_really_a_label_is_caught(framework):
    structured = SUPPORT_BOT | {
        "output_kind": "structured",
        "llm_fraction": 1,
        "why-genai.notes": "Every post gets a JSON verdict per category from the model.",
    }
    assert "classifier-would-do" in fired(framework, structured)
    assert "classifier-would-do" in fired(
        framework,
        SUPPORT_BOT | {"output_kind": "structured", "llm_fraction": 1},
        load_case("content-moderation"),
    )


def test_a_full_response_slo_judged_on_the_first_token_is_an_error(framework):
    medical = load_case("medical-notes")
    first_token = SUPPORT_BOT | {"slo_measures": "first-token", "ttft_slo_ms": 2000}
    assert "slo-judged-on-first-token" in fired(framework, first_token, medical)
    assert "slo-judged-on-first-token" not in fired(framework, first_token)


def test_stored_calculator_results_are_used_before_recomputing(framework):
    variables = SUPPORT_BOT | {"p95_slo_ms": 100, "output_tokens": 400}
    answers = answers_from_variables(framework, variables)
    stored = {
        "latency": {
            "ttft_ms": {"low": 20.0, "high": 30.0},
            "decode_ms": {"low": 40.0, "high": 50.0},
            "e2e_ms": {"low": 80.0, "high": 95.0},
            "perceived_ms": {"low": 30.0, "high": 40.0},
        }
    }
    session = Session(answers=answers, results=stored)
    assert "latency-slo-unreachable" not in {
        c.id for c in coach.evaluate(framework, session).checks
    }
    recomputed = Session(answers=answers)
    assert "latency-slo-unreachable" in {c.id for c in coach.evaluate(framework, recomputed).checks}


def test_checks_of_steps_not_reached_wait_in_an_unfinished_session(framework):
    variables = {"output_kind": "label", "llm_fraction": 1, "fallback": "none"}
    answers = answers_from_variables(framework, variables)
    steps = {
        "why-genai": StepState(status="done", seconds=60),
        "guardrails": StepState(status="pending"),  # the interview writes every step's state
    }
    unfinished = Session(session=meta(finished=False), steps=steps, answers=answers)
    report = coach.evaluate(framework, unfinished)
    ids = {c.id for c in report.checks}
    assert "classifier-would-do" in ids  # its step was reached
    assert "no-fallback" not in ids  # guardrails is still ahead
    assert any("not reached yet" in note for note in report.notes)
    finished = Session(session=meta(finished=True), steps=steps, answers=answers)
    assert "no-fallback" in {c.id for c in coach.evaluate(framework, finished).checks}


def test_an_old_session_with_yes_no_privacy_still_loads_and_scores(framework):
    """Answers written before data residency and peak traffic were asked: the old yes/no
    answer is read through `formerly`, and the new questions count as unanswered."""
    answers = {
        "requirements": {"qps": 40, "data-may-leave": False, "p95-slo-ms": 3000},
        "model-selection": {"model": "gpt-4o", "model-hosting": "api"},
    }
    report = coach.evaluate(framework, Session(answers=answers))
    assert "privacy-vs-hosted-api" in {c.id for c in report.checks}
    assert "qps-peak" not in str(report.to_dict()["checks"])  # unanswered, not an error


# --- the report: shape and debrief order -------------------------------------------------------


def test_to_dict_has_the_documented_keys_for_every_step(framework):
    report = coach.evaluate(
        framework, Session(answers=answers_from_variables(framework, SUPPORT_BOT))
    )
    data = report.to_dict()
    assert set(data["steps"]) == set(STEP_IDS)
    for step_id, step in data["steps"].items():
        subtopics = {s.id for s in framework.step(step_id).subtopics}
        assert set(step["covered"]) | set(step["missed"]) | set(step["not_applicable"]) <= (
            subtopics
        )
        assert not set(step["covered"]) & set(step["missed"])
        assert 0 <= step["score"] <= 100
    assert isinstance(data["total"], float)
    for key in ("raw_total", "deduction", "coverage", "depth", "framework_score", "strengths"):
        assert key in data
    # TOML has no null: the interview stores this dict as the session's feedback table
    tomli_w.dumps({"feedback": data})


def test_the_debrief_leads_with_errors_and_their_numbers(framework):
    case = load_case("support-bot")
    variables = SUPPORT_BOT | {
        "budget_per_query": 0.0005,  # gpt-4o at $0.009 a query: more than ten times over
        "fallback": "none",
        "data-strategy.notes": "We fetch order status from the order service per chat, "
        "because the index must never hold personal data.",
    }
    report = coach.evaluate(
        framework, Session(answers=answers_from_variables(framework, variables)), case
    )
    sections = [name for name, _ in report.debrief()]
    assert sections[:2] == ["errors", "findings"]
    assert sections.index("missed_points") < sections.index("strengths") < sections.index("study")
    markdown = coach_md.feedback_markdown(report, framework)
    order = [
        markdown.index(h)
        for h in (
            "### Errors",
            "### Other findings",
            "### Missed case points",
            "### Strengths",
            "### What to study next",
            "### Coverage per step",
        )
    ]
    assert order == sorted(order)
    errors = markdown[markdown.index("### Errors") : markdown.index("### Other findings")]
    assert "budget-far-below-cost" in errors and "$0.0005 budget" in errors


def test_weakest_areas_study_only_what_applies(fixture_fw):
    answers = full_fixture_answers()
    del answers["inference-infra"]
    answers["architecture"] = {"notes": "RAG over 400 articles because they change weekly."}
    report = coach.evaluate(fixture_fw, Session(answers=answers))
    assert report.weakest[0].step == "inference-infra"
    study = report.weakest[0].study
    assert [s.subtopic for s in study] == ["serving-framework", "kv-cache"]
    assert study[0].point == "Talk about serving-framework."
    assert study[0].links == [
        {"title": "Deep dive serving-framework", "url": "https://x.test/serving-framework"}
    ]


def test_history_entry_records_per_step_scores(fixture_fw):
    report = coach.evaluate(
        fixture_fw,
        Session(session=meta(case="support-bot", finished=True), answers=full_fixture_answers()),
    )
    entry = coach.history_entry(report, "2026-11-26T16:15:00+00:00")
    assert entry["session"] == "20261126-153000-test"
    assert entry["case"] == "support-bot"
    assert entry["steps"] == {sid: 100.0 for sid in STEP_IDS}
    assert entry["total"] == report.total


def test_an_answers_file_may_mark_steps_skipped(fixture_fw):
    answers = full_fixture_answers()
    del answers["evaluation"]
    session = Session(answers=answers, steps={"evaluation": StepState(status="skipped")})
    report = coach.evaluate(fixture_fw, session)
    assert report.steps["evaluation"].status == "skipped"
    assert report.steps["evaluation"].counted is False  # no [session]: not practice
    assert report.coverage == 100.0
    assert "| 7. Evaluation | skipped (not counted) | 0% |" in coach_md.feedback_markdown(
        report, fixture_fw
    )


# --- numbers said in words ---------------------------------------------------------------------


def test_sequential_calls_stages_and_precision_are_read_from_the_notes():
    assert coverage.llm_calls_said(["Call 1 -> call 2 -> call 3 on gpt-4o-mini."]) == 3
    assert coverage.llm_calls_said(["Cheap enough to call three times a turn."]) == 3
    assert coverage.llm_calls_said(["Room for one model call, not two."]) == 1
    assert coverage.llm_calls_said(["We won't chain three calls."]) is None
    said = "Transcription ~150 ms, each model call ~200 ms, speech synthesis ~100 ms."
    assert coverage.pipeline_ms_said([said]) == 250.0
    assert coverage.dtype_said(["70B in FP8 on two H100s"]) == "fp8"
    assert coverage.dtype_said(["No int4: quality drops."]) is None


def test_notes_silence_a_check_only_with_a_statement_not_a_buzzword_list(framework):
    listed = SUPPORT_BOT | {
        "offline_metrics": ["factual-accuracy"],
        "evaluation.notes": "Recall@k, MRR, nDCG, RAGAS, BLEU, faithfulness.",
    }
    assert "rag-without-retrieval-metric" in fired(framework, listed)
    said = listed | {"evaluation.notes": "Table recall on the 200 gold questions gates releases."}
    assert "rag-without-retrieval-metric" not in fired(framework, said)


# --- no traceback on any input ----------------------------------------------------------------

_VALUES = st.one_of(
    st.text(max_size=300),
    st.integers(min_value=-(2**40), max_value=2**40),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.lists(st.text(max_size=20), max_size=4),
)


@settings(max_examples=40, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(list(STEP_IDS) + ["not-a-step"]),
        st.dictionaries(
            st.sampled_from(
                ["notes", "qps", "model", "model-hosting", "architecture", "fallback", "x"]
            ),
            _VALUES,
            max_size=5,
        ),
        max_size=6,
    )
)
def test_any_answers_score_without_an_exception(framework, answers):
    report = coach.evaluate(framework, Session(answers=answers), load_case("support-bot"))
    assert 0.0 <= report.total <= 100.0
    tomli_w.dumps({"feedback": report.to_dict()})


def test_the_step_in_progress_reports_its_findings_in_an_unfinished_session(framework):
    """The walk showed the privacy error right after the hosting answer, before Model
    Selection was marked done; the document and `score` of that session report it too."""
    answers = {
        "requirements": {"qps": 40, "data-residency": "may-not-leave"},
        "model-selection": {"model": "gpt-4o", "model-hosting": "api"},
    }
    steps = {
        "requirements": StepState(status="done"),
        "model-selection": StepState(status="pending"),
    }
    in_progress = meta(finished=False)
    in_progress.last_answer = "model-selection.model-hosting"
    session = Session(session=in_progress, steps=steps, answers=answers)
    assert "privacy-vs-hosted-api" in {c.id for c in coach.evaluate(framework, session).checks}
    in_progress.last_answer = "requirements.qps"  # still in Requirements: it waits
    assert "privacy-vs-hosted-api" not in {c.id for c in coach.evaluate(framework, session).checks}
