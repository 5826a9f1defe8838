"""The practice clock: seconds spent in each step, booked to the session, and what is left.

Time comes from an injected function (`time.monotonic` by default), so tests move it by hand.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from genai_design_cli.model.framework import Framework, Step
from genai_design_cli.model.session import Session

Now = Callable[[], float]  # seconds from any fixed point; only differences are used


@dataclass(frozen=True)
class ClockView:
    """The practice clock at a prompt: seconds left overall and in the current step."""

    total_left_s: float
    step_left_s: float
    step_budget_s: float

    @property
    def overtime(self) -> bool:
        return self.total_left_s < 0

    @property
    def step_overtime(self) -> bool:
        return self.step_left_s < 0


def session_minutes(fw: Framework, session: Session) -> float:
    """The session's length: its own minutes (practice --minutes), else the framework's."""
    return (session.session.minutes if session.session else None) or fw.minutes


def step_budget_seconds(fw: Framework, session: Session, step: Step) -> float:
    """A step's share of the session's minutes (the framework's own split, scaled)."""
    return step.minutes * session_minutes(fw, session) / fw.minutes * 60


class StepClock:
    """Books the time spent in the step being walked to that step's `seconds` in the session.

    Seconds add up across visits: a resumed step goes on from what it had. Time outside a
    step (the title, the final menu) is booked nowhere."""

    def __init__(self, fw: Framework, session: Session, now: Now = time.monotonic) -> None:
        self.fw = fw
        self.session = session
        self.now = now
        self.step: Step | None = None
        self._started = 0.0
        self._base_seconds = 0.0  # the step's seconds when this visit began

    def start(self, step: Step) -> None:
        """Book the time so far to the previous step and start timing `step`."""
        self.sync()
        self.step = step
        self._started = self.now()
        self._base_seconds = self.session.step_state(step.id).seconds

    def stop(self) -> None:
        """Book the time so far; no step is timed after this."""
        self.sync()
        self.step = None

    def sync(self) -> None:
        """Write the current step's seconds into the session (before every save)."""
        if self.step is not None:
            state = self.session.step_state(self.step.id)
            state.seconds = round(self._base_seconds + self.now() - self._started, 1)

    def view(self) -> ClockView | None:
        """Time left overall and in the current step; None outside practice or a step."""
        meta = self.session.session
        if meta is None or meta.mode != "practice" or self.step is None:
            return None
        self.sync()
        total = session_minutes(self.fw, self.session) * 60
        spent = sum(s.seconds for s in self.session.steps.values())
        budget = step_budget_seconds(self.fw, self.session, self.step)
        step_spent = self.session.step_state(self.step.id).seconds
        return ClockView(total - spent, budget - step_spent, budget)
