"""The practice history: one JSON line per practice result under GENAI_DESIGN_HOME."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


def append_history(entry: dict[str, Any], path: Path | None = None) -> Path:
    """Append one practice result as a JSON line, flushed and fsynced (a crash right after
    practice still keeps it)."""
    from genai_design_cli.io import paths

    target = path or paths.history_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(entry, ensure_ascii=False, sort_keys=False)
    with open(target, "a", encoding="utf-8") as handle:
        handle.write(line + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    return target


def read_history(path: Path | None = None) -> list[dict[str, Any]]:
    """Every readable history entry, oldest first; a session recorded twice keeps its latest
    result. Unreadable lines (a torn write, a hand edit) are skipped, not fatal."""
    from genai_design_cli.io import paths

    target = path or paths.history_file()
    try:
        text = target.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return []
    except OSError:
        return []
    entries: list[dict[str, Any]] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            continue
        if not isinstance(entry, dict) or not isinstance(entry.get("steps"), dict):
            continue
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
