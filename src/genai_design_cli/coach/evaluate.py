"""The coach: coverage scoring, design checks and time per step, as pure functions.

`evaluate(fw, session, case)` turns a session (or a plain answers file) into a `CoachReport`;
`CoachReport.to_dict()` is what `genai-design score --json` prints, and `render.coach_md`
is the feedback section of the export. No I/O here; the CLI shell prints and keeps history.

Scoring rules (stated here because a candidate will ask "why did I get 60?"):

- Scores are percentages, 0-100, rounded to one decimal.
- A sub-topic is covered when the person's answers *in its own step* mention one of its
  keywords, or when they answered a question that `covers` it. Keywords match case-insensitively
  on word boundaries: `rag` does not match inside `storage`, `tgi` not inside `tgif`; a simple
  plural (`guardrails` for `guardrail`) counts; multi-word and hyphenated keywords match across
  any whitespace or hyphen (`fine-tune` = `fine tune` = `finetune`); keywords that start or end
  with punctuation (`$/query`) only need a boundary on their word side. Coverage is a set: the
  same word repeated covers nothing more.
- "Answered" means a non-empty answer. A confirm answered *false* counts too: "no, data may not
  leave" is a position taken, and the checks judge whether it was the right one. A chosen
  option `none` (no fallback, no batching) does not cover: it is the absence of the thing.
- Text counts from free-text answers and from chosen options (their values and labels).
  Numbers count only through `covers`.
- Step score = covered / sub-topics of the step. Framework coverage = the mean of the counted
  steps' scores (each step weighs the same, as each gets its own slot in an interview).
- A step skipped in practice mode counts as 0 (a real interviewer notices); in scaffold mode a
  skipped step is left out of the total (the seed says: skip steps that don't apply). A step
  never reached counts as 0 in both.
- With a case, its own points (matched by keywords across all answers) give a case score, and
  total = 80% framework coverage + 20% case points. Without a case, total = framework coverage.
- Checks run over answers, calculator results (`calc.*`) and `covered.<sub-topic>` = true. In an
  unfinished session, checks of steps not reached yet are not reported (the person may still
  get there); in a finished session or an answers file without `[session]`, all run.
- Time: a step's budget is its minutes scaled by the session's length over the framework's
  (a 30-minute practice of a 45-minute framework gives each step 2/3 of its minutes).
"""

from __future__ import annotations

import contextlib
import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from genai_design_cli.model import conditions
from genai_design_cli.model.framework import (
    Framework,
    Question,
    Step,
    answer_variables,
    flatten_results,
)

if TYPE_CHECKING:  # pragma: no cover
    from genai_design_cli.model.case import Case
    from genai_design_cli.model.session import Session

FRAMEWORK_WEIGHT = 0.8
CASE_WEIGHT = 0.2
WEAKEST_COUNT = 3
NONE_CHOICE = "none"
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


# --- keyword matching --------------------------------------------------------------------------

_TYPOGRAPHY = {
    **dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2212"), "-"),
    **dict.fromkeys(map(ord, "\u2018\u2019\u201b\u2032"), "'"),
    **dict.fromkeys(map(ord, "\u201c\u201d"), '"'),
}
# "$/query" also matches "$0.01/query"; "recall@k" also matches "recall@10".
_AMOUNT = r"(?:\s*\d[\d,._]*\s*[kmb]?)?"


def normalize_text(text: str) -> str:
    """Case-folded, NFKC-normalised text with typographic dashes and quotes made plain (so
    keywords match what people actually type and paste)."""
    return unicodedata.normalize("NFKC", text).translate(_TYPOGRAPHY).casefold()


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


