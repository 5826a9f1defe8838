"""TOML files that users write (frameworks, cases, sessions and answers): parsing and
validation problems located by file, line, column and dotted path. Pure: text in, data or
problems out.

Limits guard every command from one hostile file: a file nested deeper than `MAX_DEPTH`
tables or arrays is refused before anything recursive (pydantic, the writer) sees it, and
finding the lines of many problems reads the text once (`LineIndex`), not once per problem.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

# Tables and arrays inside each other. Our own files need about 8 (a framework's nested
# `when` conditions); 1,000 would overflow Python's recursion limit in the parser.
MAX_DEPTH = 48
# Problems listed in one message; the rest are counted.
MAX_LISTED = 20


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
    """Parse TOML text; a syntax error becomes `source:line:col` with the offending line.
    Nesting deeper than MAX_DEPTH is a problem too (it would overflow the recursion limit in
    the parser or in whatever reads the data next)."""
    try:
        data = tomllib.loads(text)
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
    except RecursionError:
        raise TomlProblems([Problem(source, _too_deep())]) from None
    deep = too_deep(data)
    if deep is not None:
        raise TomlProblems([Problem(f"{source}: {deep}", _too_deep())])
    return data


def _too_deep() -> str:
    return f"nested too deeply (more than {MAX_DEPTH} tables or arrays inside each other)"


def too_deep(data: Any, limit: int = MAX_DEPTH) -> str | None:
    """The dotted path where `data` goes deeper than `limit` levels of tables and arrays, or
    None. Iterative, so it cannot overflow itself."""
    stack: list[tuple[Any, str, int]] = [(data, "", 0)]
    while stack:
        value, path, depth = stack.pop()
        if isinstance(value, dict):
            items: Any = ((f"{path}.{k}" if path else str(k), v) for k, v in value.items())
        elif isinstance(value, list):
            items = ((f"{path}[{i}]", v) for i, v in enumerate(value))
        else:
            continue
        if depth >= limit:
            return path or "(top level)"
        for child_path, child in items:
            if isinstance(child, (dict, list)):
                stack.append((child, child_path, depth + 1))
    return None


def validation_problems(
    exc: ValidationError, source: str, text: str | None = None
) -> list[Problem]:
    """Each pydantic error as `source:line: dotted.path: what is wrong` (the line when the
    TOML `text` is given and the path can be followed in it). The text is indexed once, so
    16,000 unknown keys cost one pass, not 16,000."""
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
    index = LineIndex(text) if text else None
    problems = []
    for path, message in entries:
        line = index.line(path.split("[*]")[0]) if index is not None and path else None
        where = f"{source}:{line}: {path}" if line else f"{source}: {path or '(top level)'}"
        problems.append(Problem(where, message))
    return problems


def listed(problems: list[Problem], limit: int = MAX_LISTED) -> str:
    """The problems as indented lines, at most `limit` of them, then how many more."""
    lines = [f"  {p}" for p in problems[:limit]]
    if len(problems) > limit:
        lines.append(f"  ... and {len(problems) - limit:,} more")
    return "\n".join(lines)


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
        try:
            shown = repr(error["input"])
        except (ValueError, RecursionError):  # an int too long to print
            shown = ""
        if shown and len(shown) <= 60:
            message += f" (got {shown})"
    if kind == "literal_error" and isinstance(error.get("input"), str):
        message += _did_you_mean(error["input"], str(error.get("ctx", {}).get("expected", "")))
    return message


def _did_you_mean(given: str, expected: str) -> str:
    """`; did you mean 'number'?` for a misspelt choice (`nubmer`), from pydantic's list of
    what is allowed (`'text', 'multiline' or 'number'`)."""
    import difflib

    allowed = re.findall(r"'([^']*)'", expected)
    near = difflib.get_close_matches(given, allowed, n=1, cutoff=0.6)
    return f"; did you mean {near[0]!r}?" if near else ""


# --- where a dotted path is written ------------------------------------------------------------

_HEADER = re.compile(r"^\s*(\[\[?)\s*(.*?)\s*(\]\]?)\s*(?:#.*)?$")
_KEY_PART = re.compile(r'\s*("(?:[^"\\]|\\.)*"|\'[^\']*\'|[A-Za-z0-9_-]+)\s*')
_PATH_PART = re.compile(r"([^.\[\]]+)((?:\[\d+\])*)")


def _split_key(text: str) -> tuple[list[str], int] | None:
    """A dotted TOML key at the start of `text`: its parts (quotes removed) and where it
    ends; None if `text` does not start with a key."""
    parts: list[str] = []
    position = 0
    while True:
        match = _KEY_PART.match(text, position)
        if not match:
            return None
        raw = match.group(1)
        parts.append(raw[1:-1] if raw[0] in "\"'" else raw)
        position = match.end()
        if position < len(text) and text[position] == ".":
            position += 1
            continue
        return parts, position


class LineIndex:
    """Where each table, array-of-tables element and key of a TOML text is written, read in
    one pass: `line("steps[3].questions[1].kind")` is then a few dictionary look-ups.

    Paths use the dotted form of validation errors: `[[steps]]` elements are `steps[0]`,
    `steps[1]`...; a `[table.sub]` header also stands for `table` where that has no header
    of its own."""

    def __init__(self, text: str) -> None:
        self._lines: dict[str, int] = {}
        self._kinds: dict[str, str] = {}  # path -> "table" | "array" | "value"
        self._read(text)

    def _note(self, path: str, line: int, kind: str) -> None:
        if path not in self._lines:
            self._lines[path] = line
            self._kinds[path] = kind

    def _read(self, text: str) -> None:
        element: dict[str, str] = {}  # plain dotted name of an array of tables -> its element
        counts: dict[str, int] = {}
        table = ""  # the current table's path
        closing: str | None = None  # inside a multi-line string: its closing quotes
        for number, raw in enumerate(text.splitlines(), start=1):
            if closing is not None:
                if raw.count(closing) % 2 == 1:
                    closing = None
                continue
            header = _HEADER.match(raw)
            if header and header.group(1) == header.group(3)[::-1].replace("]", "["):
                split = _split_key(header.group(2))
                if split is None or split[1] != len(header.group(2)):
                    continue
                parts = split[0]
                path, plain = "", ""
                for depth, part in enumerate(parts):
                    plain = f"{plain}.{part}" if plain else part
                    path = f"{path}.{part}" if path else part
                    last = depth == len(parts) - 1
                    if not last:
                        path = element.get(plain, path)
                        self._note(path, number, "table")
                if header.group(1) == "[[":
                    index = counts.get(path, 0)
                    counts[path] = index + 1
                    self._note(path, number, "array")
                    for name in [n for n in element if n.startswith(plain + ".")]:
                        del element[name]
                    element[plain] = f"{path}[{index}]"
                    path = element[plain]
                self._note(path, number, "table")
                table = path
                continue
            split = _split_key(raw)
            if split is None:
                continue
            parts, end = split
            if not raw[end:].startswith("="):
                continue
            path = table
            for depth, part in enumerate(parts):
                path = f"{path}.{part}" if path else part
                last = depth == len(parts) - 1
                self._note(path, number, "value" if last else "table")
            value = raw[end + 1 :]
            for quotes in ('"""', "'''"):
                if quotes in value and value.count(quotes) % 2 == 1:
                    closing = quotes
                    break

    def line(self, path: str) -> int | None:
        """The line (1-based) of `path`; a key missing from a table gives the table's line;
        an element past the end of an array of tables gives None."""
        found: int | None = None
        prefix = ""
        for match in _PATH_PART.finditer(path):
            name, indices = match.group(1), match.group(2)
            prefix = f"{prefix}.{name}" if prefix else name
            if prefix not in self._lines:
                return found
            found = self._lines[prefix]
            if self._kinds[prefix] == "value":
                return found  # an inline value: whatever is deeper is on its line
            for index in re.findall(r"\[\d+\]", indices):
                prefix += index
                if prefix not in self._lines:
                    return None if self._kinds.get(prefix.rsplit("[", 1)[0]) == "array" else found
                found = self._lines[prefix]
        return found


def locate_line(text: str, path: str) -> int | None:
    """The line (1-based) where a dotted path such as `steps[3].questions[1].kind` or
    `answers.requirements.qps` is written, for files laid out with [table] and
    [[array-of-tables]] headers. None when the path cannot be followed (e.g. inline tables);
    the dotted path still says where. For many paths of one text, use one LineIndex."""
    return LineIndex(text).line(path)
