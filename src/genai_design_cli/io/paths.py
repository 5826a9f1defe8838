"""Where genai-design keeps its files: GENAI_DESIGN_HOME, else the platform's user data dir."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

HOME_ENV = "GENAI_DESIGN_HOME"


def home() -> Path:
    """The user's data folder (sessions, history, own frameworks and catalog).

    GENAI_DESIGN_HOME naming something that is not a folder (a file, a device) is a clear
    error here rather than a confusing one from the first file written under it."""
    override = os.environ.get(HOME_ENV)
    if override:
        folder = Path(override).expanduser()
        try:
            usable = folder.is_dir() or not folder.exists()
        except (OSError, ValueError):  # a name too long, a NUL byte
            usable = False
        if not usable or "\0" in override:
            from genai_design_cli.errors import UserError

            raise UserError(
                f"{HOME_ENV}={override[:200]} is not a folder",
                hint=f"Point {HOME_ENV} at a folder (it is created if missing), or unset it.",
            )
        return folder
    from platformdirs import user_data_path

    return user_data_path("genai-design", appauthor=False)


def sessions_dir() -> Path:
    return home() / "sessions"


def user_frameworks_dir() -> Path:
    return home() / "frameworks"


def history_file() -> Path:
    return home() / "history.jsonl"


def user_catalog_file() -> Path:
    return home() / "catalog.toml"


def _data_dir(name: str) -> Path:
    """A folder shipped with the package; in a source checkout, the repository's own folder.

    The wheel carries `frameworks/` and `examples/cases/` under `genai_design_cli/_data/`
    (see pyproject's force-include); an editable install reads them from the repository.
    """
    packaged = Path(str(resources.files("genai_design_cli"))) / "_data" / name
    if packaged.is_dir():
        return packaged
    repo_root = Path(__file__).resolve().parents[3]
    source = {"frameworks": repo_root / "frameworks", "cases": repo_root / "examples" / "cases"}
    return source[name]


def builtin_frameworks_dir() -> Path:
    return _data_dir("frameworks")


def builtin_cases_dir() -> Path:
    return _data_dir("cases")