@functools.lru_cache(maxsize=4096)
def keyword_pattern(keyword: str) -> re.Pattern[str] | None:
    """The regex a rubric keyword matches with; None for an empty keyword.

    Word boundaries only on a word side: `$/query` needs none on its left. A space in a keyword
    matches any whitespace or a hyphen; a hyphen matches a hyphen, whitespace or nothing; a
    slash may have spaces around it. A keyword ending in a letter also matches its plural.
    Placeholders: `$` may carry an amount (`$/query` matches `$0.01/query`), and a final `@k`
    may be a number (`recall@k` matches `recall@10`).
    """
    key = normalize_text(keyword).strip()
    if not key:
        return None
    parts = re.split(r"(\s+|-|/)", key)
    pattern = ""
    for part in parts:
        if not part:
            continue
        if part.isspace():
            pattern += r"(?:\s+|\s*-\s*)"
        elif part == "-":
            pattern += r"(?:\s*-\s*|\s+)?"
        elif part == "/":
            pattern += r"\s*/\s*"
        else:
            piece = re.escape(part)
            if "$" in part and not re.search(r"\$\d", part):  # "$/query", not "$100k"
                piece = piece.replace(r"\$", r"\$" + _AMOUNT)
            if piece.endswith("@k"):
                piece = piece[:-1] + r"(?:k|\d+)"
            pattern += piece
    if _word_char(key[0]):
        pattern = r"(?<!\w)" + pattern
    if _word_char(key[-1]):
        if key[-1].isalpha():
            pattern += r"(?:e?s)?"
        pattern += r"(?!\w)"
    return re.compile(pattern)


def matching_keyword(texts: Iterable[str], keywords: Iterable[str]) -> str | None:
    """The first keyword found in any of the texts (each text matched on its own), or None."""
    normalized = [normalize_text(t) for t in texts if t and t.strip()]
    if not normalized:
        return None
    for keyword in keywords:
        pattern = keyword_pattern(keyword)
        if pattern is None:
            continue
        if any(pattern.search(text) for text in normalized):
            return keyword
    return None


# --- answers as text -----------------------------------------------------------------------------


def is_answered(value: Any) -> bool:
    """A non-empty answer. False (a confirm answered no) is an answer; None, '' and [] are not."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, tuple, dict)):
        return any(is_answered(v) for v in value)
    return True


def takes_position(question: Question, value: Any) -> bool:
    """Does this answer cover the question's sub-topics? A non-empty answer does, and a
    confirm answered no does too ("data may not leave" is a requirement stated). A chosen
    option `none` does not: "no fallback" is the absence of the thing, not a design of it."""
    if not is_answered(value):
        return False
    if question.kind in ("select", "checkbox"):
        chosen = value if isinstance(value, (list, tuple)) else [value]
        return any(is_answered(v) and v != NONE_CHOICE for v in chosen)
    return True


def answer_texts(question: Question | None, value: Any) -> list[str]:
    """The words an answer contributes to keyword matching: free text as written, chosen
    options as their value and label. Numbers and booleans contribute no words."""
    if isinstance(value, bool) or value is None or isinstance(value, (int, float)):
        return []
    items = value if isinstance(value, (list, tuple)) else [value]
    labels = {c.value: c.label for c in question.choices} if question is not None else {}
    texts: list[str] = []
    for item in items:
        if isinstance(item, str):
            if labels and item == NONE_CHOICE:
                continue  # "No fallback" mentions fallback, but it is the absence of one
            texts.append(item)
            label = labels.get(item)
            if label:
                texts.append(label)
        elif isinstance(item, dict):  # defensive: a hand-written answers file may nest tables
            texts.extend(t for v in item.values() for t in answer_texts(None, v))
    return texts


def step_texts(step: Step, step_answers: Mapping[str, Any]) -> list[str]:
    """Every text the person gave in one step, including answers to questions the framework
    does not know (a hand-written answers file: still the person's words)."""
    questions = {q.id: q for q in step.questions}
    texts: list[str] = []
    for qid, value in step_answers.items():
        texts.extend(answer_texts(questions.get(qid), value))
    return texts


# --- the report ------------------------------------------------------------------------------


@dataclass
class StepReport:
    id: str
    number: int
    title: str
    status: str  # done | skipped | pending
    counted: bool  # does it count in the total?
    score: float  # 0..100
    covered: list[str]
    missed: list[str]
    evidence: dict[str, str]  # sub-topic -> how it was covered
    seconds: float
    budget_seconds: float
    hints: int
    deep_dive: bool

    @property
    def overtime(self) -> bool:
        return self.seconds > self.budget_seconds + 0.5

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "title": self.title,
            "status": self.status,
            "counted": self.counted,
            "score": self.score,
            "covered": list(self.covered),
            "missed": list(self.missed),
            "evidence": dict(self.evidence),
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
    message: str
    advice: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "step": self.step,
            "severity": self.severity,
            "message": self.message,
            "advice": self.advice,
        }


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
class CoachReport:
    framework: str
    framework_version: str
    session: str | None
    mode: str | None
    case: str | None
    finished: bool | None
    steps: dict[str, StepReport]
    coverage: float  # framework coverage, 0..100
    case_score: float | None  # case points hit, 0..100; None without a case
    total: float
    points: list[PointReport]
    checks: list[CheckReport]
    weakest: list[WeakArea]
    notes: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[CheckReport]:
        return [c for c in self.checks if c.severity == "error"]

    @property
    def seconds(self) -> float:
        return sum(s.seconds for s in self.steps.values())

    @property
    def budget_seconds(self) -> float:
        return sum(s.budget_seconds for s in self.steps.values())

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
        data["coverage"] = self.coverage
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
        data["time"] = {
            "seconds": round(self.seconds, 1),
            "budget_seconds": round(self.budget_seconds, 1),
            "overtime_steps": [s.id for s in self.steps.values() if s.overtime],
        }
        data["weakest"] = [w.to_dict() for w in self.weakest]
        data["notes"] = list(self.notes)
        return data


