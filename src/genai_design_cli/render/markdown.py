"""The design document as Markdown: a pure function of a `Design` (see design.py).

The doc follows MADR and common design-doc templates (DESIGN.md "Export"): context and goals
with non-goals; requirements with the key numbers; the architecture with its Mermaid diagram;
the decisions, each with the options it left out; what was assumed rather than decided; the
estimates; risks and open questions; rollout and monitoring; the interview's scores only in
practice exports or on request; further reading. Answers are named by their document labels,
never by their prompts or ids.

Every piece of text a person typed (and every label a framework file supplies) goes through
`md_inline` or `md_block`, so no text can add a heading, list, table, fence, link or HTML tag
to the document: what was typed shows as typed. Output depends only on its inputs (no clock,
no disk), so exported examples compare byte for byte.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from genai_design_cli.design import question_label
from genai_design_cli.model.answers import format_value
from genai_design_cli.model.numbers import format_count, format_dollars, format_ms

if TYPE_CHECKING:
    from genai_design_cli.design import Answer, Decision, Design
    from genai_design_cli.model.framework import Question, Step

# --- escaping: the one way user text enters Markdown --------------------------------------------

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_ALWAYS = re.compile(r"([\\`*_\[\]|~])")  # code, emphasis, links, tables, strikethrough, escapes
_TAG = re.compile(r"<(?=[A-Za-z/!?])")  # an HTML tag, comment or autolink could start here
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")  # &lt; &#35; would be decoded
_HASH = re.compile(r"(?:^|(?<=\s))#")  # a heading, or an ATX heading's closing sequence
_QUOTE = re.compile(r"^>")
_BLOCK_START = re.compile(r"^([-+=])(?=\s|$|[-+=])")  # list item, setext underline, rule
_ORDERED = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")  # "1986. A year" would start a list


def clean_text(text: Any) -> str:
    """Text as a document can hold it: line endings as \\n, tabs as spaces, control characters
    dropped, a lone surrogate (bytes that were not UTF-8) as U+FFFD."""
    text = str(text).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _SURROGATE.sub("\ufffd", _CONTROL.sub("", text))


def _escape_line(line: str) -> str:
    line = _ALWAYS.sub(r"\\\1", line)
    line = _TAG.sub(r"\\<", line)
    line = _ENTITY.sub(r"\\&", line)
    line = _HASH.sub(r"\\#", line)
    line = _QUOTE.sub(r"\\>", line)
    line = _BLOCK_START.sub(r"\\\1", line)
    return _ORDERED.sub(r"\1\\\2", line)


def md_inline(text: Any) -> str:
    """User text for one line of Markdown (a table cell, a list item, a heading): whitespace and
    line breaks collapsed, every character that could start Markdown or HTML escaped."""
    return _escape_line(" ".join(clean_text(text).split()))


def md_block(text: Any) -> list[str]:
    """User text as Markdown paragraphs: each line escaped like `md_inline` (its indentation
    dropped, so it cannot become code), blank lines kept as paragraph breaks. Fences, headings,
    `===` underlines, tables and tags come out as the text that was typed."""
    lines: list[str] = []
    for raw in clean_text(text).split("\n"):
        line = " ".join(raw.split())
        if line:
            lines.append(_escape_line(line))
        elif lines and lines[-1]:
            lines.append("")
    while lines and not lines[-1]:
        lines.pop()
    return lines


def labelled_block(label: str, text: Any) -> list[str]:
    """Paragraphs that open with a bold label: `**Knowledge base.** The help centre…`."""
    lines = md_block(text)
    if not lines:
        return []
    lines[0] = f"**{md_inline(label)}.** {lines[0]}"
    return lines


# --- values ---------------------------------------------------------------------------------------

_SINGULAR = {"queries": "query", "users": "user", "tokens": "token", "GPUs": "GPU"}


def _unit_for(value: float, unit: str) -> str:
    """`queries/s` for 40 but `query/s` for 1."""
    if value != 1 or not unit:
        return unit
    head, sep, tail = unit.partition("/")
    return _SINGULAR.get(head, head) + sep + tail


def format_number(value: Any, var: str | None = None, unit: str = "") -> str:
    """A number as a reader wants it (one formatter per unit, `model.answers.format_value`),
    with a singular unit for 1; text that is not a number is shown as written, escaped."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return md_inline(value)
    return md_inline(format_value(var, value, _unit_for(value, unit)))


