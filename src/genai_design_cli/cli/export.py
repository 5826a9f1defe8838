"""Commands: export — a session as a Markdown design doc or blog post, HTML, JSON or TOML."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer


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
) -> None:
    """Export a session: the design doc in Markdown (default), HTML, JSON or TOML.

    The Markdown has the key numbers, one section per answered step, a Mermaid diagram of
    the architecture, the cost/latency/capacity tables and the coach's findings. `json` is
    the session with its calculator results and coach report; `toml` the answers, reusable
    with `new --answers`. An existing --out file is never overwritten without --force.

    [bold]Examples[/bold]

      genai-design export 20261126-153000 --out design.md

      genai-design export examples/rag-support-assistant.toml --format html -o design.html

      genai-design export 20261126-153000 --style post > post.md
    """
    from genai_design_cli import render as exporter
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

    text = exporter.render(load_design(fw, session), format.value, style.value)
    if out is None:
        sys.stdout.write(text)
        return
    write_output(out, text)
    typer.echo(f"Wrote {out}", err=True)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command("export")(export)
