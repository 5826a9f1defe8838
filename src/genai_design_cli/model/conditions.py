"""The condition language of framework files (`when = {...}`): parsed from data, never eval'd.

Forms (DESIGN.md "Conditions"):
    { var = NAME, OP = VALUE }          OP in eq ne lt le gt ge in contains
    { var = NAME, OP_var = OTHER }      compare two variables
    { var = NAME, OP_var = OTHER, times = K }   compare with K × OTHER (e.g. 10× growth)
    { set = NAME }                      the variable has a value
    { all = [...] }  { any = [...] }  { not = {...} }

A comparison whose variable (or other variable) has no value is false; `not` inverts that,
so `{ not = { var = "x", eq = 1 } }` holds when x is unset.
"""

from __future__ import annotations

import operator
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

OPERATORS = ("eq", "ne", "lt", "le", "gt", "ge", "in", "contains")
FORMS = ("var", "set", "all", "any", "not")


class ConditionError(ValueError):
    """A malformed condition; the message says what is allowed."""


@dataclass(frozen=True)
class Compare:
    var: str
    op: str
    value: Any = None
    other_var: str | None = None
    times: float = 1.0  # with other_var: compare against times × other


@dataclass(frozen=True)
class IsSet:
    var: str


@dataclass(frozen=True)
class All:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    item: Condition


Condition = Compare | IsSet | All | AnyOf | Not


def parse(data: Any, where: str = "when") -> Condition:
    """Turn the TOML/JSON form into a Condition, or raise ConditionError naming `where`."""
    if isinstance(data, (Compare, IsSet, All, AnyOf, Not)):
        return data
    if not isinstance(data, Mapping):
        raise ConditionError(
            f'{where}: a condition is a table such as {{ var = "qps", gt = 100 }}, '
            f"got {type(data).__name__}"
        )
    if "var" in data:
        return _parse_compare(data, where)
    if len(data) != 1:
        raise ConditionError(
            f"{where}: a condition has one of the keys {', '.join(FORMS)}; got {sorted(data)}"
        )
    ((form, body),) = data.items()
    if form not in _FORM_PARSERS:
        raise ConditionError(
            f"{where}: unknown condition key {form!r}; allowed: {', '.join(FORMS)}"
        )
    return _FORM_PARSERS[form](body, f"{where}.{form}")


def _parse_compare(data: Mapping[str, Any], where: str) -> Compare:
    ops = [k for k in data if k not in ("var", "times")]
    if len(ops) != 1:
        raise ConditionError(
            f"{where}: give exactly one operator beside 'var' "
            f"(one of {', '.join(OPERATORS)}, or OP_var), got {sorted(ops) or 'none'}"
        )
    op = ops[0]
    var = data["var"]
    if not isinstance(var, str) or not var:
        raise ConditionError(f"{where}.var: must be a variable name")
    if op.endswith("_var"):
        return _parse_compare_vars(data, where, var, op)
    if op not in OPERATORS:
        raise ConditionError(
            f"{where}: unknown operator {op!r}; allowed: {', '.join(OPERATORS)} "
            "(or OP_var to compare two variables)"
        )
    if "times" in data:
        raise ConditionError(f"{where}.times: only goes with OP_var comparisons")
    value = data[op]
    if op == "in" and not isinstance(value, (list, tuple)):
        raise ConditionError(f"{where}.in: must be a list of values")
    return Compare(var, op, value=tuple(value) if op == "in" else value)


def _parse_compare_vars(data: Mapping[str, Any], where: str, var: str, op: str) -> Compare:
    base = op[: -len("_var")]
    if base not in OPERATORS:
        raise ConditionError(
            f"{where}: unknown operator {op!r}; allowed: "
            + ", ".join(OPERATORS + tuple(o + "_var" for o in OPERATORS))
        )
    other = data[op]
    if not isinstance(other, str):
        raise ConditionError(f"{where}.{op}: must name another variable")
    times = data.get("times", 1.0)
    if isinstance(times, bool) or not isinstance(times, (int, float)):
        raise ConditionError(f"{where}.times: must be a number")
    return Compare(var, base, other_var=other, times=float(times))


def _parse_set(body: Any, where: str) -> IsSet:
    if not isinstance(body, str):
        raise ConditionError(f"{where}: must be a variable name")
    return IsSet(body)


def _parse_items(body: Any, where: str) -> tuple[Condition, ...]:
    if not isinstance(body, (list, tuple)) or not body:
        raise ConditionError(f"{where}: must be a non-empty list of conditions")
    return tuple(parse(item, f"{where}[{i}]") for i, item in enumerate(body))


