"""The case-study blog post: the seed's other use ("How to use": walk Steps 0-8 in order, skip
what does not apply, go deep on 2-3 steps, cross-link concept posts as deep dives)."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from genai_design_cli.model.framework import Question, Step, Subtopic
from genai_design_cli.render.markdown import (
    answer_inline,
    calculators_markdown,
    diagram_block,
    embedded_section,
    key_numbers_table,
    plain_choice,
    step_answers,
    step_list,
    user_text,
)

if TYPE_CHECKING:
    from genai_design_cli.design import Design

BRIEF_TEXT_CHARS = 240


def _tags(design: Design) -> list[str]:
    tags = ["genai", "system-design", "case-study"]
    patterns = design.variables.get("architecture") or []
    for pattern in patterns if isinstance(patterns, list) else [patterns]:
        slug = re.sub(r"[^a-z0-9]+", "-", str(pattern).lower()).strip("-")
        if slug and slug not in tags:
            tags.append(slug)
    if design.variables.get("model_hosting") == "self-hosted":
        tags.append("self-hosting")
    if design.session.session and design.session.session.case:
        tags.append(design.session.session.case)
    return tags


def front_matter(design: Design) -> list[str]:
    """YAML front matter; strings written JSON-quoted, which YAML reads as double-quoted."""
    lines = ["---", f"title: {json.dumps(design.title, ensure_ascii=False)}"]
    meta = design.session.session
    if meta:
        lines.append(f"date: {meta.created:%Y-%m-%d}")
    lines.append("tags: [" + ", ".join(json.dumps(t) for t in _tags(design)) + "]")
    summary = _problem_summary(design)
    if design.case is not None and design.case.summary:
        summary = design.case.summary
    if summary:
        lines.append(f"description: {json.dumps(_first_sentence(summary), ensure_ascii=False)}")
    lines.append("---")
    return lines


def _first_sentence(text: str, limit: int = BRIEF_TEXT_CHARS) -> str:
    text = " ".join(str(text).split())
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    sentence = match.group(1) if match else text
    if len(sentence) > limit:
        sentence = sentence[: limit - 1].rstrip() + "…"
    return sentence


def _problem_summary(design: Design) -> str:
    case = design.case
    if case is not None:
        return str(case.prompt).strip()
    why = design.session.answers.get("why-genai", {})
    return str(why.get("notes", "")) if why else ""


def _brief_value(question: Question, value: Any) -> str | None:
    if value in ("", None, []):
        return None
    if question.kind == "checkbox":
        values = value if isinstance(value, list) else [value]
        return ", ".join(user_text(plain_choice(question, v)) for v in values) or None
    inline = answer_inline(question, value)
    if inline is not None:
        return inline
    return user_text(_first_sentence(str(value).split("\n\n")[0]))


def short_prompt(prompt: str) -> str:
    """A question without its parenthesised hints: `Which patterns does the design use?`."""
    short = re.sub(r"\s*\([^()]*\)", "", prompt).strip().rstrip(":")
    return user_text(short.replace(" ?", "?") or prompt)


def brief_answers(design: Design, step: Step) -> list[str]:
    """One bullet per answer, long text cut to its first sentence."""
    answers = design.session.answers.get(step.id, {})
    lines = []
    for question in step.questions:
        if question.id not in answers:
            continue
        shown = _brief_value(question, answers[question.id])
        if shown is not None:
            label = "Notes" if question.id == "notes" else short_prompt(question.prompt)
            lines.append(f"- **{label}**: {shown}")
    return lines or ["_Nothing recorded for this step._"]


def _covered(design: Design, step: Step) -> set[str]:
    steps = design.report_dict().get("steps", {})
    return set(steps.get(step.id, {}).get("covered", []))


def cross_links(design: Design, step: Step, full: bool) -> list[str]:
    """Concept posts as deep dives: "KV cache — [see the deep dive](url)". Deep-dive steps
    link every sub-topic that has links; brief steps only the ones the answers covered."""
    covered = _covered(design, step)
    subs: list[Subtopic] = [s for s in step.subtopics if s.links and (full or s.id in covered)]
    lines = []
    for sub in subs:
        first, *more = sub.links
        text = f"- {sub.title}: {first.title} — [see the deep dive]({first.url})"
        if more:
            text += "; also " + ", ".join(f"[{link.title}]({link.url})" for link in more)
        lines.append(text)
    return lines


def render_post(design: Design) -> str:
    # no H1: blog engines print the front matter's title
    out = [*front_matter(design), ""]
    out += ["## The problem", ""]
    summary = _problem_summary(design)
    if summary:
        out += [user_text(summary), ""]
    walk = (
        "We walk the nine steps of the GenAI system design framework in order"
        + (f", going deep on {step_list(design.deep_dives, ' and ')}" if design.deep_dives else "")
        + (f", and skip {step_list(design.skipped, ' and ')}" if design.skipped else "")
        + "."
    )
    out += [walk, ""]
    if table := key_numbers_table(design):
        out += ["## At a glance", "", table, ""]
    diagram = diagram_block(design)
    if diagram:
        out += [diagram, ""]
    for step in design.rendered:
        deep = design.is_deep_dive(step)
        heading = f"## {step.number}. {step.title}" + (" (deep dive)" if deep else "")
        out += [heading, ""]
        out += [*(step_answers(design, step) if deep else brief_answers(design, step)), ""]
        links = cross_links(design, step, full=deep)
        if links:
            out += ["Further reading:" if not deep else "Deep dives:", "", *links, ""]
    out += embedded_section("The numbers", calculators_markdown(design))
    checks = design.report_dict().get("checks", [])
    if checks:
        out += ["## Trade-offs we would revisit", ""]
        for check in checks:
            advice = f" {user_text(check['advice'])}" if check.get("advice") else ""
            out.append(f"- **{check['severity']}**: {user_text(check['message'])}{advice}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"