def choice_text(question: Question, value: Any) -> str:
    """A choice by its label (never its id)."""
    for choice in question.choices:
        if choice.value == value:
            return md_inline(choice.title)
    return md_inline(value)


def value_text(question: Question, value: Any) -> str:
    """An answer on one line: labels for choices, yes/no, numbers with their unit."""
    if question.kind == "confirm":
        return "yes" if value else "no"
    if question.kind == "number":
        return format_number(value, question.var, question.unit)
    if question.kind == "select":
        return choice_text(question, value)
    if question.kind == "checkbox":
        values = value if isinstance(value, list) else [value]
        return ", ".join(choice_text(question, v) for v in values) or "none"
    return md_inline(value)


def _fits_inline(answer: Answer) -> bool:
    return not answer.is_text or len(md_block(answer.value)) == 1


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?", ":")) else text + "."


def lowercase_first(text: str) -> str:
    """`Open-ended text` -> `open-ended text`; `JSON output` and `A/B testing` stay."""
    if len(text) > 1 and text[0].isupper() and text[1].isalpha() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def step_list(steps: Iterable[Step], last: str = ", ") -> str:
    """`Architecture, Data Strategy`; with last=" and " the final pair reads as prose."""
    names = [md_inline(s.title) for s in steps]
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


def embedded_section(title: str, body: str) -> list[str]:
    """Another module's Markdown as a `##` section: kept as it is when it opens with its own
    `#`/`##` heading (demoted to `##`), else under `## title` with its headings nested below."""
    body = body.strip()
    if not body:
        return []
    if body.startswith(("# ", "## ")):
        return [shift_headings(body, 2), ""]
    return [f"## {title}", "", shift_headings(body, 3), ""]


# --- pieces shared with the post ----------------------------------------------------------------


def answer_lines(answer: Answer) -> list[str]:
    """A value (number, choice, yes/no) as a list item, `- **Label:** value`; text as
    labelled paragraphs, `**Label.** text`; notes as plain paragraphs."""
    if answer.is_notes:
        return md_block(answer.value)
    if not answer.is_text:
        return [f"- **{md_inline(answer.label)}:** {value_text(answer.question, answer.value)}"]
    return labelled_block(answer.label, answer.value)


def answers_markdown(answers: Iterable[Answer]) -> list[str]:
    """Answers in order: consecutive one-line answers as one list, paragraphs apart."""
    out: list[str] = []
    previous_item = False
    for answer in answers:
        lines = answer_lines(answer)
        if not lines:
            continue
        item = lines[0].startswith("- ")
        if out and not (item and previous_item):
            out.append("")
        out += lines
        previous_item = item
    return out


def decision_lines(decision: Decision) -> list[str]:
    """`- **Hosting:** Hosted API (pay per token).` with the options it left out below, each
    with the framework's note on when it fits."""
    answer = decision.answer
    question = answer.question
    label = md_inline(answer.label)
    if question.kind == "number" or question.kind == "confirm":
        return [f"- **{label}:** {value_text(question, answer.value)}"]
    chosen = answer.chosen()
    if question.kind == "select" and chosen:
        text = _sentence(md_inline(chosen[0].title))
        if chosen[0].help:
            text += " " + _sentence(md_inline(chosen[0].help))
    else:
        text = _sentence(value_text(question, answer.value))
    lines = [f"- **{label}:** {text}"]
    if question.kind == "checkbox":
        if decision.alternatives:
            names = "; ".join(md_inline(c.title) for c in decision.alternatives)
            lines.append(f"  - Not used: {_sentence(names)}")
        return lines
    for option in decision.alternatives:
        why = f" {_sentence(md_inline(option.help))}" if option.help else ""
        named = " Named in the notes." if decision.named_only else ""
        lines.append(f"  - Considered: {_sentence(md_inline(option.title))}{why}{named}")
    if decision.named_only and not decision.alternatives:
        lines.append("  - No alternative is named.")
    return lines


def decisions_of(design: Design, step: Step) -> list[Decision]:
    return [d for d in design.decisions if d.answer.step.id == step.id]


def diagram_block(design: Design) -> str:
    """The architecture flowchart from the decided answers (an assumed pattern draws nothing)."""
    from genai_design_cli.render import mermaid

    if not mermaid.has_architecture(design.decided):
        return ""
    return "```mermaid\n" + mermaid.architecture_flowchart(design.decided) + "\n```"


