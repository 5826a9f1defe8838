"""Entry point for the `genai-design` console script and `python -m genai_design_cli`."""

from __future__ import annotations


def main() -> None:
    _readable_streams()
    from genai_design_cli.cli import app

    app(prog_name="genai-design")


def _readable_streams() -> None:
    """On a terminal or pipe that cannot encode Unicode (LANG=C, PYTHONIOENCODING=ascii), a
    character such as → becomes ? instead of stopping the command with an encoding error."""
    import contextlib
    import sys

    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if stream is not None and encoding != "utf8" and hasattr(stream, "reconfigure"):
            with contextlib.suppress(OSError, ValueError):
                stream.reconfigure(errors="replace")


if __name__ == "__main__":
    main()
