"""Prompt latency benchmark: how fast `genai-design new` shows its first prompt, and how fast
Enter on one question brings up the next, side by side with the floors, in a pseudo-terminal.

- First prompt: `genai-design new` (its first prompt is the title) against a minimal Typer app
  that shows one questionary prompt. Budget (DESIGN.md "Budgets"): at most 1.3x.
- Enter to the next question: in `genai-design new`, Enter on the average QPS (a question the
  checks read, so the findings are judged and the session saved before the next prompt)
  until the next question shows, against Enter on one bare questionary prompt until the next
  one shows. Budget: at most 1.1x.

Each program runs in its own pseudo-terminal (pexpect) at 80x24, so prompt_toolkit draws as
it does for a person. Rounds are interleaved (one of each program per round, the order
rotating) and the median of each is compared. Exits 1 when a budget is exceeded.

    python benchmarks/prompts.py [--rounds 15] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pexpect

FIRST_PROMPT_RATIO = 1.3
NEXT_PROMPT_RATIO = 1.1
TIMEOUT_S = 30
SIZE = (24, 80)  # rows, columns

MINIMAL_ONE_PROMPT = '''
import typer

app = typer.Typer()


@app.command()
def main() -> None:
    """The floor: a one-command Typer app that asks one questionary question."""
    import questionary

    questionary.text("Title of this design (e.g. 'Support bot for an online store') *").unsafe_ask()


if __name__ == "__main__":
    app()
'''

BARE_TWO_PROMPTS = """
import sys

import questionary

