"""Rich consoles that follow the terminal: NO_COLOR and non-TTY output give plain text."""

from __future__ import annotations


def console(stderr: bool = False):
    """A Rich console: plain text when not a terminal (Rich's own rule) and, with NO_COLOR
    set, no styling at all (Rich alone drops only the colours and keeps bold and dim)."""
    import os

    from rich.console import Console

    plain = {"color_system": None} if os.environ.get("NO_COLOR") else {}
    return Console(stderr=stderr, highlight=False, soft_wrap=False, **plain)


def has_terminal() -> bool:
    """Can we prompt? stdin is a terminal, or prompt_toolkit was given an input (tests)."""
    import sys

    try:
        if sys.stdin is not None and sys.stdin.isatty():
            return True
    except (AttributeError, ValueError):
        pass
    from prompt_toolkit.application.current import get_app_session

    return getattr(get_app_session(), "_input", None) is not None
