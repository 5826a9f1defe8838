"""The design document as Markdown: a pure function of a `Design` (see design.py).

`render(design)` writes the doc (DESIGN.md "Export"): title and case, key numbers, one section
per step that was not skipped, the architecture as a Mermaid flowchart, the calculators'
tables, the coach's findings and the deep-dive links. The blog post is `render.post`. Output
depends only on its inputs (no clock, no disk), so exported examples compare byte for byte.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from genai_design_cli.model.answers import format_value
from genai_design_cli.model.framework import Question, Step
from genai_design_cli.model.numbers import format_count, parse_number

if TYPE_CHECKING:
    from genai_design_cli.design import Design

STYLES = ("doc", "post")

# --- text helpers ----------------------------------------------------------------------------

_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")


def user_text(text: Any) -> str:
    """Free text from a person, made inert: anything that looks like an HTML tag is escaped,
    so `<script>` shows as text wherever the Markdown is rendered."""
    return _TAG_START.sub("&lt;", str(text)).strip()


def cell(text: Any) -> str:
    """A table cell: one line, pipes escaped."""
    return " ".join(user_text(text).split()).replace("|", "\\|")


def format_number(value: Any, var: str | None = None, unit: str = "") -> str:
    """A number as a reader wants it (one formatter per unit, `model.answers.format_value`);
    text that is not a number is shown as it was written, made inert."""
    number = _to_float(value)
    if number is None:
        return user_text(value)
    return format_value(var, number, unit)


def _to_float(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return parse_number(value)
    except (TypeError, ValueError):
        return None


def choice_label(question: Question | None, value: Any) -> str:
    """A choice shown by its label with its value, `RAG (`rag`)`; the value alone when the
    choice has no label, the label alone when it already names the value."""
    if question is not None:
        for choice in question.choices:
            if choice.value == value:
                if choice.label and choice.value in choice.label:
                    return user_text(choice.label)  # `gpt-4o (OpenAI API)` names its value
                if choice.label:
                    return f"{user_text(choice.label)} (`{choice.value}`)"
                return f"`{choice.value}`"
    return user_text(value)


def plain_choice(question: Question | None, value: Any) -> str:
    """A choice's label only, for tables and diagrams."""
    if question is not None:
        for choice in question.choices:
            if choice.value == value:
                return choice.label or choice.value
    return str(value)


def short_choice(question: Question | None, value: Any) -> str:
    """A choice's label without its parenthesised explanation: `RAG`, `Hosted API`."""
    label = plain_choice(question, value)
    return label.split(" (")[0] or label


def yes_no(value: Any) -> str:
    if isinstance(value, str):
        return value
    return "Yes" if value else "No"


def answer_inline(question: Question, value: Any) -> str | None:
    """A one-line rendering of the answer, or None when it needs a block (lists, long text)."""
    if question.kind == "confirm":
        return yes_no(value)
    if question.kind == "number":
        return format_number(value, question.var, question.unit)
    if question.kind == "select":
        return choice_label(question, value)
    if question.kind == "checkbox":
        return None
    text = user_text(value)
    if question.kind == "multiline" or "\n" in text or len(text) > 100:
        return None
    return text


def answer_block(question: Question, value: Any) -> list[str]:
    """Markdown lines for an answer that does not fit on one line."""
    if question.kind == "checkbox":
        values = value if isinstance(value, list) else [value]
        if not values:
            return ["_None chosen._"]
        return [f"- {choice_label(question, v)}" for v in values]
    return free_text_lines(value)


def free_text_lines(value: Any) -> list[str]:
    """A person's multi-line text as Markdown lines that cannot break the document around it:
    tags made inert, their headings kept as text (`\\#`), a code fence they opened closed."""
    lines: list[str] = []
    fence = ""  # the marker of the open fence, ``` or ~~~
    for line in str(value).strip().splitlines():
        marker = line.lstrip()[:3]
        if marker in ("```", "~~~") and (not fence or marker == fence):
            fence = "" if fence else marker
        elif fence:
            pass  # code is shown as typed: a fence already keeps HTML inert
        elif re.match(r"^ {0,3}#{1,6}(\s|$)", line):
            line = user_text(line.replace("#", "\\#", 1))
        else:
            line = _TAG_START.sub("&lt;", line)
        lines.append(line)
    if fence:
        lines.append(fence)
    return lines or [""]


def question_label(question: Question) -> str:
    if question.id == "notes":
        return "Notes"
    return user_text(question.prompt).rstrip(":")


def step_answers(design: Design, step: Step) -> list[str]:
    """A step's answers: a bold label per question, the answer inline or as a block below."""
    answers = design.session.answers.get(step.id, {})
    lines: list[str] = []
    known = set()
    for question in step.questions:
        known.add(question.id)
        if question.id not in answers:
            continue
        value = answers[question.id]
        if value in ("", None, []) and question.kind != "checkbox":
            continue
        lines += _answer_lines(question, value)
    for question_id, value in answers.items():  # hand-written keys no question asks
        if question_id not in known:
            lines += [f"**{user_text(question_id)}**: {user_text(value)}", ""]
    return lines[:-1] if lines else ["_No answers recorded._"]


