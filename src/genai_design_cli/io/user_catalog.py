"""The user's own catalog file (GENAI_DESIGN_HOME/catalog.toml): imported model tables merged
into it, then written back atomically. Also reads the JSON price file an import starts from."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from genai_design_cli.errors import UserError

FIX_OR_REMOVE = "Fix or remove that file, then import again."


def read_json_file(path: Path) -> Any:
    """A JSON file's data; an unreadable or invalid file is a UserError naming it."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UserError(f"cannot read the file ({exc.strerror or exc})", where=str(path)) from None
    except UnicodeDecodeError:
        raise UserError("not a text file (it is not UTF-8)", where=str(path)) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserError(
            f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}",
            where=str(path),
            hint="Give LiteLLM's model_prices_and_context_window.json or a file in its format.",
        ) from None


def read_user_catalog(path: Path) -> dict[str, Any]:
    """The user's catalog as data ({} when the file does not exist yet)."""
    from genai_design_cli.io.tomlfile import TomlProblems, load_toml

    if not path.is_file():
        return {}
    try:
        return load_toml(path.read_text(encoding="utf-8"), str(path))
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise UserError(
            f"your catalog cannot be read, so nothing was imported ({reason})",
            where=str(path),
            hint=FIX_OR_REMOVE,
        ) from None
    except TomlProblems as exc:
        problem = exc.problems[0]
        raise UserError(
            f"your catalog cannot be read, so nothing was imported: {problem.message}",
            where=problem.where,
            hint=FIX_OR_REMOVE,
        ) from None


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


def import_models(imported: dict[str, dict[str, Any]], path: Path | None = None) -> Path:
    """Merge `imported` model tables into the user's catalog and write it atomically (a crash
    leaves the old file whole). Returns the file written."""
    import tomli_w

    from genai_design_cli.io.atomic import atomic_write
    from genai_design_cli.io.paths import user_catalog_file

    target = path if path is not None else user_catalog_file()
    merged = merge_models(read_user_catalog(target), imported)
    try:
        atomic_write(target, tomli_w.dumps(merged))
    except OSError as exc:
        raise UserError(
            f"cannot write your catalog ({exc.strerror or exc})", where=str(target)
        ) from None
    return target
