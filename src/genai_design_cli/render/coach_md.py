"""The coach's report as Markdown (the export's feedback section), in the order a debrief goes:
errors with their numbers, the other findings, missed case points, strengths, what to study;
then the per-step table. Also the small text helpers the terminal view shares with it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from genai_design_cli.coach.report import CASE_WEIGHT, FRAMEWORK_WEIGHT

if TYPE_CHECKING:
    from genai_design_cli.coach.report import CoachReport, StepReport
    from genai_design_cli.model.framework import Framework


def format_seconds(seconds: float) -> str:
    seconds = int(round(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


def time_cell(step: StepReport) -> str:
    if step.seconds <= 0:
        return f"– / {format_seconds(step.budget_seconds)}"
    cell = f"{format_seconds(step.seconds)} / {format_seconds(step.budget_seconds)}"
    return cell + (" over" if step.overtime else "")


def status_label(step: StepReport) -> str:
    """How a step's status reads in a report."""
    label = {"pending": "not reached"}.get(step.status, step.status)
    if not step.counted:
        label += " (not counted)"
    if step.deep_dive:
        label += " (deep dive)"
    if step.zeroed_by:
        label += " (0: error)"
    return label


def total_line(report: CoachReport) -> str:
    """How the total was reached, in one sentence (the rules are in `score --help`)."""
    parts = [f"coverage {report.coverage:g}", f"depth {report.depth:g}"]
    if report.case_score is not None:
        parts.append(f"case points {report.case_score:g}")
        weights = (
            f"{FRAMEWORK_WEIGHT:.0%} framework (coverage and depth) and {CASE_WEIGHT:.0%} case"
        )
    else:
        weights = "coverage and depth"
    text = f"{', '.join(parts)}; weighted {weights}, {report.raw_total:g} before checks"
    if report.cap is not None and report.raw_total > report.cap:
        text += f"; an error caps it at {report.cap:g}"
    if report.deduction:
        text += f"; warnings take {report.deduction:g} off"
    return text


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def feedback_markdown(report: CoachReport, fw: Framework) -> str:
    """The coach's findings as Markdown, debrief order first: the export's feedback section."""
    titles = {sub.id: sub.title for step in fw.steps for sub in step.subtopics}
    lines = ["## Coach feedback", ""]
    lines += [f"**Total: {report.total:g}/100** ({total_line(report)}).", ""]

    if report.errors:
        lines += ["### Errors", ""]
        for check in report.errors:
            lines.append(f"- **error** `{check.id}` ({check.step}): {_md_escape(check.message)}")
            if check.advice:
                lines.append(f"  - {_md_escape(check.advice)}")
            if check.kept:
                lines.append(f"  - Kept because: {_md_escape(check.kept)}")
        lines.append("")
    others = [c for c in report.checks if c.severity != "error"]
    lines += ["### Other findings" if report.errors else "### Design checks", ""]
    if others:
        for check in others:
            cost = f" (−{check.points:g})" if check.points else ""
            lines.append(
                f"- **{check.severity}**{cost} `{check.id}` ({check.step}): "
                f"{_md_escape(check.message)}"
            )
            if check.advice:
                lines.append(f"  - {_md_escape(check.advice)}")
            if check.kept:
                lines.append(f"  - Kept because: {_md_escape(check.kept)}")
    elif not report.errors:
        lines.append("No check fired: no contradiction found in the answers and numbers.")
    else:
        lines.append("None.")
    lines.append("")

    if report.points:
        missed = report.missed_points
        lines += ["### Missed case points", ""]
        if missed:
            lines += [f"- {_md_escape(p.text)} ({p.step})" for p in missed]
        else:
            lines.append(f"None: all {len(report.points)} hit.")
        lines.append("")

    if report.strengths:
        lines += ["### Strengths", ""]
        lines += [f"- {_md_escape(s.text)}" for s in report.strengths]
        lines.append("")

    if report.weakest:
        lines += ["### What to study next", ""]
        for area in report.weakest:
            lines.append(f"**{area.title}** ({area.score:g}%)")
            lines.append("")
            for item in area.study:
                lines.append(f"- **{item.title}**: {_md_escape(item.point)}")
                for link in item.links:
                    lines.append(f"  - [{link['title']}]({link['url']})")
            lines.append("")

    lines += [
        "### Coverage per step",
        "",
        "| Step | Status | Coverage | Covered | Missed | Time / budget | Hints |",
        "|---|---|---|---|---|---|---|",
    ]
    for step in report.steps.values():
        covered = ", ".join(titles.get(s, s) for s in step.covered) or "–"
        missed = ", ".join(titles.get(s, s) for s in step.missed) or "–"
        lines.append(
            f"| {step.number}. {_md_escape(step.title)} | {status_label(step)} | {step.score:g}% "
            f"| {_md_escape(covered)} | {_md_escape(missed)} | {time_cell(step)} "
            f"| {step.hints} |"
        )
    lines.append("")
    for note in report.notes:
        lines += [f"> {_md_escape(note)}", ""]
    return "\n".join(lines)