def _answer_lines(question: Question, value: Any) -> list[str]:
    label = question_label(question)
    inline = answer_inline(question, value)
    if inline is not None:
        return [f"**{label}**: {inline}", ""]
    return [f"**{label}**", "", *answer_block(question, value), ""]


def step_heading(design: Design, step: Step, level: int = 2) -> str:
    marker = " (deep dive)" if design.is_deep_dive(step) else ""
    return f"{'#' * level} {step.number}. {step.title}{marker}"


def step_list(steps: Iterable[Step], last: str = ", ") -> str:
    """`2. Architecture, 3. Data Strategy`; with last=" and " the final pair reads as prose."""
    names = [f"{s.number}. {s.title}" for s in steps]
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + last + names[-1]


def shift_headings(markdown: str, top: int) -> str:
    """Demote the headings of an embedded block so its highest heading sits at level `top`
    (code fences left alone)."""
    lines = markdown.strip().splitlines()
    fence = False
    levels = []
    for line in lines:
        if line.lstrip().startswith(("```", "~~~")):
            fence = not fence
        elif not fence and (m := re.match(r"^(#{1,6}) ", line)):
            levels.append(len(m.group(1)))
    if not levels or min(levels) >= top:
        return "\n".join(lines)
    shift = top - min(levels)
    out, fence = [], False
    for line in lines:
        if line.lstrip().startswith(("```", "~~~")):
            fence = not fence
        elif not fence and (m := re.match(r"^(#{1,6}) ", line)):
            line = "#" * min(6, len(m.group(1)) + shift) + line[len(m.group(1)) :]
        out.append(line)
    return "\n".join(out)


# --- sections --------------------------------------------------------------------------------


def key_numbers(design: Design) -> list[tuple[str, str]]:
    """(label, value) rows for the numbers a reviewer looks for first; only what is known."""
    v = design.variables
    cost = design.results.get("cost", {}) if isinstance(design.results, Mapping) else {}
    rows: list[tuple[str, str]] = []

    def add(label: str, var: str, suffix: str = "") -> None:
        if var in v:
            rows.append((label, format_number(v[var], var) + suffix))

    add("QPS now", "qps")
    add("QPS in 6 months", "qps_6mo")
    if "queries_per_month" in v:
        add("Queries per month", "queries_per_month")
    elif isinstance(cost, Mapping) and _to_float(cost.get("queries_per_month")):
        queries = format_count(_to_float(cost["queries_per_month"]) or 0)
        rows.append(("Queries per month", f"{queries} (from QPS, 30 days)"))
    add("Users", "users")
    if "input_tokens" in v or "output_tokens" in v:
        parts = []
        if "input_tokens" in v:
            parts.append(f"{format_number(v['input_tokens'], 'input_tokens')} in")
        if "output_tokens" in v:
            parts.append(f"{format_number(v['output_tokens'], 'output_tokens')} out")
        rows.append(("Tokens per query", " / ".join(parts)))
    if "p95_slo_ms" in v:
        slo = format_number(v["p95_slo_ms"], "p95_slo_ms")
        if "streaming" in v:
            slo += ", streamed" if v["streaming"] else ", not streamed"
        rows.append(("p95 latency SLO", slo))
    add("Budget per query", "budget_per_query")
    add("Budget per month", "budget_per_month")
    if "data_may_leave" in v:
        rows.append(
            (
                "Data may leave our infrastructure",
                "Yes" if v["data_may_leave"] else "No: self-hosted models only",
            )
        )
    add("Share of queries sent to the LLM", "llm_fraction")
    if "architecture" in v:
        question = design.question_for_var("architecture")
        patterns = v["architecture"] if isinstance(v["architecture"], list) else [v["architecture"]]
        rows.append(("Architecture", ", ".join(short_choice(question, p) for p in patterns)))
    if "model" in v:
        rows.append(("Model", plain_choice(design.question_for_var("model"), v["model"])))
    if "model_hosting" in v:
        hosting = design.question_for_var("model_hosting")
        rows.append(("Hosting", short_choice(hosting, v["model_hosting"])))
    if v.get("cheap_model"):
        routed = plain_choice(design.question_for_var("cheap_model"), v["cheap_model"])
        if "cheap_fraction" in v:
            routed = f"{format_number(v['cheap_fraction'], 'cheap_fraction')} to {routed}"
        rows.append(("Routing", routed))
    if "gpu" in v:
        gpu = short_choice(design.question_for_var("gpu"), v["gpu"])
        gpus = _to_float(v.get("gpus"))
        rows.append(("GPU", f"{gpus:g} × {gpu} per replica" if gpus else gpu))
    add("Response cache hit rate", "cache_hit_rate")
    return rows


