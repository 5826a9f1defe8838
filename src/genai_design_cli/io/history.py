"""The practice history: one JSON line per practice result under GENAI_DESIGN_HOME.

A line that is torn, hand-edited or hostile (a 400-digit score, NaN, a list where a number
goes, nesting 1,000 deep) is skipped, never fatal: the rest of the history still counts."""

from __future__ import annotations

import json
import math
import os
import stat
from pathlib import Path
from typing import Any

MAX_HISTORY_BYTES = 64 << 20  # about 60,000 practice runs
MAX_SCORE = 1_000.0  # scores are 0-100; anything far outside is not a score


def append_history(entry: dict[str, Any], path: Path | None = None) -> Path:
    """Append one practice result as a JSON line, flushed and fsynced (a crash right after
    practice still keeps it). Only to a regular file: a FIFO there would block forever."""
    from genai_design_cli.errors import UserError
    from genai_design_cli.io import paths

    target = path or paths.history_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        info = target.stat()
    except FileNotFoundError:
        info = None
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise UserError(
            "not a regular file; the practice result was not recorded", where=str(target)
        )
    line = json.dumps(entry, ensure_ascii=False, sort_keys=False)
    with open(target, "a", encoding="utf-8") as handle:
        handle.write(line + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    return target


def _number(value: Any) -> bool:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return False
    # compare before isfinite: a 400-digit int overflows a float conversion
    return abs(value) <= MAX_SCORE and math.isfinite(value)


def _usable(entry: Any) -> bool:
    """A history entry the progress view can read: scores finite and in range, text fields
    text."""
    if not isinstance(entry, dict) or not isinstance(entry.get("steps"), dict):
        return False
    if not all(isinstance(k, str) and _number(v) for k, v in entry["steps"].items()):
        return False
    if "total" in entry and entry["total"] is not None and not _number(entry["total"]):
        return False
    return all(
        entry.get(key) is None or isinstance(entry.get(key), str)
        for key in ("date", "case", "session", "framework")
    )


def _parse_line(line: str) -> Any:
    try:
        return json.loads(line, parse_constant=lambda _: None)
    except (ValueError, RecursionError):  # JSON errors, 5,000-digit numbers, deep nesting
        return None


def read_history(path: Path | None = None) -> list[dict[str, Any]]:
    """Every readable history entry, oldest first; a session recorded twice keeps its latest
    result. Unreadable lines (a torn write, a hand edit) are skipped, not fatal; so is a
    history that is not a regular file."""
    from genai_design_cli.errors import UserError
    from genai_design_cli.io import paths
    from genai_design_cli.io.files import read_bytes

    target = path or paths.history_file()
    try:
        text = read_bytes(target, limit=MAX_HISTORY_BYTES, what="history").decode(
            "utf-8", errors="replace"
        )
    except UserError:
        return []
    entries: list[dict[str, Any]] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        entry = _parse_line(line)
        if _usable(entry):
            entries.append(entry)
    latest: dict[str, int] = {}
    for index, entry in enumerate(entries):
        if entry.get("session"):
            latest[str(entry["session"])] = index
    kept = [
        e for i, e in enumerate(entries) if not e.get("session") or latest[str(e["session"])] == i
    ]
    kept.sort(key=lambda e: str(e.get("date", "")))
    return kept
