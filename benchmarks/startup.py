"""Startup benchmark: times genai-design's quick commands side by side with a minimal
one-command Typer app (the floor: Typer itself), and checks DESIGN.md's budgets.

Runs are interleaved (one of each command per round, in a rotating order) and repeated; the
median wall time of each is compared with the minimal app's. Peak memory (max RSS) of each
run is read from the kernel via os.wait4. Exits 1 when a budget is exceeded.

    python benchmarks/startup.py [--rounds 15] [--json]

Budgets (DESIGN.md "Budgets"):
- `genai-design cost --qps 100 --model gpt-4o` and `genai-design --help`: at most 1.3x the
  minimal app;
- `genai-design new --answers FILE --no-input --out PATH` (when the command exists): at most 2x;
- peak memory of the quick commands: under 40 MiB.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

QUICK_RATIO = 1.3
FULL_RUN_RATIO = 2.0
PEAK_RSS_MIB = 40.0

MINIMAL_APP = '''
import typer

app = typer.Typer()


@app.command()
def main(qps: float = 1.0, model: str = "gpt-4o") -> None:
    """A one-command app: the floor any Typer CLI pays at startup."""
    print(qps * 2, model)


if __name__ == "__main__":
    app()
'''

ANSWERS = """
[answers.why-genai]
output-kind = "open-ended"

[answers.requirements]
qps = 100
input-tokens = 1000
output-tokens = 250
"""


def find_cli() -> list[str]:
    """The installed console script beside this interpreter, else `python -m`."""
    script = Path(sys.executable).with_name("genai-design")
    if script.exists():
        return [str(script)]
    found = shutil.which("genai-design")
    return [found] if found else [sys.executable, "-m", "genai_design_cli"]


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MiB (ru_maxrss of this child alone, via wait4) and exit code."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss is KiB on Linux, bytes on macOS
    rss_mib = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return wall, rss_mib, proc.returncode


def has_command(cli: list[str], name: str, env: dict[str, str]) -> bool:
    out = subprocess.run([*cli, name, "--help"], capture_output=True, text=True, env=env)
    return out.returncode == 0 and "--answers" in out.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15, help="runs of each command (median)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--no-bytecode-cache",
        action="store_true",
        help="keep PYTHONDONTWRITEBYTECODE from the environment (every run compiles the "
        "package's modules from source, which an installed wheel never does)",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="genai-bench-") as tmp:
        tmp_path = Path(tmp)
        env = {**os.environ, "GENAI_DESIGN_HOME": str(tmp_path / "home"), "NO_COLOR": "1"}
        if not args.no_bytecode_cache:
            # pip compiles an installed wheel's modules to byte-code; an editable checkout run
            # with PYTHONDONTWRITEBYTECODE=1 would recompile them on every start. Cache byte-code
            # in the temporary folder (never in the source tree) so the figures match an install.
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(tmp_path / "pycache")
        minimal = tmp_path / "minimal_app.py"
        minimal.write_text(MINIMAL_APP)
        answers = tmp_path / "answers.toml"
        answers.write_text(ANSWERS)
        cli = find_cli()

        commands: dict[str, list[str]] = {
            "minimal typer app": [sys.executable, str(minimal), "--qps", "100"],
            "cost --qps 100 --model gpt-4o": [*cli, "cost", "--qps", "100", "--model", "gpt-4o"],
            "--help": [*cli, "--help"],
        }
        budgets = {"cost --qps 100 --model gpt-4o": QUICK_RATIO, "--help": QUICK_RATIO}
        quick = {"minimal typer app", "cost --qps 100 --model gpt-4o", "--help"}
        if has_command(cli, "new", env):
            name = "new --answers --no-input --out"
            out_dir = tmp_path / "out"
            out_dir.mkdir()
            commands[name] = [
                *cli, "new", "--answers", str(answers), "--no-input",
                "--out", str(out_dir / "design.md"),
            ]  # fmt: skip
            budgets[name] = FULL_RUN_RATIO

        # warm the file cache and byte-code, and check every command works
        for name, argv in commands.items():
            _, _, code = run_once(argv, env)
            if code != 0 and name.startswith("new"):
                print(f"note: `{name}` exits {code}; timing it anyway", file=sys.stderr)
            elif code != 0:
                print(f"error: `{name}` exits {code}", file=sys.stderr)
                return 1

        walls: dict[str, list[float]] = {name: [] for name in commands}
        peaks: dict[str, float] = {name: 0.0 for name in commands}
        names = list(commands)
        for round_index in range(args.rounds):
            shift = round_index % len(names)
            for name in names[shift:] + names[:shift]:  # rotate the order each round
                if name.startswith("new"):
                    for leftover in (tmp_path / "out").glob("*"):
                        leftover.unlink()
                wall, rss, _ = run_once(commands[name], env)
                walls[name].append(wall)
                peaks[name] = max(peaks[name], rss)

    floor = statistics.median(walls["minimal typer app"])
    figures = {}
    failed = []
    for name in commands:
        median = statistics.median(walls[name])
        ratio = median / floor
        budget = budgets.get(name)
        ok = budget is None or ratio <= budget
        if name in quick and peaks[name] >= PEAK_RSS_MIB:
            ok = False
        if not ok:
            failed.append(name)
        figures[name] = {
            "median_ms": round(median * 1000, 1),
            "ratio": round(ratio, 3),
            "budget_ratio": budget,
            "peak_rss_mib": round(peaks[name], 1),
            "ok": ok,
        }

    if args.json:
        print(
            json.dumps(
                {
                    "rounds": args.rounds,
                    "bytecode_cache": not args.no_bytecode_cache,
                    "commands": figures,
                },
                indent=2,
            )
        )
    else:
        cache = "off (compiled from source each run)" if args.no_bytecode_cache else "on"
        print(
            f"{args.rounds} interleaved rounds; median wall time; ratio to the minimal app; "
            f"byte-code cache {cache}\n"
        )
        print(f"{'command':34} {'median ms':>10} {'ratio':>7} {'budget':>7} {'peak MiB':>9}")
        for name, fig in figures.items():
            budget = f"{fig['budget_ratio']:.1f}x" if fig["budget_ratio"] else "-"
            mark = "" if fig["ok"] else "  OVER BUDGET"
            print(
                f"{name:34} {fig['median_ms']:>10.1f} {fig['ratio']:>6.2f}x {budget:>7} "
                f"{fig['peak_rss_mib']:>9.1f}{mark}"
            )
        print(f"\nPeak memory budget for the quick commands: < {PEAK_RSS_MIB:g} MiB.")
    if failed:
        print(f"Budget exceeded: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
