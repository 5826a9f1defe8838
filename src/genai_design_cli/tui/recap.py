"""One-screen views around the walk: the recap a resumed session (or an answers file) opens
with, and the summary `new` ends with (the checks, the steps skipped, the numbers).

The text is built as plain lines (`summary_lines`, `recap_lines`), so the no-input path prints
it without Rich; `show_recap` and `show_summary` style it for a terminal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from genai_design_cli.tui.digest import DigestLine, digest_lines

if TYPE_CHECKING:
    from rich.console import Console

    from genai_design_cli.interview.findings import Finding
    from genai_design_cli.interview.sources import RecapView

SEVERITY_MARKS = {"error": "✗", "warning": "!", "info": "·"}
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
LAST_ANSWER_CHARS = 50


def clock_text(seconds: float) -> str:
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def _cut(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _ranges(done: list[int], skipped: list[int]) -> str:
    """[0, 2, 3, 4], [5] -> "steps 0, 2–4; 5 skipped"."""
    runs: list[str] = []
    for number in sorted(done):
        if runs and runs[-1].split("–")[-1] == str(number - 1):
            runs[-1] = f"{runs[-1].split('–')[0]}–{number}"
        else:
            runs.append(str(number))
    word = "step" if len(runs) == 1 and "–" not in runs[0] else "steps"
    text = f"{word} " + ", ".join(runs) if runs else ""
    if skipped:
        text += ("; " if text else "") + ", ".join(map(str, sorted(skipped))) + " skipped"
    return text


def recap_lines(view: RecapView) -> list[str]:
    """Title aside (it heads the panel): steps done, last answer, time spent, next step."""
    walked = _ranges(
        [number for number, _, status in view.done if status != "skipped"],
        [number for number, _, status in view.done if status == "skipped"],
    )
    lines = [
        f"Steps done: {len(view.done)} of {view.total_steps}" + (f" ({walked})" if walked else "")
    ]
    if view.last is not None:
        step, label, value = view.last
        lines.append(f"Last answer: {step} › {_cut(label, 40)}: {_cut(value, LAST_ANSWER_CHARS)}")
    if view.open_errors:
        count = len(view.open_errors)
        lines.append(f"Open error{'s' if count != 1 else ''} ({count}), not kept:")
        lines.extend(f"  ✗ {_cut(message, 72)}" for message in view.open_errors[:3])
        if count > 3:
            lines.append(f"  … and {count - 3} more (the summary lists them all)")
    if view.seconds:
        lines.append(f"Time spent: {clock_text(view.seconds)}")
    if view.next_step is not None:
        number, title = view.next_step
        lines.append(f"Next: step {number} {title}")
    else:
        lines.append("Every step is answered: the final menu is next.")
    return lines


def show_recap(console: Console, view: RecapView) -> None:
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    verb = "Resuming" if view.origin == "resume" else "From the answers file"
    title = Text(f"{verb}: ", style="bold")
    title.append(_cut(view.title, 60))
    body = Group(*(Text(line) for line in recap_lines(view)))
    console.print()
    console.print(Panel(body, title=title, title_align="left"))


@dataclass(frozen=True)
class Summary:
    title: str
    steps: int
    skipped: tuple[tuple[int, str], ...]  # (number, title)
    findings: tuple[Finding, ...]
    kept: Mapping[str, str]  # check id -> why the design was kept
    digest: tuple[DigestLine, ...]


def build_summary(
    title: str,
    steps: int,
    skipped: Iterable[tuple[int, str]],
    findings: Sequence[Finding],
    kept: Mapping[str, str],
    results: Mapping[str, Any],
    variables: Mapping[str, Any],
) -> Summary:
    ordered = sorted(findings, key=lambda f: SEVERITY_ORDER.get(f.severity, 9))
    return Summary(
        title,
        steps,
        tuple(skipped),
        tuple(ordered),
        dict(kept),
        tuple(digest_lines(results, variables)),
    )


def summary_lines(summary: Summary) -> list[str]:
    """The summary as plain lines: headline, checks (kept ones with their reason), skipped
    steps, numbers."""
    counts: dict[str, int] = {}
    for finding in summary.findings:
        counts[finding.severity] = counts.get(finding.severity, 0) + 1
    said = ", ".join(
        f"{n} {severity}{'s' if n != 1 else ''}"
        for severity, n in sorted(counts.items(), key=lambda kv: SEVERITY_ORDER.get(kv[0], 9))
    )
    lines = [f"Checks: {said or 'none fired'}"]
    for finding in summary.findings:
        mark = SEVERITY_MARKS.get(finding.severity, "·")
        lines.append(f"  {mark} {finding.message}")
        if finding.id in summary.kept:
            lines.append(f"    kept: {summary.kept[finding.id]}")
    if summary.skipped:
        skipped = ", ".join(f"{number} {title}" for number, title in summary.skipped)
        lines.append(f"Skipped: {skipped}")
    else:
        lines.append(f"Skipped: none of the {summary.steps} steps")
    if summary.digest:
        lines.append("Numbers:")
        lines.extend(f"  {line.plain()}" for line in summary.digest)
    return lines


def show_summary(console: Console, summary: Summary) -> None:
    """The summary in a panel; a wrapped check lines up under its own text, not the mark."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    styles = {"✗": "bold red", "!": "yellow", "✓": "green"}
    rows: list[Any] = []
    for line in summary_lines(summary):
        text = line.lstrip()
        indent = len(line) - len(text)
        mark = text[:2] if text[:1] in "✗!·✓" and text[1:2] == " " else ""
        style = styles.get(mark[:1], "" if indent else "bold")
        prefix = " " * indent + mark
        if not prefix:
            rows.append(Text(text, style=style))
            continue
        row = Table.grid(padding=0)
        row.add_column(no_wrap=True)
        row.add_column()
        row.add_row(Text(prefix, style=style), Text(text[len(mark) :], style=style))
        rows.append(row)
    title = Text("Summary: ", style="bold")
    title.append(_cut(summary.title, 60))
    console.print()
    console.print(Panel(Group(*rows), title=title, title_align="left"))
