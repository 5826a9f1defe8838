"""Render a session the way the CLI does: its case and the shipped catalog loaded, the Design
built once, then a renderer. Tests call these instead of wiring the layers by hand."""

from __future__ import annotations

from genai_design_cli import render
from genai_design_cli.calc.catalog import Catalog
from genai_design_cli.design import Design, build_design
from genai_design_cli.errors import UserError
from genai_design_cli.model.case import load_case


def design_of(fw, session) -> Design:
    ref = session.session.case if session.session else None
    case = None
    if ref:
        try:
            case = load_case(ref)
        except UserError:
            case = None
    return build_design(fw, session, catalog=Catalog.default(), case=case)


def md_of(fw, session, style: str = "doc") -> str:
    """The Markdown design doc (or post) of a session."""
    return render.render(design_of(fw, session), "md", style)


def html_of(fw, session, style: str = "doc") -> str:
    return render.render(design_of(fw, session), "html", style)
