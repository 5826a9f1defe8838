"""The first prompt of `new`: the design's title, asked with questionary alone (no Rich, no
pydantic, no framework yet), so it shows as fast as a bare prompt would. What the title
prompt says and refuses is the engine's own (`interview.title`)."""

from __future__ import annotations

from genai_design_cli.interview.title import TITLE_PROMPT, TITLE_REQUIRED


def ask_title() -> str:
    """The title, stripped; never empty. Ctrl-C raises KeyboardInterrupt."""
    import questionary
    from prompt_toolkit.styles import Style

    answer = questionary.text(
        TITLE_PROMPT + " *",
        validate=lambda value: bool(value.strip()) or TITLE_REQUIRED,
        style=Style([("instruction", "fg:#888888 italic")]),
    ).unsafe_ask()
    return str(answer).strip()
