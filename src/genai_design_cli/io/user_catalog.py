"""The user's own catalog file (GENAI_DESIGN_HOME/catalog.toml): imported model tables merged
into it, then written back atomically. Also reads the JSON price file an import starts from.

The merge edits the user's file in place with tomlkit, which keeps what a person wrote there:
comments, the order of tables, their own models and keys. (The alternative, a separate
`catalog.imported.toml` read before the user's file, would keep comments too, but then an
import could never update an entry the user wrote, and the catalog would be two files.)
A LiteLLM file is read with limits: only a regular file, finite numbers of sane size, no
text UTF-8 cannot store, nesting within reason; each refusal names the file and the place.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from genai_design_cli.errors import UserError

FIX_OR_REMOVE = "Fix or remove that file, then import again."
LITELLM_HINT = "Give LiteLLM's model_prices_and_context_window.json or a file in its format."
MAX_DIGITS = 30  # an integer in a price file: token counts, never 400-digit numbers
MAX_JSON_DEPTH = 32  # LiteLLM's file nests 3 deep


class _BadNumber(ValueError):
    pass


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _BadNumber(f"the number {text[:40]} is out of range")
    return value


def _small_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise _BadNumber(f"a {len(text)}-digit number")
    return int(text)


def _no_constant(text: str) -> Any:
    raise _BadNumber(f"{text} is not a number JSON allows")


def read_json_file(path: Path) -> Any:
    """A JSON file's data; an unreadable or invalid file is a UserError naming it."""
    from genai_design_cli.io.files import MAX_JSON_BYTES, read_text
    from genai_design_cli.io.tomlfile import too_deep

    text = read_text(path, limit=MAX_JSON_BYTES, what="price file")
    try:
        data = json.loads(
            text, parse_float=_finite_float, parse_int=_small_int, parse_constant=_no_constant
        )
    except json.JSONDecodeError as exc:
        raise UserError(
            f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}",
            where=str(path),
            hint=LITELLM_HINT,
        ) from None
    except _BadNumber as exc:
        raise UserError(
            f"not a usable price file: {exc}", where=str(path), hint=LITELLM_HINT
        ) from None
    except RecursionError:
        raise UserError("nested too deeply to be a price file", where=str(path)) from None
    deep = too_deep(data, MAX_JSON_DEPTH)
    if deep is not None:
        raise UserError(f"nested too deeply at {deep[:80]}", where=str(path), hint=LITELLM_HINT)
    bad = _unencodable(data)
    if bad is not None:
        raise UserError(
            f"text at {bad[:80]} holds a lone UTF-16 surrogate (an escape like \\ud800), "
            "which no catalog can store",
            where=str(path),
            hint=LITELLM_HINT,
        )
    return data


def _unencodable(data: Any) -> str | None:
    """The path of the first string (key or value) UTF-8 cannot encode, or None."""
    stack: list[tuple[Any, str]] = [(data, "")]
    while stack:
        item, where = stack.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                path = f"{where}.{key}" if where else str(key)
                if not _encodes(key):
                    return path.encode("utf-8", "backslashreplace").decode("ascii", "replace")
                stack.append((value, path))
        elif isinstance(item, list):
            stack.extend((v, f"{where}[{i}]") for i, v in enumerate(item))
        elif isinstance(item, str) and not _encodes(item):
            return where.encode("utf-8", "backslashreplace").decode("ascii", "replace")
    return None


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _read_text(path: Path) -> str | None:
    """The catalog's text, or None when there is none yet."""
    from genai_design_cli.io.files import read_text

    try:
        exists = path.exists()
    except OSError:
        exists = True  # let reading say what is wrong
    if not exists:
        return None
    try:
        return read_text(path, what="catalog")
    except UserError as exc:
        raise UserError(
            f"your catalog cannot be read, so nothing was imported ({exc.message})",
            where=str(path),
            hint=FIX_OR_REMOVE,
        ) from None


def read_user_catalog(path: Path) -> dict[str, Any]:
    """The user's catalog as data ({} when the file does not exist yet)."""
    from genai_design_cli.io.tomlfile import TomlProblems, load_toml

    text = _read_text(path)
    if text is None:
        return {}
    try:
        data = load_toml(text, str(path))
    except TomlProblems as exc:
        problem = exc.problems[0]
        raise UserError(
            f"your catalog cannot be read, so nothing was imported: {problem.message}",
            where=problem.where,
            hint=FIX_OR_REMOVE,
        ) from None
    for key in ("models", "gpus"):
        if key in data and not isinstance(data[key], dict):
            raise UserError(
                f"`{key}` must be a table of entries ([{key}.<id>]), not a single value",
                where=f"{path}: {key}",
                hint=FIX_OR_REMOVE,
            )
    return data


def merge_models(catalog: dict[str, Any], imported: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """`catalog` with the `imported` model tables merged in; neither argument is changed.

    Models and keys the import does not mention are kept. An imported model's `price` replaces
    the old one whole (a price is one dated quote: its tiers and dates belong together); its
    other tables (`cache`, ...) are merged key by key, and its other keys replace the old."""
    models = dict(catalog.get("models", {}))
    for model_id, table in imported.items():
        merged = dict(models.get(model_id, {}))
        for key, value in table.items():
            old = merged.get(key)
            if key != "price" and isinstance(value, dict) and isinstance(old, dict):
                merged[key] = {**old, **value}
            else:
                merged[key] = value
        models[model_id] = merged
    return {**catalog, "models": models}


def _merge_into_document(document: Any, imported: dict[str, dict[str, Any]]) -> None:
    """`merge_models` done in place on a tomlkit document, so that everything the import does
    not change (comments, layout, other entries) stays as the user wrote it."""
    import tomlkit

    models = document.get("models")
    if models is None:
        models = tomlkit.table(is_super_table=True)
        document["models"] = models
    for model_id, table in imported.items():
        entry = models.get(model_id)
        if not isinstance(entry, Mapping):
            models[model_id] = table
            continue
        for key, value in table.items():
            old = entry.get(key)
            if key != "price" and isinstance(value, dict) and isinstance(old, Mapping):
                for inner, inner_value in value.items():
                    old[inner] = inner_value
            else:
                entry[key] = value


def import_models(imported: dict[str, dict[str, Any]], path: Path | None = None) -> Path:
    """Merge `imported` model tables into the user's catalog, keeping its comments and
    layout, and write it atomically (a crash leaves the old file whole). Returns the file."""
    import tomlkit

    from genai_design_cli.io.atomic import atomic_write
    from genai_design_cli.io.paths import user_catalog_file

    target = path if path is not None else user_catalog_file()
    read_user_catalog(target)  # a broken catalog is refused, with its line, before any change
    text = _read_text(target)
    document = tomlkit.parse(text) if text else tomlkit.document()
    _merge_into_document(document, imported)
    try:
        atomic_write(target, tomlkit.dumps(document))
    except OSError as exc:
        raise UserError(
            f"cannot write your catalog ({exc.strerror or exc})", where=str(target)
        ) from None
    return target
