"""Loading framework files: every broken file gets a located message, never a traceback."""

from __future__ import annotations

import pytest
from fixtures import (
    LLM_SHARE_FOR_LABELS,
    NOTES,
    SCALE_NUMBERS,
    framework,
    question,
    step,
    subtopic,
    table,
)

from genai_design_cli.model.framework import (
    FrameworkError,
    answer_variables,
    flatten_results,
    parse_framework_text,
)

# test_schema_errors_name_the_line_too counts this text's lines (print(GOOD) to see them)
GOOD = framework(
    "Mini",
    "1.0.0",
    10,
    step("why-genai", 0, "Why GenAI?", "Is an LLM needed at all?", 4),
    subtopic(
        "cost-justification",
        "Cost justification",
        "LLM ~$0.01/query vs XGBoost ~$0.000001.",
        ["cost per query"],
    ),
    question(
        "output-kind",
        "select",
        "What is the output?",
        var="output_kind",
        choices=["open-ended", {"value": "label", "label": "A label or score"}],
        covers=["cost-justification"],
    ),
    LLM_SHARE_FOR_LABELS,
    NOTES,
    step("requirements", 1, "Requirements", "Numbers.", 6),
    SCALE_NUMBERS,
    question("qps", "number", "QPS now", var="qps", min=0),
    NOTES,
    table(
        "checks",
        id="classifier-would-do",
        step="why-genai",
        severity="warning",
        when={"all": [{"var": "output_kind", "eq": "label"}, {"var": "llm_fraction", "ge": 1}]},
        message="A label goes to the LLM every time.",
    ),
)


def test_good_file_loads():
    fw = parse_framework_text(GOOD, "mini.toml")
    assert [s.id for s in fw.steps] == ["why-genai", "requirements"]
    assert fw.step("1").id == "requirements"
    assert fw.step("req").id == "requirements"  # unique prefix
    q = fw.steps[0].questions[0]
    assert [ch.title for ch in q.choices] == ["open-ended", "A label or score"]
    assert fw.variables() == {"output_kind", "llm_fraction", "qps"}


def _problems(text: str) -> list[str]:
    with pytest.raises(FrameworkError) as info:
        parse_framework_text(text, "f.toml")
    return [str(p) for p in info.value.problems]


# (what is broken, the edit, what the message must contain)
BROKEN = [
    ("toml typo", ('title = "Mini"', 'title = "Mini'), "f.toml:3:"),
    ("toml typo names the error", ('title = "Mini"', 'title = "Mini'), "TOML syntax error"),
    ("missing equals", ('version = "1.0.0"', 'version "1.0.0"'), "f.toml:4:"),
    (
        "bad kind",
        ('kind = "number"\nprompt = "QPS now"', 'kind = "slider"\nprompt = "QPS now"'),
        "steps[1].questions[0].kind: Input should be 'text', 'multiline', 'select', "
        "'checkbox', 'number' or 'confirm' (got 'slider')",
    ),
    (
        "unknown key",
        ('summary = "Numbers."', 'summray = "Numbers."'),
        "steps[1].summray: unknown key",
    ),
    ("missing field", ('summary = "Numbers."', ""), "steps[1].summary: required, but missing"),
    (
        "bad operator",
        ('when = { var = "output_kind", eq = "label" }', 'when = { var = "output_kind", is = 1 }'),
        "steps[0].questions[1].when: unknown operator 'is'",
    ),
    (
        "unknown variable in when",
        ('when = { var = "output_kind", eq = "label" }', 'when = { var = "outptu_kind", eq = 1 }'),
        "steps[0].questions[1].when: variable 'outptu_kind' is set by no question",
    ),
    (
        "covers a sub-topic of another step",
        ('covers = ["cost-justification"]', 'covers = ["scale-numbers"]'),
        "steps[0].questions[0].covers[0]: 'scale-numbers' is not a sub-topic of step 'why-genai'",
    ),
    (
        "minutes do not add up",
        ("minutes = 10", "minutes = 45"),
        "add up to 10, but the framework's minutes is 45",
    ),
    (
        "check names no step",
        ('step = "why-genai"\nseverity', 'step = "why-genia"\nseverity'),
        "checks[0].step: 'why-genia' is not a step",
    ),
    ("bad severity", ('severity = "warning"', 'severity = "fatal"'), "checks[0].severity"),
    (
        "default outside bounds",
        ("default = 1\n", "default = 3\n"),
        "steps[0].questions[1]: default 3.0 is outside [0.0, 1.0]",
    ),
    (
        "select default not a choice",
        ('covers = ["cost-justification"]', 'covers = ["cost-justification"]\ndefault = "x"'),
        "default 'x' is not one of the choices",
    ),
    (
        "steps out of order",
        ("number = 1", "number = 2"),
        "steps[1].number: is 2; steps are numbered 0, 1, 2",
    ),
    (
        "a step without notes",
        (
            'id = "notes"\nkind = "multiline"\nprompt = "Notes"\n\n[[steps]]',
            'id = "remarks"\nkind = "multiline"\nprompt = "Notes"\n\n[[steps]]',
        ),
        "step 'why-genai' needs a free-text question 'notes'",
    ),
    ("wrong schema version", ("schema_version = 1", "schema_version = 2"), "schema_version"),
]


@pytest.mark.parametrize(("name", "edit", "expected"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_files_are_located(name, edit, expected):
    old, new = edit
    assert old in GOOD, f"test setup: {old!r} not in GOOD"
    problems = _problems(GOOD.replace(old, new, 1))
    assert any(expected in p for p in problems), problems


def test_toml_error_shows_the_offending_line():
    with pytest.raises(FrameworkError) as info:
        parse_framework_text(GOOD.replace('title = "Mini"', 'title = "Mini'), "f.toml")
    assert 'title = "Mini' in str(info.value.problems[0])
    assert info.value.exit_code == 2


def test_every_problem_is_reported_not_just_the_first():
    text = GOOD.replace(
        'kind = "number"\nprompt = "QPS now"', 'kind = "slider"\nprompt = "QPS now"'
    )
    text = text.replace('summary = "Numbers."', 'summray = "Numbers."')
    assert len(_problems(text)) >= 2


def test_answer_variables_and_flattened_results():
    fw = parse_framework_text(GOOD, "mini.toml")
    answers = {"why-genai": {"output-kind": "label", "notes": "x"}, "requirements": {"qps": 5}}
    assert answer_variables(fw, answers) == {"output_kind": "label", "qps": 5}
    flat = flatten_results({"cost": {"llm": {"per_month": 100.0}, "queries_per_month": 3}})
    assert flat == {"calc.cost.llm.per_month": 100.0, "calc.cost.queries_per_month": 3}


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            ('kind = "number"\nprompt = "QPS now"', 'kind = "slider"\nprompt = "QPS now"'),
            "f.toml:58: steps[1].questions[0].kind",
        ),
        (('summary = "Numbers."', 'summray = "Numbers."'), "f.toml:47: steps[1].summray"),
        (('severity = "warning"', 'severity = "fatal"'), "f.toml:71: checks[0].severity"),
    ],
)
def test_schema_errors_name_the_line_too(edit, expected):
    """An editor can jump to the line: `file:line: dotted.path: what is wrong`."""
    old, new = edit
    problems = _problems(GOOD.replace(old, new, 1))
    assert any(p.startswith(expected) for p in problems), problems
