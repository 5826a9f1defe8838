"""The coach against its graded corpus (benchmarks/coach/, index in corpus.toml): the orderings
an interviewer insists on. The answers were written as candidates talk, without looking at the
scorer; the doc-search ones were held out while the rules were built. `python
benchmarks/coach.py` prints the table these assertions read."""

from __future__ import annotations

import importlib.util
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "coach.py"
_spec = importlib.util.spec_from_file_location("coach_bench", BENCH)
bench = importlib.util.module_from_spec(_spec)
assert _spec.loader is not None
sys.modules["coach_bench"] = bench  # dataclasses look their module up by name
_spec.loader.exec_module(bench)

ENTRIES = bench.corpus()
CASES = sorted({e.case for e in ENTRIES if e.grade == "strong"})
PUBLISHED = [e for e in ENTRIES if e.grade == "published"]
FLAWED = [e for e in ENTRIES if e.grade == "flawed"]

# the flaw each flawed answer carries (corpus.toml's expected_flaw) -> the checks that name it
FLAW_CHECKS = {
    "forbidden-action": {"forbidden-action"},
    "data-residency": {"privacy-vs-hosted-api", "region-not-honoured"},
    "latency-budget": {
        "latency-slo-unreachable",
        "first-token-slo-unreachable",
        "pipeline-exceeds-slo",
        "slo-judged-on-first-token",
    },
    "gpu-memory": {"model-does-not-fit-gpus", "model-tight-on-gpus"},
    "classifier-would-do": {"classifier-would-do"},
    "budget": {
        "budget-below-cost",
        "budget-far-below-cost",
        "monthly-budget-below-cost",
        "monthly-budget-far-below-cost",
    },
}


@pytest.fixture(scope="module")
def reports() -> dict[str, Any]:
    """Every corpus answer scored once: file -> CoachReport."""
    return {entry.file: report for entry, report in bench.run()}


@pytest.fixture(scope="module")
def by_case(reports) -> dict[str, dict[str, Any]]:
    grouped: dict[str, dict[str, Any]] = defaultdict(dict)
    for entry in ENTRIES:
        grouped[entry.case][entry.grade] = reports[entry.file]
    return grouped


def test_the_corpus_has_five_grades_for_each_case_and_every_flaw_is_known():
    for case in CASES:
        grades = {e.grade for e in ENTRIES if e.case == case}
        assert {"strong", "mid", "weak", "salad", "flawed"} <= grades, case
    assert len(CASES) >= 5
    assert {e.expected_flaw for e in FLAWED} <= set(FLAW_CHECKS)
    assert len(PUBLISHED) >= 3


@pytest.mark.parametrize("case", CASES)
def test_strong_beats_mid_beats_weak(by_case, case):
    grades = by_case[case]
    assert grades["strong"].total > grades["mid"].total > grades["weak"].total, case


@pytest.mark.parametrize("case", CASES)
def test_keyword_salad_scores_below_strong_and_mid(by_case, case):
    grades = by_case[case]
    assert grades["salad"].total < grades["mid"].total < grades["strong"].total, case


@pytest.mark.parametrize("case", CASES)
def test_no_error_level_check_on_a_strong_answer(by_case, case):
    strong = by_case[case]["strong"]
    assert strong.errors == [], [(c.id, c.message) for c in strong.errors]


@pytest.mark.parametrize("entry", FLAWED, ids=[e.case for e in FLAWED])
def test_the_flawed_answer_is_found_out(reports, by_case, entry):
    """Fluent and numerate with one serious flaw: the flaw is named, and it costs at least 15
    points against the strong answer of the same case."""
    flawed = reports[entry.file]
    fired = {c.id for c in flawed.checks}
    assert fired & FLAW_CHECKS[entry.expected_flaw], (entry.expected_flaw, fired)
    assert flawed.total <= by_case[entry.case]["strong"].total - 15


def test_placeholders_and_refusals_score_below_a_weak_answer(reports, by_case):
    weak = by_case["support-bot"]["weak"].total
    for grade in ("probe-tbd", "probe-refusals"):
        assert by_case["support-bot"][grade].total < weak, grade
    refusals = by_case["support-bot"]["probe-refusals"]
    # the refusals name every practice while declining it: none of them is covered
    covered = {sub for step in refusals.steps.values() for sub in step.covered}
    assert not covered & {"eval-dataset", "fallback-behavior", "input-filtering", "human-eval"}
    assert {"no-fallback"} <= {c.id for c in refusals.checks}


def test_buzzwords_only_in_the_notes_score_near_a_weak_answer(by_case):
    salad_notes = by_case["text-to-sql"]["probe-salad-notes"]
    assert salad_notes.total < by_case["text-to-sql"]["mid"].total
    assert "buzzword-answers" in {c.id for c in salad_notes.checks}


def test_one_buzzword_sentence_adds_nothing_to_a_strong_answer(reports):
    entry = next(e for e in ENTRIES if e.grade == "probe-strong-plus-buzzword")
    assert reports[entry.file].total <= reports[entry.base].total


def test_a_contradicted_case_constraint_is_an_error_that_caps_the_score(reports):
    entry = next(e for e in ENTRIES if e.grade == "probe-contradiction")
    report = reports[entry.file]
    assert {c.id for c in report.errors} & FLAW_CHECKS[entry.expected_flaw]
    assert report.total <= 50


@pytest.mark.parametrize("entry", PUBLISHED, ids=[Path(e.file).stem for e in PUBLISHED])
def test_published_designs_reach_their_fair_minimum_and_beat_every_salad(reports, entry):
    report = reports[entry.file]
    assert report.total >= entry.fair_minimum, (report.total, entry.fair_minimum)
    assert report.errors == []
    salads = [reports[e.file].total for e in ENTRIES if e.grade == "salad"]
    assert report.total > max(salads)


def test_the_benchmark_prints_one_row_per_answer(capsys):
    assert bench.main(["answers/support-bot/strong.toml", "answers/support-bot/salad.toml"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split()[:4] == ["case", "grade", "total", "raw"]
    assert len(out) == 3 and out[1].startswith("support-bot") and "salad" in out[2]
