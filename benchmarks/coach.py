"""Coach corpus benchmark: scores every graded answer of benchmarks/coach/ and prints the table
(case, grade, total, checks), with the orderings an interviewer insists on.

    python benchmarks/coach.py [--steps] [--json] [FILE ...]

`--steps` adds each answer's per-step scores; FILE limits the run to those answers (paths as
in corpus.toml). tests/test_coach_corpus.py asserts the orderings; this prints them.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomllib

HERE = Path(__file__).resolve().parent / "coach"


@dataclass(frozen=True)
class Entry:
    file: str
    case: str
    grade: str
    expected_flaw: str
    fair_minimum: float
    base: str
    held_out: bool


def corpus() -> list[Entry]:
    data = tomllib.loads((HERE / "corpus.toml").read_text(encoding="utf-8"))
    return [
        Entry(
            a["file"],
            a.get("case", ""),
            a["grade"],
            a.get("expected_flaw", ""),
            float(a.get("fair_minimum", 0)),
            a.get("base", ""),
            bool(a.get("held_out", False)),
        )
        for a in data["answer"]
    ]


def score(entry: Entry, fw: Any, catalog: Any) -> Any:
    """The coach's report on one corpus answer, scored against its case as practice does."""
    from genai_design_cli.coach import evaluate as coach
    from genai_design_cli.model.case import load_case
    from genai_design_cli.model.session import session_from_toml

    path = HERE / entry.file
    session = session_from_toml(path.read_text(encoding="utf-8"), str(path))
    case = load_case(entry.case) if entry.case else None
    return coach.evaluate(fw, session, case, catalog=catalog)


def run(files: list[str] | None = None) -> list[tuple[Entry, Any]]:
    from genai_design_cli.calc.catalog import Catalog
    from genai_design_cli.model.framework import load_framework

    fw = load_framework()
    catalog = Catalog.default()
    entries = [e for e in corpus() if not files or e.file in files]
    return [(e, score(e, fw, catalog)) for e in entries]


def row(entry: Entry, report: Any) -> dict[str, Any]:
    return {
        "file": entry.file,
        "case": entry.case or "-",
        "grade": entry.grade + (" (held out)" if entry.held_out else ""),
        "total": report.total,
        "raw": report.raw_total,
        "coverage": report.coverage,
        "case_points": report.case_score,
        "checks": [f"{c.id}:{c.severity[0].upper()}" for c in report.checks],
        "fair_minimum": entry.fair_minimum or None,
        "expected_flaw": entry.expected_flaw or None,
        "steps": {sid: s.score for sid, s in report.steps.items()},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*")
    parser.add_argument("--steps", action="store_true", help="per-step scores too")
    parser.add_argument("--json", action="store_true", help="one JSON object")
    args = parser.parse_args(argv)
    rows = [row(e, r) for e, r in run(args.files)]
    if args.json:
        print(json.dumps({"answers": rows}, indent=2))
        return 0
    print(f"{'case':<19} {'grade':<27} {'total':>6} {'raw':>6}  checks (E error, W warning)")
    for r in rows:
        note = f"  [fair min {r['fair_minimum']:g}]" if r["fair_minimum"] else ""
        flaw = f"  [flaw: {r['expected_flaw']}]" if r["expected_flaw"] else ""
        print(
            f"{r['case']:<19} {r['grade']:<27} {r['total']:>6.1f} {r['raw']:>6.1f}  "
            f"{', '.join(r['checks']) or '-'}{note}{flaw}"
        )
        if args.steps:
            print("    " + "  ".join(f"{k[:8]}={v:g}" for k, v in r["steps"].items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
