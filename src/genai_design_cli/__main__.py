"""Entry point for the `genai-design` console script and `python -m genai_design_cli`."""

from __future__ import annotations


def main() -> None:
    from genai_design_cli.cli import app

    app(prog_name="genai-design")


if __name__ == "__main__":
    main()
