"""The case-study blog post: the seed's other use ("How to use": walk Steps 0-8 in order, skip
what does not apply, go deep on 2-3 steps, cross-link concept posts as deep dives).

It reads as a case study, not a form: the problem, the constraints, the key decisions with
their numbers, the architecture, and what we would do differently, with YAML front matter and
links to the deep dives. Nothing a person wrote is shortened: notes appear whole.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from genai_design_cli.model.answers import format_value
from genai_design_cli.model.numbers import format_count, format_dollars, format_ms
from genai_design_cli.render.markdown import (
    answers_markdown,
    calculators_markdown,
    case_lines,
    check_lines,
    clean_text,
    decision_lines,
    decisions_of,
    diagram_block,
    feedback_section,
    gap_lines,
    labelled_block,
    link_markdown,
    md_block,
    md_inline,
    requirements_section,
    shift_headings,
    step_list,
    value_text,
)

if TYPE_CHECKING:
    from genai_design_cli.design import Design
    from genai_design_cli.model.framework import Step, Subtopic

# The steps whose answers are the problem, the constraints and the architecture; every other
# step's choices are key decisions.
PROBLEM_STEP, CONSTRAINTS_STEP, ARCHITECTURE_STEP = "why-genai", "requirements", "architecture"
DESCRIPTION_CHARS = 240


def _tags(design: Design) -> list[str]:
    tags = ["genai", "system-design", "case-study"]
    patterns = design.decided.get("architecture") or []
    for pattern in patterns if isinstance(patterns, list) else [patterns]:
        slug = re.sub(r"[^a-z0-9]+", "-", str(pattern).lower()).strip("-")
        if slug and slug not in tags:
            tags.append(slug)
    if design.decided.get("model_hosting") == "self-hosted":
        tags.append("self-hosting")
    if design.case is not None:
        tags.append(design.case.id)
    return tags


def _yaml_string(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is a subset of YAML's)."""
    return json.dumps(clean_text(text), ensure_ascii=False)


def description(design: Design) -> str:
    """One sentence for the front matter: the case's summary, else the problem's first
    sentence (a summary field; the post itself carries the text whole)."""
    if design.case is not None and design.case.summary:
        text = design.case.summary
    elif design.case is not None:
        text = design.case.prompt
    else:
        why = next((a for a in design.chosen_answers("context") if a.is_text), None)
        text = str(why.value) if why else ""
    text = " ".join(clean_text(text).split())
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    sentence = match.group(1) if match else text
    if len(sentence) > DESCRIPTION_CHARS:
        sentence = sentence[: DESCRIPTION_CHARS - 1].rstrip() + "…"
    return sentence


def front_matter(design: Design) -> list[str]:
    lines = ["---", f"title: {_yaml_string(design.title)}"]
    meta = design.session.session
    if meta:
        lines.append(f"date: {meta.created:%Y-%m-%d}")
    lines.append("tags: [" + ", ".join(json.dumps(t) for t in _tags(design)) + "]")
    if summary := description(design):
        lines.append(f"description: {_yaml_string(summary)}")
    lines.append("---")
    return lines


def _covered(design: Design, step: Step) -> set[str]:
    steps = design.report_dict().get("steps", {})
    return set(steps.get(step.id, {}).get("covered", []))


def cross_links(design: Design, step: Step, full: bool) -> list[str]:
    """Concept posts as deep dives: "KV cache: PagedAttention — [see the deep dive](url)".
    Deep-dive steps link every sub-topic that has links; the others the ones they covered."""
    covered = _covered(design, step)
    subs: list[Subtopic] = [s for s in step.subtopics if s.links and (full or s.id in covered)]
    lines = []
    for sub in subs:
        first, *more = sub.links
        text = (
            f"- {md_inline(sub.title)}: {md_inline(first.title)} — "
            f"{link_markdown('see the deep dive', first.url)}"
        )
        if more:
            text += "; also " + ", ".join(link_markdown(x.title, x.url) for x in more)
        lines.append(text)
    return lines


def _money(value: float | None) -> str:
    return format_dollars(value) if value is not None else ""


