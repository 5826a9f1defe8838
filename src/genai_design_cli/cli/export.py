"""Commands: export — a session as a Markdown design doc or blog post, HTML, JSON or TOML."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from genai_design_cli.design import Design


class Format(str, Enum):
    md = "md"
    html = "html"
    json = "json"
    toml = "toml"


class Style(str, Enum):
    doc = "doc"
    post = "post"


def export(
    session_ref: Annotated[
        str,
        typer.Argument(
            metavar="SESSION|PATH",
            help="A session id, a unique prefix of one, or a path to a session/answers file.",
            show_default=False,
        ),
    ],
    format: Annotated[
        Format,
        typer.Option("--format", "-f", help="md, html (standalone page), json, or toml."),
    ] = Format.md,
    style: Annotated[
        Style,
        typer.Option("--style", help="doc: the design document; post: a case-study blog post."),
    ] = Style.doc,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Write to this file instead of stdout.", dir_okay=False),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite the --out file if it exists.")
    ] = False,
    framework: Annotated[
        str | None,
        typer.Option(
            "--framework",
            metavar="ID|PATH",
            help="Use this framework instead of the one the session names.",
        ),
    ] = None,
    feedback: Annotated[
        bool | None,
        typer.Option(
            "--feedback/--no-feedback",
            help="Add the interview's scores, time and hints to the doc (a practice "
            "interview's doc has them unless --no-feedback).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Export a session: the design doc in Markdown (default), HTML, JSON or TOML.

    The Markdown is a design doc: context and goals, requirements, the architecture with a
    Mermaid diagram, the decisions with the options they left out, what was assumed rather
    than decided, the cost/latency/capacity estimates, risks and open questions, rollout and
    monitoring. `html` is the same doc as a page that works offline. `json` is the session
    with its calculator results and coach report; `toml` the answers, reusable with `new
    --answers`. An existing --out file is never overwritten without --force.

    [bold]Examples[/bold]

      genai-design export 20261126-153000 --out design.md

      genai-design export examples/rag-support-assistant.toml \\
          --format html -o design.html

      genai-design export 20261126-153000 --style post > post.md
    """
    from genai_design_cli.errors import WorkFailed
    from genai_design_cli.io.atomic import write_output
    from genai_design_cli.io.store import SessionStore
    from genai_design_cli.model.framework import load_framework

    if out is not None and out.exists() and not force:
        raise WorkFailed(
            f"{out} already exists; not overwriting it",
            hint="Use --force to overwrite it, or choose another --out path.",
        )
    from genai_design_cli.cli.common import usable_answers

    path, session = SessionStore().load(session_ref)
    framework_ref = framework or (session.session.framework if session.session else None)
    fw = load_framework(framework_ref)
    session = usable_answers(fw, session, path)
    meta = session.session
    if meta and meta.framework_version and meta.framework_version != fw.version:
        typer.echo(
            f"Note: the session was answered with {fw.id} {meta.framework_version}; "
            f"exporting with {fw.version}.",
            err=True,
        )
    if style.value == "post" and format.value in ("json", "toml"):
        typer.echo(
            f"Note: --style post shapes the document; a {format.value} export is the data "
            "itself, so the style has no effect.",
            err=True,
        )
    from genai_design_cli.cli.common import load_design

    text = export_text(load_design(fw, session), format.value, style.value, feedback=feedback)
    if out is None:
        sys.stdout.write(text)
        return
    write_output(out, text)
    typer.echo(f"Wrote {out}", err=True)


def mermaid_script() -> str | None:
    """The pinned Mermaid build shipped with the package (render/assets/mermaid.min.js), read
    here because renderers read no file; None, with a note, if the install lost it."""
    from importlib.resources import files

    try:
        asset = files("genai_design_cli.render").joinpath("assets", "mermaid.min.js")
        return asset.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        typer.echo(
            f"Note: the bundled Mermaid script could not be read ({exc}); the page shows "
            "its diagrams as Mermaid source. Reinstall genai-design to restore it.",
            err=True,
        )
        return None


def export_text(
    design: Design, fmt: str, style: str = "doc", *, feedback: bool | None = None
) -> str:
    """The export's text, with the bundled Mermaid script for an HTML page (`new --out`
    writes its file through this too)."""
    from genai_design_cli import render as exporter

    script = mermaid_script() if fmt == "html" else None
    return exporter.render(design, fmt, style, feedback=feedback, mermaid_js=script)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command("export")(export)