questionary.text(sys.argv[1]).unsafe_ask()
questionary.text(sys.argv[2]).unsafe_ask()
"""

# Step 0 answered by the file: `new` opens at step 1, whose first question is the average QPS.
ANSWERS = """
[answers.why-genai]
output-kind = "open-ended"
baseline-cost = 0.000001
llm-share = 1
notes = "An LLM writes the answers; the FAQ lookup takes the rest."
"""

FIRST_NEW = "Title of this design"
# prompt_toolkit asks the terminal where the cursor is (CPR) and waits for the answer; a real
# terminal answers at once, so this one does too (else each prompt waits for a timeout)
CPR_REQUEST = "\x1b[6n"
CPR_ANSWER = "\x1b[{row};1R"


def step_one_prompts() -> tuple[str, str]:
    """The messages of step 1's first question (the average QPS) and of the one after it,
    as the prompts show them, from the framework itself."""
    from genai_design_cli.model.framework import load_framework

    questions = load_framework().step("requirements").questions
    shown = []
    for question in questions[:2]:
        message = question.prompt + (f" ({question.unit})" if question.unit else "")
        shown.append(message + (" *" if question.required else ""))
    return shown[0], shown[1]


def find_cli() -> list[str]:
    """The installed console script beside this interpreter, else `python -m`."""
    script = Path(sys.executable).with_name("genai-design")
    if script.exists():
        return [str(script)]
    found = shutil.which("genai-design")
    return [found] if found else [sys.executable, "-m", "genai_design_cli"]


def spawn(argv: list[str], env: dict[str, str], cwd: Path) -> pexpect.spawn:
    return pexpect.spawn(
        argv[0], argv[1:], env=env, cwd=str(cwd), dimensions=SIZE, timeout=TIMEOUT_S
    )


def wait_for(child: pexpect.spawn, text: str) -> None:
    """Wait until `text` is on screen, answering cursor-position requests meanwhile."""
    row = 1
    while child.expect_exact([CPR_REQUEST, text]) == 0:
        child.send(CPR_ANSWER.format(row=min(row, SIZE[0])))
        row += 1


def close(child: pexpect.spawn) -> None:
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close(force=True)


def first_prompt(argv: list[str], env: dict[str, str], cwd: Path, text: str) -> float:
    """Seconds from starting the program to its first prompt on screen."""
    start = time.perf_counter()
    child = spawn(argv, env, cwd)
    wait_for(child, text)
    seconds = time.perf_counter() - start
    close(child)
    return seconds


def next_prompt(
    argv: list[str],
    env: dict[str, str],
    cwd: Path,
    *,
    before: list[tuple[str, str]],
    answer: str,
    then: str,
) -> float:
    """Seconds from Enter on an answer to the next prompt on screen. `before`: (text to wait
    for, keys to send) pairs that lead to the measured question, whose answer is typed
    before the clock starts."""
    child = spawn(argv, env, cwd)
    for text, keys in before:
        wait_for(child, text)
        if keys:
            child.send(keys)
    time.sleep(0.3)  # the prompt settles; the typed answer is echoed
    child.send(answer)
    wait_for(child, answer)
    start = time.perf_counter()
    child.send("\r")
    wait_for(child, then)
    seconds = time.perf_counter() - start
    close(child)
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15, help="runs of each program (median)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="genai-prompts-") as tmp:
        tmp_path = Path(tmp)
        env = {
            **os.environ,
            "GENAI_DESIGN_HOME": str(tmp_path / "home"),
            "TERM": "xterm-256color",
            "COLUMNS": str(SIZE[1]),
            "LINES": str(SIZE[0]),
            "PYTHONPYCACHEPREFIX": str(tmp_path / "pycache"),
        }
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env.pop("NO_COLOR", None)
        minimal = tmp_path / "minimal_prompt.py"
        minimal.write_text(MINIMAL_ONE_PROMPT)
        bare = tmp_path / "bare_two_prompts.py"
        bare.write_text(BARE_TWO_PROMPTS)
        answers = tmp_path / "answers.toml"
        answers.write_text(ANSWERS)
        cli = find_cli()
        qps_prompt, next_prompt_text = step_one_prompts()
        wait_qps, wait_next = qps_prompt[:40], next_prompt_text[:40]

        runs = {
            "first: minimal typer + questionary": lambda: first_prompt(
                [sys.executable, str(minimal)], env, tmp_path, "Title of this design"
            ),
            "first: genai-design new": lambda: first_prompt(
                [*cli, "new"], env, tmp_path, FIRST_NEW
            ),
            "next: bare questionary": lambda: next_prompt(
                [sys.executable, str(bare), qps_prompt, next_prompt_text],
                env,
                tmp_path,
                before=[(wait_qps, "")],
                answer="40",
                then=wait_next,
            ),
            "next: genai-design new": lambda: next_prompt(
                [*cli, "new", "--title", "Prompt bench", "--answers", str(answers)],
                env,
                tmp_path,
                before=[("Answer step 1", "\r"), (wait_qps, "")],
                answer="40",
                then=wait_next,
            ),
        }
        for run in runs.values():  # warm the file cache and byte-code; check each works
            run()
        times: dict[str, list[float]] = {name: [] for name in runs}
        names = list(runs)
        for index in range(args.rounds):
            shift = index % len(names)
            for name in names[shift:] + names[:shift]:
                times[name].append(runs[name]())

    medians = {name: statistics.median(values) for name, values in times.items()}
    ratios = {
        "first prompt": (
            medians["first: genai-design new"] / medians["first: minimal typer + questionary"],
            FIRST_PROMPT_RATIO,
        ),
        "enter to next question": (
            medians["next: genai-design new"] / medians["next: bare questionary"],
            NEXT_PROMPT_RATIO,
        ),
    }
    failed = [name for name, (ratio, budget) in ratios.items() if ratio > budget]
    if args.json:
        print(
            json.dumps(
                {
                    "rounds": args.rounds,
                    "median_ms": {k: round(v * 1000, 1) for k, v in medians.items()},
                    "ratios": {
                        k: {"ratio": round(r, 3), "budget": b, "ok": r <= b}
                        for k, (r, b) in ratios.items()
                    },
                },
                indent=2,
            )
        )
    else:
        print(f"{args.rounds} interleaved rounds in a {SIZE[1]}x{SIZE[0]} pseudo-terminal\n")
        for name, median in medians.items():
            print(f"{name:38} {median * 1000:8.1f} ms")
        print()
        for name, (ratio, budget) in ratios.items():
            mark = "" if ratio <= budget else "  OVER BUDGET"
            print(f"{name:38} {ratio:6.2f}x  (budget {budget:.1f}x){mark}")
    if failed:
        print(f"Budget exceeded: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
