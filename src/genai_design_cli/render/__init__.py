"""Render a Design: the Markdown design doc or blog post, HTML, JSON and TOML. Pure: every
function takes the Design (or the session) it renders and reads no file."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from genai_design_cli.design import Design
    from genai_design_cli.model.session import Session

FORMATS = ("md", "html", "json", "toml")
STYLES = ("doc", "post")


def session_data(design: Design) -> dict[str, Any]:
    """The session as JSON-able data with its calculator results and the coach's report."""
    data = design.session.model_dump(mode="json")
    data["results"] = design.results
    # the coach's report, computed now from the answers; the copy a practice run stored at
    # its end (`feedback`) says the same, so it is not repeated
    data.pop("feedback", None)
    data["coach"] = design.report_dict()
    if design.calc_missing:
        data["calculators_not_run"] = design.calc_missing
    return data


def answers_toml(session: Session) -> str:
    """The answers as a reusable answers file: session meta, step states and answers; no
    calculator results or feedback (they are recomputed from the answers)."""
    from genai_design_cli.model.session import session_to_toml

    return session_to_toml(session.model_copy(update={"results": {}, "feedback": {}}))


def markdown_text(design: Design, style: str = "doc", feedback: bool | None = None) -> str:
    """The design doc (`doc`) or the case-study blog post (`post`) as Markdown; `feedback`
    adds the coach's scores, time and hints (None: a practice interview's doc has them)."""
    if style not in STYLES:
        raise ValueError(f"unknown style {style!r}; allowed: {', '.join(STYLES)}")
    if style == "post":
        from genai_design_cli.render import post

        return post.render_post(design, feedback=bool(feedback))
    from genai_design_cli.render import markdown

    return markdown.render(design, feedback=feedback)


def render(
    design: Design,
    fmt: str = "md",
    style: str = "doc",
    *,
    feedback: bool | None = None,
    mermaid_js: str | None = None,
) -> str:
    """The export's text in one of FORMATS; `style` (doc | post) shapes md and html;
    `feedback` as in `markdown_text`. An html page embeds `mermaid_js` (the pinned Mermaid
    build, read by the caller: renderers read no file) to draw its diagrams offline; without
    it the diagrams show as their Mermaid source."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; allowed: {', '.join(FORMATS)}")
    if style not in STYLES:
        raise ValueError(f"unknown style {style!r}; allowed: {', '.join(STYLES)}")
    if fmt == "md":
        return markdown_text(design, style, feedback)
    if fmt == "html":
        from genai_design_cli.render import html

        return html.page(markdown_text(design, style, feedback), design.title, mermaid_js)
    if fmt == "json":
        import json  # here, not at the top: `cost` reaches render/ and never prints JSON here

        return json.dumps(session_data(design), indent=2, ensure_ascii=False) + "\n"
    return answers_toml(design.session)
