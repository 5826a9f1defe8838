"""Printing for commands: JSON on stdout, Rich consoles that follow the terminal (NO_COLOR,
non-TTY output give plain text)."""

from __future__ import annotations

import json
import sys
from typing import Any


def print_json(data: Any) -> None:
    """One JSON object on stdout, nothing else there."""
    sys.stdout.write(json.dumps(data, indent=2, default=str, ensure_ascii=False) + "\n")


def console(stderr: bool = False):
    """A Rich console; Rich itself honours NO_COLOR and drops styling when not a terminal."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)