def key_numbers_table(design: Design) -> str:
    rows = key_numbers(design)
    if not rows:
        return ""
    lines = ["| | |", "|---|---|"]
    lines += [f"| {cell(label)} | {cell(value)} |" for label, value in rows]
    return "\n".join(lines)


def case_lines(design: Design) -> list[str]:
    """The case as a quotation: its title and prompt (or just the id when unknown)."""
    meta = design.session.session
    ref = meta.case if meta else None
    if not ref:
        return []
    case = design.case
    if case is None:
        return [f"> **Case:** `{ref}`"]
    lines = [f"> **Case: {user_text(case.title)}** (`{ref}`)", ">"]
    lines += [f"> {user_text(line)}".rstrip() for line in case.prompt.strip().splitlines()]
    return lines


def meta_line(design: Design) -> str:
    meta = design.session.session
    parts = [f"{design.fw.title} {design.fw.version}".strip()]
    if meta:
        parts.append("practice interview" if meta.mode == "practice" else "design doc")
        parts.append(f"created {meta.created:%Y-%m-%d %H:%M} UTC")
        if meta.updated != meta.created:
            parts.append(f"updated {meta.updated:%Y-%m-%d %H:%M} UTC")
    return "_" + " · ".join(parts) + "_"


def diagram_block(design: Design) -> str:
    from genai_design_cli.render import mermaid

    if not mermaid.has_architecture(design.variables):
        return ""
    return "```mermaid\n" + mermaid.architecture_flowchart(design.variables) + "\n```"


def embedded_section(title: str, body: str) -> list[str]:
    """Another module's Markdown as a `##` section: kept as it is when it opens with its own
    `#`/`##` heading (demoted to `##`), else under `## title` with its headings nested below."""
    body = body.strip()
    if not body:
        return []
    if body.startswith(("# ", "## ")):
        return [shift_headings(body, 2), ""]
    return [f"## {title}", "", shift_headings(body, 3), ""]


def calculators_markdown(design: Design) -> str:
    parts = []
    if design.results:
        from genai_design_cli.render import calc_tables as report

        parts.append(report.markdown(design.results, design.variables))
    if missing := not_estimated(design):
        parts.append("\n".join(["Not estimated:", "", *missing]))
    return "\n\n".join(parts)


def not_estimated(design: Design) -> list[str]:
    """Why an estimate is missing, for the calculators a reader would look for: cost and
    latency always, capacity when the design self-hosts."""
    wanted = ["cost", "latency"]
    if design.variables.get("model_hosting") == "self-hosted":
        wanted.append("capacity")
    return [
        f"- {name.capitalize()}: {user_text('; '.join(design.calc_missing[name]))}."
        for name in wanted
        if name in design.calc_missing
    ]


def coach_markdown(design: Design) -> str:
    if design.report is None:
        return ""
    from genai_design_cli.render.coach_md import feedback_markdown

    return feedback_markdown(design.report, design.fw)


def deep_dive_links(design: Design) -> list[str]:
    """The framework's links for the deep-dive steps (every rendered step when none is
    marked), grouped by step and sub-topic."""
    steps = design.deep_dives or design.rendered
    lines: list[str] = []
    for step in steps:
        subs = [s for s in step.subtopics if s.links]
        if not subs:
            continue
        lines += [f"### {step.number}. {step.title}", ""]
        for sub in subs:
            links = ", ".join(f"[{link.title}]({link.url})" for link in sub.links)
            lines.append(f"- **{sub.title}**: {links}")
        lines.append("")
    return lines[:-1]


def render_doc(design: Design) -> str:
    out: list[str] = [f"# {user_text(design.title)}", ""]
    if case := case_lines(design):
        out += [*case, ""]
    out += [meta_line(design), ""]
    if table := key_numbers_table(design):
        out += ["## Key numbers", "", table, ""]
    summary = []
    if design.deep_dives:
        summary.append(f"**Deep dives:** {step_list(design.deep_dives)}")
    if design.skipped:
        summary.append(f"**Skipped:** {step_list(design.skipped)}")
    if design.unanswered and design.rendered:
        summary.append(f"**Not answered yet:** {step_list(design.unanswered)}")
    if summary:
        out += [" · ".join(summary), ""]
    diagram = diagram_block(design)
    architecture_rendered = any(s.id == "architecture" for s in design.rendered)
    for step in design.rendered:
        out += [step_heading(design, step), "", f"_{user_text(step.summary)}_", ""]
        out += [*step_answers(design, step), ""]
        if step.id == "architecture" and diagram:
            out += ["### System diagram", "", diagram, ""]
    if diagram and not architecture_rendered:
        out += ["## System diagram", "", diagram, ""]
    out += embedded_section("Estimates", calculators_markdown(design))
    out += embedded_section("Coach's findings", coach_markdown(design))
    if links := deep_dive_links(design):
        out += ["## Deep dives", "", *links, ""]
    return "\n".join(out).rstrip() + "\n"


def render(design: Design) -> str:
    """The design doc as Markdown (the post style lives in `render.post`)."""
    return render_doc(design)