# --- evaluation ------------------------------------------------------------------------------


def _percent(part: float, whole: float) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


def _number_answers(fw: Framework, answers: Mapping[str, Mapping[str, Any]]) -> dict:
    """Answers with hand-written number strings (`"10M"`) parsed, so checks compare numbers."""
    from genai_design_cli.model.numbers import parse_number

    fixed: dict[str, dict[str, Any]] = {sid: dict(a) for sid, a in answers.items()}
    for step, question in fw.questions():
        value = fixed.get(step.id, {}).get(question.id)
        if question.kind == "number" and isinstance(value, str):
            # unparseable text stays text; a comparison with it is simply false
            with contextlib.suppress(ValueError):
                fixed[step.id][question.id] = parse_number(value)
    return fixed


FREE_TEXT_KINDS = ("text", "multiline")


def _without_defaults(
    fw: Framework, answers: Mapping[str, Mapping[str, Any]], case: Case | None
) -> dict[str, dict[str, Any]]:
    """The answers minus those equal to the default the interview offered for them."""
    offered = case.variables() if case is not None else {}
    kept: dict[str, dict[str, Any]] = {sid: dict(a) for sid, a in answers.items()}
    for step, question in fw.questions():
        if question.id not in kept.get(step.id, {}) or question.kind in FREE_TEXT_KINDS:
            continue
        value = kept[step.id][question.id]
        defaults = [question.default]
        if question.var in offered:
            defaults.append(offered[question.var])
        if any(d is not None and value == d for d in defaults):
            del kept[step.id][question.id]
    return kept


def step_coverage(step: Step, step_answers: Mapping[str, Any]) -> dict[str, str]:
    """Covered sub-topics of one step -> the evidence (a question answered, or a keyword)."""
    evidence: dict[str, str] = {}
    questions = {q.id: q for q in step.questions}
    for qid, value in step_answers.items():
        question = questions.get(qid)
        if question is None or not takes_position(question, value):
            continue
        # say so when the answer is the question's default: the person may only have pressed
        # Enter, and the report should not hide that
        how = "kept the default of" if value == question.default else "answered"
        for sub_id in question.covers:
            evidence.setdefault(sub_id, f"{how} {qid}")
    texts = step_texts(step, step_answers)
    for sub in step.subtopics:
        if sub.id in evidence:
            continue
        keyword = matching_keyword(texts, sub.keywords)
        if keyword is not None:
            evidence[sub.id] = f"said {keyword!r}"
    return evidence