_FORM_PARSERS = {
    "set": _parse_set,
    "all": lambda body, where: All(_parse_items(body, where)),
    "any": lambda body, where: AnyOf(_parse_items(body, where)),
    "not": lambda body, where: Not(parse(body, where)),
}


def variables(cond: Condition) -> Iterator[str]:
    """Every variable name a condition reads."""
    if isinstance(cond, Compare):
        yield cond.var
        if cond.other_var:
            yield cond.other_var
    elif isinstance(cond, IsSet):
        yield cond.var
    elif isinstance(cond, (All, AnyOf)):
        for item in cond.items:
            yield from variables(item)
    elif isinstance(cond, Not):
        yield from variables(cond.item)


def _has(env: Mapping[str, Any], name: str) -> bool:
    value = env.get(name)
    return value is not None and value != "" and value != []


def _in(left: Any, right: Any) -> bool:
    if isinstance(left, (list, tuple)):
        return any(item in right for item in left)
    return left in right


def _contains(left: Any, right: Any) -> bool:
    if isinstance(left, str) and isinstance(right, str):
        return right.lower() in left.lower()
    return right in left


_COMPARE = {
    "eq": operator.eq,
    "ne": operator.ne,
    "lt": operator.lt,
    "le": operator.le,
    "gt": operator.gt,
    "ge": operator.ge,
    "in": _in,
    "contains": _contains,
}


def _compare(op: str, left: Any, right: Any) -> bool:
    if op not in _COMPARE:
        raise ConditionError(f"unknown operator {op!r}")
    try:
        return bool(_COMPARE[op](left, right))
    except TypeError:
        return False  # e.g. comparing text with a number: the condition does not hold


def evaluate(cond: Condition, env: Mapping[str, Any]) -> bool:
    """Does the condition hold over the variables in `env`?"""
    if isinstance(cond, Compare):
        if not _has(env, cond.var):
            return False
        if cond.other_var is not None:
            if not _has(env, cond.other_var):
                return False
            other = env[cond.other_var]
            if cond.times != 1.0 and isinstance(other, (int, float)):
                other = other * cond.times
            return _compare(cond.op, env[cond.var], other)
        return _compare(cond.op, env[cond.var], cond.value)
    if isinstance(cond, IsSet):
        return _has(env, cond.var)
    if isinstance(cond, All):
        return all(evaluate(item, env) for item in cond.items)
    if isinstance(cond, AnyOf):
        return any(evaluate(item, env) for item in cond.items)
    if isinstance(cond, Not):
        return not evaluate(cond.item, env)
    raise ConditionError(f"not a condition: {cond!r}")


def to_data(cond: Condition) -> dict[str, Any]:
    """The TOML/JSON form of a condition (inverse of `parse`)."""
    if isinstance(cond, Compare):
        if cond.other_var is not None:
            data = {"var": cond.var, f"{cond.op}_var": cond.other_var}
            return data | ({"times": cond.times} if cond.times != 1.0 else {})
        value = list(cond.value) if cond.op == "in" else cond.value
        return {"var": cond.var, cond.op: value}
    if isinstance(cond, IsSet):
        return {"set": cond.var}
    if isinstance(cond, All):
        return {"all": [to_data(i) for i in cond.items]}
    if isinstance(cond, AnyOf):
        return {"any": [to_data(i) for i in cond.items]}
    return {"not": to_data(cond.item)}


# JSON Schema of a condition, for `framework schema` (pydantic cannot derive it from the
# dataclasses above, and the parser gives clearer errors than a pydantic union would).
JSON_SCHEMA: dict[str, Any] = {
    "title": "Condition",
    "description": "var + one operator, or set / all / any / not. Never evaluated as code.",
    "type": "object",
    "oneOf": [
        {
            "type": "object",
            "required": ["var"],
            "properties": {"var": {"type": "string"}, "times": {"type": "number"}}
            | {op: {} for op in OPERATORS}
            | {f"{op}_var": {"type": "string"} for op in OPERATORS},
            "minProperties": 2,
            "maxProperties": 3,
            "additionalProperties": False,
        },
        {
            "type": "object",
            "required": ["set"],
            "properties": {"set": {"type": "string"}},
            "additionalProperties": False,
        },
        {
            "type": "object",
            "required": ["all"],
            "properties": {"all": {"type": "array", "items": {"$ref": "#/$defs/Condition"}}},
            "additionalProperties": False,
        },
        {
            "type": "object",
            "required": ["any"],
            "properties": {"any": {"type": "array", "items": {"$ref": "#/$defs/Condition"}}},
            "additionalProperties": False,
        },
        {
            "type": "object",
            "required": ["not"],
            "properties": {"not": {"$ref": "#/$defs/Condition"}},
            "additionalProperties": False,
        },
    ],
}
