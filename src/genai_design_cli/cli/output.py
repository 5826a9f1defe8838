"""Printing for commands: one JSON object on stdout (consoles live in tui/console.py)."""

from __future__ import annotations

import json
import sys
from typing import Any


def print_json(data: Any) -> None:
    """One JSON object on stdout, nothing else there.

    Strict JSON only: NaN and infinity are not JSON (Python would print `NaN`/`Infinity`, which
    other parsers reject), so a stray non-finite number is printed as null instead.
    """
    try:
        text = json.dumps(data, indent=2, default=str, ensure_ascii=False, allow_nan=False)
    except ValueError:  # a NaN or infinity somewhere: null it rather than crash
        text = json.dumps(_finite(data), indent=2, default=str, ensure_ascii=False, allow_nan=False)
    sys.stdout.write(text + "\n")


def _finite(value: Any) -> Any:
    """`value` with every NaN/infinite float replaced by None (dicts, lists, tuples walked)."""
    if isinstance(value, float):
        return value if value == value and value not in (float("inf"), float("-inf")) else None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(item) for item in value]
    return value