def environment(
    fw: Framework,
    answers: Mapping[str, Mapping[str, Any]],
    results: Mapping[str, Any],
    covered: Iterable[str],
) -> dict[str, Any]:
    """The variables checks run over: answers, calculator results, covered.<sub-topic>."""
    env = answer_variables(fw, dict(answers))
    env.update(flatten_results(dict(results)))
    for sub_id in covered:
        env[f"covered.{sub_id}"] = True
    return env


def calculator_results(variables: Mapping[str, Any]) -> tuple[dict[str, Any], str | None]:
    """Run the calculators on the answers (when a session holds no results): (results, problem)."""
    try:
        from genai_design_cli.calc import engine
    except ImportError:
        return {}, None
    try:
        return dict(engine.run(dict(variables))), None
    except Exception as exc:  # a calculator bug must not cost the person their feedback
        return (
            {},
            f"The calculators could not run on these answers ({exc}); checks on calc.* skipped.",
        )


def _status(session: Session, step_id: str) -> str:
    state = session.steps.get(step_id)
    if state is not None and state.status != "pending":
        return state.status
    if state is None and any(is_answered(v) for v in session.answers.get(step_id, {}).values()):
        return "done"  # an answers file without [steps]: an answered step was done
    return "pending"


def evaluate(fw: Framework, session: Session, case: Case | None = None) -> CoachReport:
    """Coverage per step, case points, checks fired and time per step for a session or an
    answers file (a Session without `[session]` meta). Pure."""
    meta = session.session
    practice = meta is not None and meta.mode == "practice"
    partial = meta is not None and not meta.finished
    session_minutes = (meta.minutes if meta and meta.minutes else None) or fw.minutes
    time_scale = session_minutes / fw.minutes
    answers = _number_answers(fw, session.answers)
    notes: list[str] = []

    # In practice, an answer left at the default offered (the framework's or the case's) earns
    # no coverage: pressing Enter is not saying it. The person's own words still count.
    scored = _without_defaults(fw, answers, case) if practice else answers
    if practice and scored != answers:
        notes.append(
            "Answers left at their default earn no coverage in practice mode: say the point "
            "in your own words (the step's notes count)."
        )

    steps: dict[str, StepReport] = {}
    covered_all: set[str] = set()
    for step in fw.steps:
        step_answers = scored.get(step.id, {})
        status = _status(session, step.id)
        evidence = step_coverage(step, step_answers)
        covered = [s.id for s in step.subtopics if s.id in evidence]
        missed = [s.id for s in step.subtopics if s.id not in evidence]
        covered_all.update(covered)
        state = session.steps.get(step.id)
        steps[step.id] = StepReport(
            id=step.id,
            number=step.number,
            title=step.title,
            status=status,
            counted=not (status == "skipped" and not practice),
            score=_percent(len(covered), len(step.subtopics)),
            covered=covered,
            missed=missed,
            evidence={k: evidence[k] for k in covered},
            seconds=float(state.seconds) if state else 0.0,
            budget_seconds=step.minutes * 60.0 * time_scale,
            hints=state.hints if state else 0,
            deep_dive=bool(state.deep_dive) if state else False,
        )

    skipped = [s.id for s in steps.values() if s.status == "skipped"]
    if skipped and practice:
        notes.append(
            "Skipped steps count as missed in practice mode (a real interviewer notices): "
            + ", ".join(skipped)
            + "."
        )
    elif skipped:
        notes.append("Skipped steps are left out of the total: " + ", ".join(skipped) + ".")
    counted = [s for s in steps.values() if s.counted]
    coverage = round(sum(s.score for s in counted) / len(counted), 1) if counted else 0.0

    # case points: keywords in what the person wrote, any step (not in option labels, which
    # the framework wrote)
    points: list[PointReport] = []
    case_score: float | None = None
    if case is not None:
        all_texts: list[str] = []
        for step in fw.steps:
            written = {
                qid: value
                for qid, value in scored.get(step.id, {}).items()
                if qid not in {q.id for q in step.questions if q.kind not in FREE_TEXT_KINDS}
            }
            all_texts.extend(step_texts(step, written))
        known_steps = {s.id for s in fw.steps}
        for sid, step_answers in answers.items():
            if sid not in known_steps:
                all_texts.extend(t for v in step_answers.values() for t in answer_texts(None, v))
        for point in case.points:
            keyword = matching_keyword(all_texts, point.keywords)
            points.append(
                PointReport(point.id, point.step, point.text, keyword is not None, keyword)
            )
        case_score = _percent(sum(p.hit for p in points), len(points))
        total = round(FRAMEWORK_WEIGHT * coverage + CASE_WEIGHT * case_score, 1)
    else:
        total = coverage

    # checks
    results = dict(session.results)
    if not results:
        results, problem = calculator_results(answer_variables(fw, answers))
        if problem:
            notes.append(problem)
    env = environment(fw, answers, results, covered_all)
    fired: list[CheckReport] = []
    held_back = 0
    for check in fw.checks:
        if not conditions.evaluate(check.when, env):
            continue
        if partial and steps.get(check.step) and steps[check.step].status == "pending":
            held_back += 1
            continue
        fired.append(CheckReport(check.id, check.step, check.severity, check.message, check.advice))
    if held_back:
        notes.append(
            f"{held_back} check(s) on steps not reached yet are not reported; "
            "they run once the session is finished."
        )
    order = {s.id: s.number for s in fw.steps}
    fired.sort(key=lambda c: (SEVERITY_ORDER.get(c.severity, 9), order.get(c.step, 99)))

    return CoachReport(
        framework=fw.id,
        framework_version=fw.version,
        session=meta.id if meta else None,
        mode=meta.mode if meta else None,
        case=case.id if case is not None else (meta.case if meta else None),
        finished=meta.finished if meta else None,
        steps=steps,
        coverage=coverage,
        case_score=case_score,
        total=total,
        points=points,
        checks=fired,
        weakest=weakest_areas(fw, steps),
        notes=notes,
    )


