"""The coach's report as Markdown (the export's feedback section), and the small text helpers
that the terminal view shares with it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from genai_design_cli.coach.evaluate import CASE_WEIGHT, FRAMEWORK_WEIGHT

if TYPE_CHECKING:
    from genai_design_cli.coach.evaluate import CoachReport, StepReport
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
    return label


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def feedback_markdown(report: CoachReport, fw: Framework) -> str:
    """The coach's findings as Markdown: the export's feedback section."""
    titles = {sub.id: sub.title for step in fw.steps for sub in step.subtopics}
    lines = ["## Coach feedback", ""]
    summary = f"**Total: {report.total:g}/100** (framework coverage {report.coverage:g}"
    if report.case_score is not None:
        summary += (
            f", case points {report.case_score:g}; weighted "
            f"{FRAMEWORK_WEIGHT:.0%} / {CASE_WEIGHT:.0%}"
        )
    summary += ")."
    if report.errors:
        summary += f" {len(report.errors)} check(s) with severity error."
    lines += [summary, ""]

    lines += [
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

    if report.points:
        lines += ["### Case points", ""]
        for point in report.points:
            mark = "x" if point.hit else " "
            lines.append(f"- [{mark}] {_md_escape(point.text)} ({point.step})")
        lines.append("")

    if report.weakest:
        lines += ["### What to study next", ""]
        for area in report.weakest:
            lines.append(f"**{area.title}** ({area.score:g}%)")
            lines.append("")
            for item in area.study:
                lines.append(f"- **{item.title}**: {item.point}")
                for link in item.links:
                    lines.append(f"  - [{link['title']}]({link['url']})")
            lines.append("")

    lines += ["### Design checks", ""]
    if report.checks:
        for check in report.checks:
            lines.append(f"- **{check.severity}** `{check.id}` ({check.step}): {check.message}")
            if check.advice:
                lines.append(f"  - {check.advice}")
    else:
        lines.append("No check fired: no contradiction found in the answers and numbers.")
    lines.append("")
    for note in report.notes:
        lines.append(f"> {note}")
    if report.notes:
        lines.append("")
    return "\n".join(lines)