def calculators_markdown(design: Design) -> str:
    """The calculators' tables and chart (render/calc_tables.py), and why one is missing."""
    parts = []
    if design.results:
        from genai_design_cli.render import calc_tables

        parts.append(calc_tables.markdown(design.results, design.variables))
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
        f"- {name.capitalize()}: {md_inline('; '.join(design.calc_missing[name]))}."
        for name in wanted
        if name in design.calc_missing
    ]


def estimate_summary(design: Design) -> list[str]:
    """The headline numbers in two sentences: what it costs, how fast it answers, the fleet."""
    h = design.headline
    lines = []
    if h.cost_per_month is not None and h.cost_per_query is not None:
        volume = ""
        if h.queries_per_month is not None:
            volume = f" for {format_count(h.queries_per_month)} queries a month"
        route = ""
        if h.llm_fraction is not None and h.llm_fraction < 1:
            route = f" with {format_value('llm_fraction', h.llm_fraction)} of queries on the LLM"
        lines.append(
            f"About {format_dollars(h.cost_per_month)} a month{volume}{route} "
            f"({format_dollars(h.cost_per_query)} a query)."
        )
    if h.slos:
        judged = [
            f"{md_inline(measure)} {format_ms(low)} to {format_ms(high)} against a p95 target "
            f"of {format_ms(target)}" + (f" ({md_inline(verdict)})" if verdict else "")
            for measure, low, high, target, verdict in h.slos
        ]
        text = "; ".join(judged)
        lines.append(_sentence(text[0].upper() + text[1:]))
    elif h.e2e_ms is not None:
        shown = h.perceived_ms if h.streaming and h.perceived_ms else h.e2e_ms
        what = "until the first words show (streamed)" if h.streaming else "end to end"
        text = f"{format_ms(shown[0])} to {format_ms(shown[1])} {what}"
        if h.slo_ms is not None:
            text += f", against a p95 target of {format_ms(h.slo_ms)}"
            if h.slo_verdict:
                text += f" ({md_inline(h.slo_verdict)})"
        lines.append(_sentence(text[0].upper() + text[1:]))
    if h.replicas is not None and h.gpus is not None:
        fleet = f" for {format_dollars(h.fleet_per_month)} a month" if h.fleet_per_month else ""
        replicas = f"{h.replicas} replica{'s' if h.replicas != 1 else ''}"
        gpus = f"{h.gpus} GPU{'s' if h.gpus != 1 else ''}"
        lines.append(f"The self-hosted fleet: {replicas}, {gpus} in all{fleet}.")
    return [" ".join(lines)] if lines else []


def case_lines(design: Design) -> list[str]:
    """The case as a quotation: its title and prompt."""
    if not design.case_ref:
        return []
    case = design.case
    if case is None:
        return [f"> **Case:** {md_inline(design.case_ref)}"]
    lines = [f"> **Case: {md_inline(case.title)}**", ">"]
    lines += [f"> {line}".rstrip() for line in md_block(case.prompt)]
    return lines


def meta_line(design: Design) -> str:
    meta = design.session.session
    parts = [md_inline(f"{design.fw.title} {design.fw.version}".strip())]
    if meta:
        parts.append("practice interview" if meta.mode == "practice" else "design doc")
        parts.append(f"created {meta.created:%Y-%m-%d %H:%M} UTC")
        if meta.updated != meta.created:
            parts.append(f"updated {meta.updated:%Y-%m-%d %H:%M} UTC")
    return "_" + " · ".join(parts) + "_"


def check_lines(design: Design) -> list[str]:
    """The coach's checks, errors first, each with its numbers and advice, and the reason the
    person gave for keeping the design, if any."""
    order = {"error": 0, "warning": 1, "info": 2}
    checks = sorted(design.report_dict().get("checks", []), key=lambda c: order[c["severity"]])
    lines = []
    for check in checks:
        text = _sentence(md_inline(check["message"]))
        if check.get("advice"):
            text += " " + _sentence(md_inline(check["advice"]))
        lines.append(f"- **{check['severity'].capitalize()}:** {text}")
        if reason := design.kept(check["id"]):
            lines.append(f"  - Kept, because: {_sentence(md_inline(reason))}")
    return lines


