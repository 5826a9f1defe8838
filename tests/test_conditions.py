"""The condition language: parsing with clear errors, and evaluation over variables."""

from __future__ import annotations

import pytest

from genai_design_cli.model import conditions as c

ENV = {
    "qps": 120,
    "qps_6mo": 1500,
    "architecture": ["rag", "agents"],
    "model_hosting": "api",
    "data_may_leave": False,
    "notes": "We stream tokens",
    "calc.latency.e2e_ms.low": 900.0,
    "p95_slo_ms": 500,
}


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"var": "qps", "gt": 100}, True),
        ({"var": "qps", "le": 100}, False),
        ({"var": "qps", "eq": 120}, True),
        ({"var": "qps", "ne": 120}, False),
        ({"var": "model_hosting", "in": ["api", "self-hosted"]}, True),
        ({"var": "architecture", "contains": "agents"}, True),
        ({"var": "architecture", "contains": "fine-tune"}, False),
        ({"var": "architecture", "in": ["fine-tune", "rag"]}, True),  # any overlap
        ({"var": "notes", "contains": "STREAM"}, True),  # text contains is case-insensitive
        ({"var": "data_may_leave", "eq": False}, True),
        ({"var": "qps_6mo", "gt_var": "qps"}, True),
        ({"var": "calc.latency.e2e_ms.low", "gt_var": "p95_slo_ms"}, True),
        ({"var": "qps_6mo", "gt_var": "qps", "times": 10}, True),  # 1500 > 10 × 120
        ({"var": "qps_6mo", "gt_var": "qps", "times": 20}, False),  # 1500 < 20 × 120
        ({"set": "qps"}, True),
        ({"set": "budget_per_query"}, False),
        ({"all": [{"var": "qps", "gt": 100}, {"var": "model_hosting", "eq": "api"}]}, True),
        ({"all": [{"var": "qps", "gt": 100}, {"var": "model_hosting", "eq": "x"}]}, False),
        ({"any": [{"var": "qps", "gt": 1000}, {"set": "notes"}]}, True),
        ({"not": {"set": "budget_per_query"}}, True),
        # a missing variable makes a comparison false, and `not` of it true
        ({"var": "budget_per_query", "lt": 1}, False),
        ({"not": {"var": "budget_per_query", "lt": 1}}, True),
        ({"var": "qps", "gt_var": "missing"}, False),
        # comparing text with a number is false, not a crash
        ({"var": "model_hosting", "gt": 3}, False),
    ],
)
def test_evaluate(data, expected):
    assert c.evaluate(c.parse(data), ENV) is expected


def test_empty_answers_count_as_unset():
    cond = c.parse({"set": "x"})
    assert not c.evaluate(cond, {"x": ""})
    assert not c.evaluate(cond, {"x": []})
    assert c.evaluate(cond, {"x": 0})
    assert c.evaluate(cond, {"x": False})


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"var": "qps", "equals": 3}, "unknown operator 'equals'"),
        ({"var": "qps"}, "exactly one operator"),
        ({"var": "qps", "gt": 1, "lt": 5}, "exactly one operator"),
        ({"var": "qps", "in": "api"}, "must be a list"),
        ({"whenever": "qps"}, "unknown condition key 'whenever'"),
        ({"all": []}, "non-empty list"),
        ("qps > 3", "a condition is a table"),
        ({"var": "qps", "gt_var": 3}, "must name another variable"),
        ({"var": "qps", "gt": 3, "times": 2}, "only goes with OP_var"),
        ({"var": "qps", "gt_var": "x", "times": "ten"}, "times: must be a number"),
    ],
)
def test_parse_errors_say_what_is_allowed(data, message):
    with pytest.raises(c.ConditionError, match=message):
        c.parse(data)


def test_nested_error_names_its_path():
    with pytest.raises(c.ConditionError, match=r"when\.all\[1\]\.not"):
        c.parse({"all": [{"set": "a"}, {"not": {"var": "b", "bogus": 1}}]})


def test_variables_and_round_trip():
    data = {
        "all": [
            {"var": "a", "lt_var": "b", "times": 2.0},
            {"not": {"set": "c"}},
            {"var": "d", "in": [1]},
        ]
    }
    cond = c.parse(data)
    assert sorted(c.variables(cond)) == ["a", "b", "c", "d"]
    assert c.to_data(cond) == data


def test_no_eval_anywhere():
    # a string that would do damage if evaluated is just an unequal value
    cond = c.parse({"var": "qps", "eq": "__import__('os').system('false')"})
    assert c.evaluate(cond, ENV) is False
