"""TOML files that users write (frameworks, cases, sessions and answers): parsing and
validation problems located by file, line, column and dotted path. Pure: text in, data or
problems out."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from genai_design_cli.io.toml import tomllib

if TYPE_CHECKING:
    from pydantic import ValidationError


@dataclass(frozen=True)
class Problem:
    where: str  # "file.toml:12:5" or "file.toml: steps[3].questions[1].kind"
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class TomlProblems(ValueError):
    """A file that cannot be used, with every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def load_toml(text: str, source: str) -> dict[str, Any]:
    """Parse TOML text; a syntax error becomes `source:line:col` with the offending line."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _TOML_POSITION.search(message)
        if not match:
            raise TomlProblems([Problem(source, f"TOML syntax error: {message}")]) from None
        line, col = int(match.group(1)), int(match.group(2))
        bare = _TOML_POSITION.sub("", message).strip()
        lines = text.splitlines()
        shown = lines[line - 1].strip() if 0 < line <= len(lines) else ""
        detail = f"TOML syntax error: {bare}" + (f"\n      {shown}" if shown else "")
        raise TomlProblems([Problem(f"{source}:{line}:{col}", detail)]) from None


def validation_problems(
    exc: ValidationError, source: str, text: str | None = None
) -> list[Problem]:
    """Each pydantic error as `source:line: dotted.path: what is wrong` (the line when the
    TOML `text` is given and the path can be followed in it)."""
    entries: list[tuple[str, str]] = []
    for error in exc.errors():
        path = _loc_to_path(tuple(error["loc"]))
        if not path and error.get("type") == "value_error":
            # model-level checks (a framework's cross-references) join their problems with
            # newlines, each "path: message": split them back up
            message = str(error["msg"]).removeprefix("Value error, ")
            for part in message.split("\n"):
                where, _, what = part.partition(": ")
                entries.append((where, what))
            continue
        entries.append((path, _describe(error)))
    problems = []
    for path, message in entries:
        line = locate_line(text, path.split("[*]")[0]) if text and path else None
        where = f"{source}:{line}: {path}" if line else f"{source}: {path or '(top level)'}"
        problems.append(Problem(where, message))
    return problems


_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def _loc_to_path(loc: tuple[Any, ...]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif str(part).startswith(("function-", "json-or-python", "Annotated")):
            continue  # pydantic's internal validator names
        else:
            path += ("." if path else "") + str(part)
    return path


def _describe(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    if kind == "extra_forbidden":
        return "unknown key (check its spelling; unknown keys are not allowed)"
    if kind == "missing":
        return "required, but missing"
    message = str(error.get("msg", "invalid"))
    message = message.removeprefix("Value error, ")
    if "input" in error and kind not in ("model_type", "dict_type", "value_error"):
        shown = repr(error["input"])
        if len(shown) <= 60:
            message += f" (got {shown})"
    return message


_PATH_PART = re.compile(r"([A-Za-z_][\w-]*)(?:\[(\d+)\])?")


def _header_ends(line: str, table: str) -> bool:
    stripped = line.strip()
    if not stripped.startswith("["):
        return False
    header = stripped.strip("[] \t").split("]")[0].strip()
    return not header.startswith(table + ".")


def locate_line(text: str, path: str) -> int | None:
    """The line (1-based) where a dotted path such as `steps[3].questions[1].kind` or
    `answers.requirements.qps` is written, for files laid out with [table] and
    [[array-of-tables]] headers. None when the path cannot be followed (e.g. inline tables);
    the dotted path still says where."""
    lines = text.splitlines()
    start, end = 0, len(lines)  # the span of the current table
    prefix = ""
    parts = path.split(".")
    for position, part in enumerate(parts):
        match = _PATH_PART.fullmatch(part)
        if not match:
            return None
        key, index = match.group(1), match.group(2)
        name = f"{prefix}.{key}" if prefix else key
        if index is not None:
            header = re.compile(rf"^\s*\[\[\s*{re.escape(name)}\s*\]\]")
            hits = [n for n in range(start, end) if header.match(lines[n])]
            if not hits:  # an inline array (`choices = [...]`): its key's line
                return _assignment_line(lines, key, start, end, prefix)
            if int(index) >= len(hits):
                return None
            start = hits[int(index)]
            # the table ends at the next header that is not one of its own sub-tables
            end = next((n for n in range(start + 1, end) if _header_ends(lines[n], name)), end)
            prefix = name
            continue
        if position < len(parts) - 1:
            # a [table] (or [table.sub]) on the way: carry on inside it
            header = re.compile(rf"^\s*\[\s*{re.escape(name)}\s*[\].]")
            hit = next((n for n in range(start, end) if header.match(lines[n])), None)
            if hit is not None:
                start = hit
                end = next((n for n in range(hit + 1, end) if _header_ends(lines[n], name)), end)
                prefix = name
                continue
        return _assignment_line(lines, key, start, end, prefix)
    return start + 1 if prefix else None


def _assignment_line(lines: list[str], key: str, start: int, end: int, table: str) -> int | None:
    """The line of `key = ...` among a table's own keys, or of a `[table.key]` header; else
    the table's header line."""
    assignment = re.compile(rf"^\s*{re.escape(key)}\s*=")
    name = f"{table}.{key}" if table else key
    header = re.compile(rf"^\s*\[\[?\s*{re.escape(name)}\s*[\].]")
    own_keys = True  # a table's own keys come before its sub-tables
    for n in range(start + (1 if table else 0), end):
        stripped = lines[n].lstrip()
        if header.match(lines[n]):
            return n + 1
        if stripped.startswith("["):
            if table and not stripped.lstrip("[").startswith(f"{table}."):
                break  # past this table and its sub-tables
            own_keys = False
        elif own_keys and assignment.match(lines[n]):
            return n + 1
    return start + 1 if table else None