def weakest_areas(fw: Framework, steps: Mapping[str, StepReport]) -> list[WeakArea]:
    """The three counted steps with the lowest scores (most missed first on ties), each with
    the talking points and deep-dive links of what was missed."""
    candidates = [s for s in steps.values() if s.counted and s.missed]
    candidates.sort(key=lambda s: (s.score, -len(s.missed), s.number))
    areas = []
    for report in candidates[:WEAKEST_COUNT]:
        step = fw.step(report.id)
        subs = {s.id: s for s in step.subtopics}
        study = [
            StudyItem(
                sub_id,
                subs[sub_id].title,
                subs[sub_id].point,
                [{"title": link.title, "url": link.url} for link in subs[sub_id].links],
            )
            for sub_id in report.missed
        ]
        areas.append(WeakArea(report.id, report.title, report.score, report.status, study))
    return areas


# --- history (pure part; the CLI appends it to paths.history_file()) --------------------------


def history_entry(report: CoachReport, date: str) -> dict[str, Any]:
    """One line of the practice history: what `progress` plots."""
    entry: dict[str, Any] = {
        "session": report.session or "",
        "case": report.case or "",
        "date": date,
        "framework": report.framework,
        "mode": report.mode or "",
        "steps": {sid: s.score for sid, s in report.steps.items()},
        "total": report.total,
        "coverage": report.coverage,
    }
    if report.case_score is not None:
        entry["case_score"] = report.case_score
    entry["checks"] = [c.id for c in report.checks]
    return entry
