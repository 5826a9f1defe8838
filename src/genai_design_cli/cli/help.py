"""Help that fits any width: docstrings are written as paragraphs (hard-wrapped in the source,
joined here, so the terminal wraps them once), example lines are kept as they are, and flags
show no `<bool>` type.

Typer's Rich help keeps every line break of a docstring, so a paragraph wrapped at 96 columns
in the source comes out ragged at 80 ("...numbers accept 10M or / 2.5k; cost..."). `tidy`
rewrites the help of a whole command tree once, before Click parses anything: cheap, and every
command added later by any module gets the same treatment.
"""

from __future__ import annotations

import inspect
import re
from typing import Any

_BULLET = re.compile(r"^(?:[-*•]|\d+[.)])\s")


def paragraphs(text: str | None) -> str | None:
    """`text` with the lines of each prose paragraph joined. Kept as written: a paragraph
    that starts with `\\b` (Click's "no rewrap" mark), an indented block (examples), and the
    items of a list (each item's own lines are joined)."""
    if not text:
        return text
    head, form_feed, tail = inspect.cleandoc(text).partition("\f")
    out = []
    for block in re.split(r"\n\s*\n", head.strip()):
        lines = block.splitlines()
        if block.startswith("\b") or all(line[:1].isspace() for line in lines if line.strip()):
            out.append(block)
        elif any(_BULLET.match(line) for line in lines):
            out.append("\n".join(_join_items(lines)))
        else:
            out.append(" ".join(line.strip() for line in lines))
    return "\n\n".join(out) + (form_feed + tail if form_feed else "")


def _join_items(lines: list[str]) -> list[str]:
    items: list[str] = []
    for line in lines:
        if _BULLET.match(line.strip()) or not items:
            items.append(line.rstrip())
        else:
            items[-1] += " " + line.strip()
    return items


def _no_type(ctx: Any) -> None:
    return None


def _untyped_flag(option: Any) -> None:
    """A flag takes no value: no `<bool>` beside it."""
    if option is not None and getattr(option, "is_flag", False):
        option.display_type_rich = _no_type


def tidy(command: Any, seen: set[int] | None = None) -> None:
    """Paragraph help and untyped flags for `command` and every command under it."""
    seen = set() if seen is None else seen
    if id(command) in seen:
        return
    seen.add(id(command))
    command.help = paragraphs(command.help)
    for param in getattr(command, "params", []):
        if getattr(param, "help", None):
            param.help = paragraphs(param.help)
        _untyped_flag(param)
    original = command.get_help_option

    def help_option(ctx: Any, _original: Any = original) -> Any:
        option = _original(ctx)
        _untyped_flag(option)
        return option

    command.get_help_option = help_option
    for sub in getattr(command, "commands", {}).values():
        tidy(sub, seen)
