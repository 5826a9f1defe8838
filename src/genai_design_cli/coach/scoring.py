"""Credit per sub-topic, step scores, the total, and what checks take off it.

Credit (0 to 1 per sub-topic; the evidence with the most credit counts, once):

- 1: a statement that commits to the sub-topic, with substance, in any step (coverage.py);
  a free-text answer with substance to a question that covers it;
  an option chosen or a number given for a question that covers it, in a step where the
  candidate also said something of substance (a choice they stand behind);
- 1/2: an option or number in a step where they said nothing of substance (a box ticked, no
  word of why); a free-text answer that only lists terms or says little; one sub-topic per box
  named in a fragment or a buzzword list;
- 0: an answer equal to the default offered (the framework's or the case's figure) in a step
  where nothing was said, or one the interview filled without input; a "No" to a yes/no
  practice question, "none", an empty list, a share of 0 or 1 or a count of 0 (the absence of
  the thing: a decision, not coverage); anything negated, deferred ("TBD", "later", "maybe")
  or repeated word for word.
- After its hint, a sub-topic's credit is multiplied by HINT_CREDIT (the nudge costs a
  quarter, the talking point half).

A sub-topic whose `applies_when` does not hold for the design leaves the denominator.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from genai_design_cli.coach import coverage
from genai_design_cli.coach.report import CheckReport
from genai_design_cli.model import conditions
from genai_design_cli.model.framework import Framework, Question, Step

if TYPE_CHECKING:  # pragma: no cover
    from genai_design_cli.model.case import Case
    from genai_design_cli.model.session import StepState

FREE_TEXT_KINDS = ("text", "multiline")
NONE_CHOICE = "none"
FULL, HALF = 1.0, 0.5
HINT_CREDIT = {1: 0.75, 2: 0.5}  # hint level -> what a sub-topic covered after it is worth
LEGACY_HINT_CREDIT = 0.5  # a session that counts hints per step only: all of the step's
DEEP_STEPS = 3  # the 2-3 steps the framework asks a candidate to go deep on
DEEP_STATEMENTS = 3  # statements of substance that make a step's discussion deep
COVERAGE_SHARE = 0.625  # of the framework score: breadth (coverage)...
DEPTH_SHARE = 0.375  # ...and depth; with the case's 20%, 50% / 30% / 20% of the total
ERROR_CAP = 50.0  # an error-level check caps the total here and zeroes its step
WARNING_POINTS = 5.0  # each warning takes this much off the total...
WARNING_MAX = 15.0  # ...up to this much
EXCERPT = 70


@dataclass
class Evidence:
    credit: float
    how: str
    committed: bool  # a statement, an answer or a choice (not only a term in a list)
    about: frozenset[str] = frozenset()  # what its sentence talks about (for statements)


def off_topic(about: frozenset[str] | set[str], not_applicable: set[str]) -> bool:
    """Is a sentence mostly about what does not apply to the design? Then it earns nothing,
    not even the applicable words it drops on the way ("vLLM with continuous batching" in a
    hosted-API design)."""
    return bool(about) and 2 * len(set(about) & not_applicable) > len(about)


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1].rstrip() + "…"


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
    """Does this answer affirm the practice its question covers? A "No" to a yes/no question,
    the choice `none`, an empty list, a count of 0 or a share of 0 or 1 (nothing cached,
    nothing routed, every query to the LLM) is a decision, but not coverage."""
    if not is_answered(value):
        return False
    if question.kind == "confirm":
        return value is True
    if question.kind in ("select", "checkbox"):
        chosen = value if isinstance(value, (list, tuple)) else [value]
        return any(is_answered(v) and v != NONE_CHOICE for v in chosen)
    if question.kind == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return False
        if question.min == 0 and value == 0:
            return False
        share = question.min == 0 and question.max == 1 and not question.unit.startswith("$")
        return not (share and value == 1)
    return True


def applies(step: Step, env: Mapping[str, Any]) -> tuple[list[str], list[str], list[str]]:
    """(applicable, not applicable, undecided) sub-topic ids of a step for this design. A
    sub-topic is undecided when the design has not made the choice its `applies_when` reads
    (no hosting answered: GPU serving or a provider's rate limits?): it is neither counted nor
    missed, since the missing choice is already missed where it is asked."""
    yes, no, open_ = [], [], []
    for sub in step.subtopics:
        if sub.applies_when is None:
            yes.append(sub.id)
        elif not any(_is_set(env.get(n)) for n in conditions.variables(sub.applies_when)):
            open_.append(sub.id)
        elif conditions.evaluate(sub.applies_when, env):
            yes.append(sub.id)
        else:
            no.append(sub.id)
    return yes, no, open_


def _is_set(value: Any) -> bool:
    return value is not None and value != "" and value != []


def depth_counts(
    depth: Mapping[str, list[coverage.Sentence]], not_applicable: set[str]
) -> dict[str, int]:
    """Statements of substance per step, leaving out those about nothing but sub-topics that
    do not apply to the design (GPU serving talk in a hosted-API design is not depth)."""
    return {
        step: sum(1 for s in said if not off_topic(set(s.mentions), not_applicable))
        for step, said in depth.items()
    }


def depth_score(statements: Mapping[str, int], counted: list[str]) -> tuple[float, list[str]]:
    """How deep the candidate went where they chose to: the mean, over their DEEP_STEPS
    deepest counted steps, of statements of substance made in the step / DEEP_STATEMENTS
    (capped at 1). The framework asks for depth on 2-3 steps, not on every one."""
    ranked = sorted(counted, key=lambda s: (-statements.get(s, 0), counted.index(s)))
    top = ranked[:DEEP_STEPS]
    if not top:
        return 0.0, []
    shares = [min(1.0, statements.get(s, 0) / DEEP_STATEMENTS) for s in top]
    return round(100.0 * sum(shares) / DEEP_STEPS, 1), top


class CoverageReader:
    """Reads every answer of a session once, in step order, and keeps the best evidence per
    sub-topic, the sentences said (for case points) and the step's engagement."""

    def __init__(self, fw: Framework, offered: Mapping[str, Any] | None = None) -> None:
        self.fw = fw
        self.offered = dict(offered or {})
        self.vocabulary = {s.id: s.keywords for step in fw.steps for s in step.subtopics}
        self.owner = {s.id: step.id for step in fw.steps for s in step.subtopics}
        self.found: dict[str, list[Evidence]] = {}  # sub-topic -> every piece of evidence
        self.sentences: list[coverage.Sentence] = []
        self.texts: list[str] = []
        self.engaged: dict[str, bool] = {}
        # step -> the statements of substance said in it (its depth)
        self.depth: dict[str, list[coverage.Sentence]] = {}
        self._seen: set[str] = set()

    def _credit(
        self,
        sub_id: str,
        credit: float,
        how: str,
        committed: bool = True,
        about: frozenset[str] = frozenset(),
    ) -> None:
        if sub_id not in self.owner or credit <= 0:
            return
        self.found.setdefault(sub_id, []).append(Evidence(credit, how, committed, about))

    def best(self, sub_id: str, not_applicable: set[str] = frozenset()) -> Evidence | None:
        """The evidence with the most credit for a sub-topic (a commitment before a term in a
        list), leaving out sentences mostly about what does not apply to the design."""
        usable = [e for e in self.found.get(sub_id, []) if not off_topic(e.about, not_applicable)]
        if not usable:
            return None
        return max(usable, key=lambda e: (e.credit, e.committed))

    def committed(self, not_applicable: set[str] = frozenset()) -> list[str]:
        """Sub-topics covered by a commitment (for the checks' `covered.*`)."""
        return [
            sub
            for sub in self.found
            if (best := self.best(sub, not_applicable)) is not None and best.committed
        ]

    def read_step(self, step: Step, table: Mapping[str, Any], state: StepState | None) -> None:
        questions = {q.id: q for q in step.questions}
        followups = {f.id: f for f in step.followups}
        defaulted = set(getattr(state, "defaulted", []) or []) if state else set()
        boxes: list[tuple[str, list[str], coverage.Box]] = []
        for qid, value in table.items():
            question = questions.get(qid)
            followup = followups.get(qid)
            free = (
                (question is not None and question.kind in FREE_TEXT_KINDS)
                or followup is not None
                or (question is None and isinstance(value, str))
            )
            if not free or not isinstance(value, str) or not value.strip() or qid in defaulted:
                continue
            covers = list(question.covers if question else followup.covers if followup else [])
            box = coverage.analyse(value, self.vocabulary, self._seen)
            boxes.append((qid, covers, box))
            self.sentences.extend(box.sentences)
            self.texts.append(value)
        engaged = any(box.substantive for _, _, box in boxes)
        self.engaged[step.id] = engaged
        self.depth[step.id] = [
            s
            for _, _, box in boxes
            for s in box.sentences
            if s.commits
            and s.substance
            and not s.buzzword_list
            and not s.refuses
            and not coverage.is_placeholder(s.raw)
        ]
        for qid, covers, box in boxes:
            self._read_box(step, qid, covers, box)
        for qid, value in table.items():
            question = questions.get(qid)
            if question is None or question.kind in FREE_TEXT_KINDS or qid in defaulted:
                continue
            self._read_choice(step, question, value, engaged)

    def _read_box(self, step: Step, qid: str, covers: list[str], box: coverage.Box) -> None:
        if covers and not box.placeholder and not box.refusal:
            committing = [
                s
                for s in box.sentences
                if s.commits and not s.refuses and not coverage.is_placeholder(s.raw)
            ]
            if box.substantive:
                credit, how, committed = FULL, f"answered {qid}", True
            elif box.only_lists:
                credit, how, committed = HALF, f"listed terms in {qid}", False
            elif committing:
                credit, how, committed = HALF, f"answered {qid} briefly", True
            else:
                credit = 0.0
            if credit:
                for sub_id in covers:
                    self._credit(sub_id, credit, how, committed)
        for sentence in box.statements():
            about = frozenset(sentence.mentions)
            for sub_id, keywords in sentence.mentions.items():
                self._credit(
                    sub_id,
                    FULL,
                    f"said {keywords[0]!r}: “{_excerpt(sentence.raw)}”",
                    True,
                    about,
                )
        # the fragments of one box (noun lists, buzzword lists) earn one sub-topic, at half
        named = [sub for s in box.fragments() for sub in s.mentions]
        if named:
            own = [sub for sub in named if self.owner.get(sub) == step.id]
            sub_id = (own or named)[0]
            words = next(s.mentions[sub_id][0] for s in box.fragments() if sub_id in s.mentions)
            about = frozenset(sub for s in box.fragments() for sub in s.mentions)
            self._credit(sub_id, HALF, f"named {words!r} in a list", False, about)

    def _read_choice(self, step: Step, question: Question, value: Any, engaged: bool) -> None:
        if not takes_position(question, value):
            return
        offered = question.var in self.offered and value == self.offered[question.var]
        is_default = value == question.default or offered
        # a choice stood behind in words counts fully; ticked in silence, half; an untouched
        # default in silence, nothing
        credit = FULL if engaged else 0.0 if is_default else HALF
        how = ("kept the default of " if is_default else "answered ") + question.id
        if not engaged:
            how += " (no word of why in this step)"
        for sub_id in question.covers:
            self._credit(sub_id, credit, how)
        if question.kind in ("select", "checkbox") and credit:
            chosen = value if isinstance(value, list) else [value]
            labels = [
                text
                for c in question.choices
                if c.value in chosen and c.value != NONE_CHOICE
                for text in (c.value, c.label)
                if text
            ]
            for sub in step.subtopics:
                keyword = coverage.matching_keyword(labels, sub.keywords)
                if keyword is not None:
                    self._credit(sub.id, credit, f"chose {keyword!r}")


def hint_factor(state: StepState | None, sub_id: str) -> float:
    """What a sub-topic covered after its hint is worth (1 when no hint was asked for)."""
    if state is None:
        return 1.0
    levels = getattr(state, "hint_levels", None) or {}
    if levels:
        level = levels.get(sub_id, 0)
        return HINT_CREDIT.get(min(level, max(HINT_CREDIT)), 1.0) if level else 1.0
    return LEGACY_HINT_CREDIT if state.hints > 0 else 1.0


def percent(part: float, whole: float) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


def case_points(case: Case, sentences: list[coverage.Sentence]) -> list[tuple[str, str | None]]:
    """(point id, the keyword that hit it or None): a point is hit by a sentence that commits
    (not negated, not deferred, not a buzzword list), in any step."""
    usable = [s for s in sentences if s.commits and not s.buzzword_list]
    hits = []
    for point in case.points:
        keyword = next((k for k in (s.says(point.keywords) for s in usable) if k), None)
        hits.append((point.id, keyword))
    return hits


def deductions(checks: list[CheckReport]) -> tuple[float | None, float]:
    """(cap, points off): any error caps the total at ERROR_CAP; each warning costs
    WARNING_POINTS, at most WARNING_MAX in all. A warning the person kept the design against,
    with a reason, costs nothing: the trade-off was made out loud."""
    cap = ERROR_CAP if any(c.severity == "error" for c in checks) else None
    taken = 0.0
    for check in checks:
        if check.severity != "warning" or check.kept.strip():
            continue
        cost = min(WARNING_POINTS, WARNING_MAX - taken)
        if cost > 0:
            check.points = cost
            taken += cost
    return cap, taken


def total_score(raw: float, cap: float | None, deduction: float) -> float:
    capped = min(raw, cap) if cap is not None else raw
    return round(max(0.0, capped - deduction), 1)