def gap_lines(design: Design) -> list[str]:
    """Skipped steps, steps not reached, and questions left open."""
    lines = []
    for step in design.skipped:
        topics = ", ".join(
            md_inline(lowercase_first(s.title)) for s in design.applicable_subtopics(step)
        )
        missing = f" Not covered: {topics}." if topics else ""
        lines.append(f"- **Skipped:** {md_inline(step.title)}.{missing}")
    if design.unanswered:
        lines.append(f"- **Not answered yet:** {step_list(design.unanswered)}.")
    by_step: dict[str, list[str]] = {}
    titles = {}
    for step, question in design.open_questions:
        by_step.setdefault(step.id, []).append(md_inline(question_label(question)))
        titles[step.id] = md_inline(step.title)
    for step_id, labels in by_step.items():
        lines.append(f"- **Open ({titles[step_id]}):** {'; '.join(labels)}.")
    return lines


def deep_dive_links(design: Design) -> list[str]:
    """The framework's links for the deep-dive steps (every rendered step when none is
    marked), grouped by step and sub-topic."""
    steps = design.deep_dives or design.rendered
    lines: list[str] = []
    for step in steps:
        subs = [s for s in step.subtopics if s.links]
        if not subs:
            continue
        lines += [f"### {md_inline(step.title)}", ""]
        for sub in subs:
            links = ", ".join(link_markdown(link.title, link.url) for link in sub.links)
            lines.append(f"- **{md_inline(sub.title)}:** {links}")
        lines.append("")
    return lines[:-1]


def link_markdown(title: str, url: str) -> str:
    """A link whose text is escaped and whose address cannot end the link early."""
    safe = re.sub(r"[\s<>()\\]", lambda m: f"%{ord(m.group()):02X}", url)
    return f"[{md_inline(title)}]({safe})"


# --- the doc's sections ------------------------------------------------------------------------


def _goals(design: Design) -> list[str]:
    d, goals = design.decided, []

    def num(var: str) -> str:
        answer = design.answer(var)
        unit = answer.question.unit if answer else ""
        return format_number(d[var], var, unit)

    if "output_kind" in d and (answer := design.answer("output_kind")):
        goals.append(f"Produce {lowercase_first(value_text(answer.question, d['output_kind']))}.")
    if "qps" in d:
        later = f", and {num('qps_6mo')} in six months" if "qps_6mo" in d else ""
        goals.append(f"Serve {num('qps')} on average{later}.")
    elif "queries_per_month" in d:
        goals.append(f"Serve {num('queries_per_month')}.")
    if "p95_slo_ms" in d:
        stream = ""
        if "streaming" in d:
            stream = ", streamed" if d["streaming"] else ", not streamed"
        goals.append(f"Answer within {num('p95_slo_ms')} at p95{stream}.")
    budgets = [
        f"{format_dollars(d[var])} {what}"
        for var, what in (("budget_per_query", "a query"), ("budget_per_month", "a month"))
        if isinstance(d.get(var), (int, float))
    ]
    if budgets:
        goals.append(f"Cost at most {' and '.join(budgets)}.")
    residency = d.get("data_residency")
    if residency == "region":
        region = f": {md_inline(d['data_region'])}" if d.get("data_region") else ""
        goals.append(
            f"Keep user data within its region, under a data-processing agreement{region}."
        )
    elif residency == "may-not-leave" or d.get("data_may_leave") is False:
        goals.append("Keep user data inside our own infrastructure.")
    return [f"- {g}" for g in goals]


def _non_goals(design: Design) -> list[str]:
    """What the design leaves out on purpose: patterns not chosen, options answered "no", a
    cheaper route not taken, steps skipped as not applying."""
    items = []
    pattern = design.answer("architecture")
    if pattern is not None:
        chosen = {c.value for c in pattern.chosen()}
        left = [md_inline(c.title) for c in pattern.question.choices if c.value not in chosen]
        if left:
            items.append(f"Not in this design: {'; '.join(left)}.")
    for decision in design.decisions:
        question = decision.answer.question
        if question.kind == "confirm" and decision.answer.value is False:
            items.append(f"No {lowercase_first(md_inline(decision.answer.label))}.")
    share = design.decided.get("llm_fraction")
    if isinstance(share, (int, float)) and share >= 1:
        items.append("A cheaper, non-LLM route for simple queries: every query reaches the LLM.")
    for step in design.skipped:
        items.append(f"{md_inline(step.title)}: left out of this design.")
    return [f"- {item}" for item in items]


def context_section(design: Design) -> list[str]:
    out = []
    if case := case_lines(design):
        out += [*case, ""]
    context = design.chosen_answers("context")
    for answer in context:
        out += [*labelled_block(answer.label, answer.value), ""]
    if goals := _goals(design):
        out += ["**Goals**", "", *goals, ""]
    if non_goals := _non_goals(design):
        out += ["**Non-goals**", "", *non_goals, ""]
    return ["## Context and goals", "", *out] if out else []


