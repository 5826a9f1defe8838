"""The coach's report as data: per step, case points, checks, strengths and what to study, in
the order a debrief goes (errors with their numbers, missed case points, strengths, study).

`CoachReport.to_dict()` is what `genai-design score --json` prints and what a practice session
keeps as its `feedback` table, so it holds no None (TOML has no null).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FRAMEWORK_WEIGHT = 0.8
CASE_WEIGHT = 0.2
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass
class StepReport:
    id: str
    number: int
    title: str
    status: str  # done | skipped | pending
    counted: bool  # does it count in the total?
    score: float  # 0..100, after an error-level check zeroed it
    covered: list[str]  # applicable sub-topics with any credit
    missed: list[str]  # applicable sub-topics with none
    evidence: dict[str, str]  # sub-topic -> how it was covered
    seconds: float
    budget_seconds: float
    hints: int
    deep_dive: bool
    credit: dict[str, float] = field(default_factory=dict)  # covered sub-topic -> 0..1
    not_applicable: list[str] = field(default_factory=list)  # left out of the denominator
    hinted: list[str] = field(default_factory=list)  # covered after a hint (counts less)
    zeroed_by: list[str] = field(default_factory=list)  # error-level checks of this step
    coverage_score: float = 0.0  # what coverage alone gave, before an error zeroed it

    @property
    def overtime(self) -> bool:
        return self.seconds > self.budget_seconds + 0.5

    @property
    def applicable(self) -> int:
        return len(self.covered) + len(self.missed)

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "title": self.title,
            "status": self.status,
            "counted": self.counted,
            "score": self.score,
            "coverage_score": self.coverage_score,
            "covered": list(self.covered),
            "missed": list(self.missed),
            "not_applicable": list(self.not_applicable),
            "credit": dict(self.credit),
            "evidence": dict(self.evidence),
            "hinted": list(self.hinted),
            "zeroed_by": list(self.zeroed_by),
            "time": {
                "seconds": round(self.seconds, 1),
                "budget_seconds": round(self.budget_seconds, 1),
                "overtime": self.overtime,
            },
            "hints": self.hints,
            "deep_dive": self.deep_dive,
        }


@dataclass
class PointReport:
    id: str
    step: str
    text: str
    hit: bool
    keyword: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "step": self.step, "text": self.text}
        data["hit"] = self.hit
        if self.keyword:
            data["keyword"] = self.keyword
        return data


@dataclass
class CheckReport:
    id: str
    step: str
    severity: str
    message: str  # with its numbers filled in
    advice: str
    kept: str = ""  # why the person kept the design against it (practice), if they said
    points: float = 0.0  # what it cost the total (a warning's deduction; errors cap instead)

    def to_dict(self) -> dict[str, Any]:
        data = {
            "id": self.id,
            "step": self.step,
            "severity": self.severity,
            "message": self.message,
            "advice": self.advice,
        }
        if self.kept:
            data["kept"] = self.kept
        if self.points:
            data["points"] = self.points
        return data


@dataclass
class StudyItem:
    subtopic: str
    title: str
    point: str
    links: list[dict[str, str]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "subtopic": self.subtopic,
            "title": self.title,
            "point": self.point,
            "links": [dict(link) for link in self.links],
        }


@dataclass
class WeakArea:
    step: str
    title: str
    score: float
    status: str
    study: list[StudyItem]

    def to_dict(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "title": self.title,
            "score": self.score,
            "status": self.status,
            "study": [s.to_dict() for s in self.study],
        }


@dataclass
class Strength:
    """Something the candidate did well: a step covered with their own reasoning, or a case
    point hit."""

    step: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"step": self.step, "text": self.text}


@dataclass
class CoachReport:
    framework: str
    framework_version: str
    session: str | None
    mode: str | None
    case: str | None
    finished: bool | None
    steps: dict[str, StepReport]
    coverage: float  # framework coverage, 0..100 (steps zeroed by errors included)
    case_score: float | None  # case points hit, 0..100; None without a case
    total: float
    points: list[PointReport]
    checks: list[CheckReport]  # errors first, then warnings, then info
    weakest: list[WeakArea]
    notes: list[str] = field(default_factory=list)
    raw_total: float = 0.0  # coverage and case points, before caps and deductions
    cap: float | None = None  # the ceiling an error-level check put on the total
    deduction: float = 0.0  # points the warnings cost
    strengths: list[Strength] = field(default_factory=list)
    depth: float = 0.0  # 0..100: statements of substance in the deepest steps
    deep_steps: list[str] = field(default_factory=list)
    framework_score: float = 0.0  # coverage and depth together, 0..100

    @property
    def errors(self) -> list[CheckReport]:
        return [c for c in self.checks if c.severity == "error"]

    @property
    def warnings(self) -> list[CheckReport]:
        return [c for c in self.checks if c.severity == "warning"]

    @property
    def missed_points(self) -> list[PointReport]:
        return [p for p in self.points if not p.hit]

    @property
    def study(self) -> list[StudyItem]:
        """What to study, weakest step first: only sub-topics that apply to the design."""
        return [item for area in self.weakest for item in area.study]

    @property
    def seconds(self) -> float:
        return sum(s.seconds for s in self.steps.values())

    @property
    def budget_seconds(self) -> float:
        return sum(s.budget_seconds for s in self.steps.values())

    def debrief(self) -> list[tuple[str, list[Any]]]:
        """The findings in the order a debrief goes: (section, items), empty sections left out:
        errors (with their numbers), other findings, missed case points, strengths, study."""
        sections: list[tuple[str, list[Any]]] = [
            ("errors", self.errors),
            ("findings", [c for c in self.checks if c.severity != "error"]),
            ("missed_points", self.missed_points),
            ("strengths", self.strengths),
            ("study", self.weakest),
        ]
        return [(name, items) for name, items in sections if items]

    def to_dict(self) -> dict[str, Any]:
        """The `score --json` object. TOML-safe (no None values), so the interview can keep it
        as the session's `feedback` table."""
        data: dict[str, Any] = {
            "framework": self.framework,
            "framework_version": self.framework_version,
        }
        if self.session:
            data["session"] = self.session
        if self.mode:
            data["mode"] = self.mode
        if self.case:
            data["case"] = self.case
        data["scale"] = "percent (0-100)"
        data["total"] = self.total
        data["raw_total"] = self.raw_total
        if self.cap is not None:
            data["cap"] = self.cap
        data["deduction"] = self.deduction
        data["coverage"] = self.coverage
        data["depth"] = self.depth
        data["deep_steps"] = list(self.deep_steps)
        data["framework_score"] = self.framework_score
        data["weights"] = (
            {"framework": FRAMEWORK_WEIGHT, "case": CASE_WEIGHT}
            if self.case_score is not None
            else {"framework": 1.0}
        )
        data["steps"] = {sid: step.to_dict() for sid, step in self.steps.items()}
        if self.case_score is not None:
            data["case_points"] = {
                "score": self.case_score,
                "hit": [p.id for p in self.points if p.hit],
                "missed": [p.id for p in self.points if not p.hit],
                "points": [p.to_dict() for p in self.points],
            }
        data["checks"] = [c.to_dict() for c in self.checks]
        data["strengths"] = [s.to_dict() for s in self.strengths]
        data["time"] = {
            "seconds": round(self.seconds, 1),
            "budget_seconds": round(self.budget_seconds, 1),
            "overtime_steps": [s.id for s in self.steps.values() if s.overtime],
        }
        data["weakest"] = [w.to_dict() for w in self.weakest]
        data["notes"] = list(self.notes)
        return data