def step_numbers(design: Design, step: Step) -> str:
    """The numbers behind a step's decisions, in a sentence: the cheap route's saving, the
    model's bill and speed, the self-hosted fleet."""
    h = design.headline
    hybrid = h.llm_fraction is not None and h.llm_fraction < 1
    if step.id == PROBLEM_STEP and hybrid and h.cost_per_month and h.llm_only_per_month:
        share = format_value("llm_fraction", h.llm_fraction)
        return (
            f"With {share} of queries on the LLM the bill is {_money(h.cost_per_month)} a "
            f"month, against {_money(h.llm_only_per_month)} with every query on it."
        )
    if step.id == "model-selection" and h.cost_per_query is not None:
        text = f"The numbers: {_money(h.cost_per_query)} a query"
        if h.cost_per_month is not None and h.qps is not None:
            text += f", {_money(h.cost_per_month)} a month at {h.qps:,.3g} queries/s on average"
        if h.slos:
            for measure, low, high, target, verdict in h.slos:
                text += f"; {md_inline(measure)} {format_ms(low)} to {format_ms(high)}"
                text += f" against a {format_ms(target)} target"
                text += f" ({md_inline(verdict)})" if verdict else ""
        elif h.e2e_ms is not None:
            shown = h.perceived_ms if h.streaming and h.perceived_ms else h.e2e_ms
            what = "to the first words" if h.streaming else "end to end"
            text += f"; {format_ms(shown[0])} to {format_ms(shown[1])} {what}"
            if h.slo_ms is not None:
                text += f" against a {format_ms(h.slo_ms)} target"
        return text + "."
    if step.id == "inference-infra" and h.replicas is not None and h.gpus is not None:
        chosen = design.answer("gpu")
        name = value_text(chosen.question, chosen.value) if chosen else md_inline(h.gpu)
        gpu = f" × {name}" if name else ""
        text = f"The fleet: {h.replicas} replica{'s' if h.replicas != 1 else ''}, "
        text += f"{h.gpus} GPU{'s' if h.gpus != 1 else ''}{gpu}"
        if h.fleet_per_month is not None:
            text += f", {_money(h.fleet_per_month)} a month"
        return text + "."
    return ""


def problem_section(design: Design) -> list[str]:
    out = ["## The problem", ""]
    if case := case_lines(design):
        out += [*case, ""]
    for answer in design.chosen_answers("context"):
        out += [
            *(
                md_block(answer.value)
                if answer.is_notes
                else labelled_block(answer.label, answer.value)
            ),
            "",
        ]
    walk = "We walk the nine steps of the GenAI system design framework in order"
    if design.deep_dives:
        walk += f", going deep on {step_list(design.deep_dives, ' and ')}"
    if design.skipped:
        walk += f", and leave out {step_list(design.skipped, ' and ')}"
    return [*out, walk + ".", ""]


def constraints_section(design: Design) -> list[str]:
    section = requirements_section(design)
    if not section:
        return []
    out = ["## Constraints", "", *section[2:]]
    h = design.headline
    if h.queries_per_month and not design.answer("queries_per_month") and not h.qps:
        out += [f"That is {format_count(h.queries_per_month)} queries a month.", ""]
    return out


def decisions_section(design: Design) -> list[str]:
    out = ["## Key decisions", ""]
    any_step = False
    for step in design.rendered:
        if step.id == CONSTRAINTS_STEP:
            continue
        deep = design.is_deep_dive(step)
        decisions = decisions_of(design, step)
        text = [
            a
            for a in design.chosen_answers(step=step)
            if a.is_text and step.id not in (PROBLEM_STEP, ARCHITECTURE_STEP)
        ]
        if step.id in ("evaluation", "deploy-monitor"):
            decisions, text = [], design.chosen_answers(step=step)
        numbers = step_numbers(design, step)
        if not (decisions or text or numbers):
            continue
        any_step = True
        out += [f"### {md_inline(step.title)}" + (" (deep dive)" if deep else ""), ""]
        for decision in decisions:
            out += decision_lines(decision)
        if decisions:
            out.append("")
        if numbers:
            out += [numbers, ""]
        if text:
            out += [*answers_markdown(text), ""]
        if links := cross_links(design, step, full=deep):
            out += ["Deep dives:" if deep else "Further reading:", "", *links, ""]
    return out if any_step else []


def architecture_section(design: Design) -> list[str]:
    out = []
    if diagram := diagram_block(design):
        out += [diagram, ""]
    step = next((s for s in design.rendered if s.id == ARCHITECTURE_STEP), None)
    if step is not None:
        text = [a for a in design.chosen_answers(step=step) if a.is_text]
        if text:
            out += [*answers_markdown(text), ""]
    return ["## Architecture", "", *out] if out else []


def differently_section(design: Design) -> list[str]:
    """What we would do differently: the coach's findings, the steps we left out, the
    questions still open, and every value we assumed rather than chose."""
    lines = check_lines(design) + gap_lines(design)
    if assumed := design.assumed:
        values = "; ".join(
            f"{md_inline(a.label)} ({value_text(a.question, a.value)})" for a in assumed
        )
        lines.append(f"- **Decide, not assume:** {values}.")
    if not lines:
        return []
    return ["## What we would do differently", "", *lines, ""]


def render_post(design: Design, feedback: bool = False) -> str:
    # no H1: blog engines print the front matter's title
    out = [*front_matter(design), ""]
    out += problem_section(design)
    out += constraints_section(design)
    out += decisions_section(design)
    out += architecture_section(design)
    if numbers := calculators_markdown(design):
        out += ["## The numbers", "", shift_headings(numbers, 3), ""]
    out += differently_section(design)
    if feedback:
        out += feedback_section(design)
    return "\n".join(out).rstrip() + "\n"