def requirements_section(design: Design) -> list[str]:
    answers = design.chosen_answers("requirements")
    rows, prose = [], []
    for answer in answers:
        if _fits_inline(answer) and not answer.is_notes:
            rows.append((md_inline(answer.label), value_text(answer.question, answer.value)))
        else:
            prose.append(answer)
    h = design.headline
    if design.answer("queries_per_month") is None and h.queries_per_month and h.qps:
        rows.append(
            (
                "Queries per month",
                f"{format_count(h.queries_per_month)} (the average traffic over a 30-day month)",
            )
        )
    if not rows and not prose:
        return []
    out = ["## Requirements", ""]
    if rows:
        out += ["| Requirement | Target |", "|---|---|"]
        out += [f"| {label} | {value} |" for label, value in rows]
        out.append("")
    for answer in prose:
        out += [*answer_lines(answer), ""]
    return out


def architecture_section(design: Design) -> list[str]:
    out = []
    diagram = diagram_block(design)
    if diagram:
        out += [diagram, ""]
    for step in design.rendered:
        answers = [a for a in design.chosen_answers("architecture", step)]
        if not answers:
            continue
        body = answers_markdown(answers)
        if step.id != "architecture":
            out += [f"### {md_inline(step.title)}", ""]
        out += [*body, ""]
    return ["## Architecture", "", *out] if out else []


def decisions_section(design: Design) -> list[str]:
    out = []
    for step in design.rendered:
        decisions = decisions_of(design, step)
        notes = [a for a in design.chosen_answers("decisions", step) if a.is_notes]
        if not decisions and not notes:
            continue
        out += [f"### {md_inline(step.title)}", ""]
        for decision in decisions:
            out += decision_lines(decision)
        if decisions:
            out.append("")
        for note in notes:
            out += [*labelled_block("Why", note.value), ""]
    return ["## Decisions", "", *out] if out else []


def assumed_section(design: Design) -> list[str]:
    assumed = design.assumed
    if not assumed:
        return []
    out = [
        "## Assumed, not decided",
        "",
        "These answers are the framework's defaults: nobody chose them. The estimates use them,"
        " so decide them before relying on the numbers.",
        "",
    ]
    out += [
        f"- **{md_inline(a.label)}** ({md_inline(a.step.title)}): {value_text(a.question, a.value)}"
        for a in assumed
    ]
    return [*out, ""]


def estimates_section(design: Design) -> list[str]:
    body = calculators_markdown(design)
    if not body.strip():
        return []
    summary = estimate_summary(design)
    out = ["## Estimates", ""]
    if summary:
        out += [*summary, ""]
    out += [shift_headings(body, 3), ""]
    return out


def risks_section(design: Design) -> list[str]:
    lines = check_lines(design) + gap_lines(design)
    if not lines:
        lines = ["No check fired, no step was skipped and no question is left open."]
    return ["## Risks and open questions", "", *lines, ""]


def rollout_section(design: Design) -> list[str]:
    """Evaluation and operations, a subsection per step when more than one has answers."""
    steps = [s for s in design.rendered if design.chosen_answers("rollout", s)]
    out = ["## Rollout and monitoring", ""]
    for step in steps:
        if len(steps) > 1:
            out += [f"### {md_inline(step.title)}", ""]
        out += [*answers_markdown(design.chosen_answers("rollout", step)), ""]
    return out if steps else []


def feedback_section(design: Design) -> list[str]:
    """The coach's scores, time and hints: the interview's, not the design's."""
    if design.report is None:
        return []
    from genai_design_cli.render.coach_md import feedback_markdown

    return embedded_section("Interview feedback", feedback_markdown(design.report, design.fw))


def render(design: Design, feedback: bool | None = None) -> str:
    """The design doc as Markdown. `feedback` adds the coach's scores, time and hints; by
    default only a practice interview's export has them."""
    if feedback is None:
        feedback = design.practice
    out: list[str] = [f"# {md_inline(design.title)}", "", meta_line(design), ""]
    for section in (
        context_section,
        requirements_section,
        architecture_section,
        decisions_section,
        assumed_section,
        estimates_section,
        risks_section,
        rollout_section,
    ):
        out += section(design)
    if feedback:
        out += feedback_section(design)
    if links := deep_dive_links(design):
        out += ["## Further reading", "", *links, ""]
    return "\n".join(out).rstrip() + "\n"
