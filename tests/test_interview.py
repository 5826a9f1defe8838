"""The interview engine with a scripted answer source: conditions, validation, going back,
skipping, deep dives, layered answers, no-input, the practice clock, saving."""

from __future__ import annotations

import pytest
from support.mini_framework import mini_framework
from support.sources import INTERRUPT, Attempts, FakeClock, ScriptedSource

from genai_design_cli.errors import UserError
from genai_design_cli.interview import engine as iv
from genai_design_cli.interview.engine import Interview, MissingAnswers
from genai_design_cli.interview.reconcile import environment
from genai_design_cli.interview.sources import AnswersFileSource
from genai_design_cli.model.answers import InvalidAnswer, validate_answer
from genai_design_cli.model.session import session_from_toml, session_to_toml


@pytest.fixture(scope="module")
def fw():
    return mini_framework()


def run(fw, source, session=None, **kwargs):
    session = session or iv.new_session(fw, title="Test design")
    outcome = Interview(fw, session, source, **kwargs).run()
    return outcome, session


BASIC = {"qps": "100", "pattern": ["rag"], "knowledge-sources": "help-centre articles"}


def test_walks_every_step_and_asks_only_questions_whose_condition_holds(fw):
    source = ScriptedSource(BASIC)
    outcome, session = run(fw, source)
    assert outcome == iv.FINISHED
    assert session.session.finished
    assert [v.step.id for v in source.steps_shown] == [s.id for s in fw.steps]
    # llm-share is for label outputs only; training data is for fine-tuning only
    assert "why-genai.llm-share" not in source.asked
    assert "data-strategy.training-data" not in source.asked
    assert "data-strategy.knowledge-sources" in source.asked
    assert session.answers["data-strategy"]["retrieval-ms"] == 50  # default kept
    assert session.answers["requirements"]["qps"] == 100
    assert all(session.steps[s.id].status == "done" for s in fw.steps)


def test_a_label_output_asks_for_the_llm_share(fw):
    source = ScriptedSource({**BASIC, "output-kind": "label", "llm-share": "10%"})
    _, session = run(fw, source)
    assert "why-genai.llm-share" in source.asked
    assert session.answers["why-genai"]["llm-share"] == pytest.approx(0.1)


def test_invalid_answers_are_reasked_with_what_is_allowed(fw):
    source = ScriptedSource(
        {
            **BASIC,
            "qps": Attempts("lots", "", "-5", "10M"),
            "users": Attempts("2.5", "2.5k"),
        }
    )
    _, session = run(fw, source)
    assert source.asked.count("requirements.qps") == 4
    messages = [m for key, m in source.errors if key == "requirements.qps"]
    assert "'lots' is not a number" in messages[0]
    assert "10M" in messages[0]  # says suffixes work
    assert "required" in messages[1]
    assert "out of range" in messages[2] and "at least 0" in messages[2]
    assert session.answers["requirements"]["qps"] == 10_000_000
    assert [m for key, m in source.errors if key == "requirements.users"] == [
        "2.5 is not a whole number of at least 0; 2.5k and 10M work"
    ]
    assert session.answers["requirements"]["users"] == 2500


@pytest.mark.parametrize(
    ("question_id", "raw", "expected"),
    [
        ("qps", "2.5k", 2500),
        ("qps", "1_000", 1000),
        ("qps", 40, 40),
        ("llm-share", "25%", 0.25),
        ("llm-share", "0.3", 0.3),
        ("output-kind", "Label", "label"),
        ("pattern", "rag, agents", ["rag", "agents"]),
        ("pattern", ["agents", "api"], ["api", "agents"]),
        ("data-may-leave", "no", False),
        ("data-may-leave", True, True),
        ("requirements.notes", "  spaced  ", "spaced"),
        ("why-genai.notes", "\n  indented\n  lines  \n", "  indented\n  lines"),
        ("users", "", None),
    ],
)
def test_validate_answer_accepts(fw, question_id, raw, expected):
    assert validate_answer(find(fw, question_id), raw) == expected


def find(fw, key):
    step_id, _, question_id = key.rpartition(".")
    return next(q for s, q in fw.questions() if q.id == question_id and step_id in ("", s.id))


@pytest.mark.parametrize(
    ("question_id", "raw", "message"),
    [
        ("llm-share", "1.5", "from 0 to 1"),
        ("llm-share", "abc", "not a number from 0 to 1, e.g. 0.25 or 25%"),
        ("output-kind", "poem", "allowed: open-ended, structured, label"),
        ("pattern", "rag, graph", "'graph' is not an option"),
        ("pattern", [], "choose at least one"),
        ("data-may-leave", "maybe", "yes or no"),
        ("qps", " ", "required"),
    ],
)
def test_validate_answer_rejects(fw, question_id, raw, message):
    question = find(fw, question_id)
    with pytest.raises(InvalidAnswer, match=message):
        validate_answer(question, raw)


def test_going_back_from_rag_to_fine_tune_changes_the_data_strategy_questions(fw):
    source = ScriptedSource(
        {
            **BASIC,
            "pattern": Attempts(["rag"], ["fine-tune"]),
            "training-data": "10k labelled support replies",
        },
        actions={"data-strategy": [("back", "architecture", "pattern"), "continue"]},
    )
    _, session = run(fw, source)
    assert "data-strategy.training-data" in source.asked
    assert "data-strategy.knowledge-sources" not in source.asked
    assert session.answers["architecture"]["pattern"] == ["fine-tune"]
    assert session.answers["data-strategy"]["training-data"] == "10k labelled support replies"
    assert "knowledge-sources" not in session.answers["data-strategy"]


def test_going_back_after_a_step_removes_answers_that_no_longer_apply_and_asks_new_ones(fw):
    source = ScriptedSource(
        {**BASIC, "pattern": Attempts(["rag"], ["fine-tune"]), "training-data": "replies"},
        actions={"end": [("back", "architecture", "pattern"), "finish"]},
    )
    _, session = run(fw, source)
    data = session.answers["data-strategy"]
    assert "knowledge-sources" not in data and "retrieval-ms" not in data
    assert data["training-data"] == "replies"
    assert any("no longer applies" in m for m in source.messages)
    assert any("Now applies" in m and "training data" in m for m in source.messages)
    # the question was asked after the change, once
    assert source.asked.count("data-strategy.training-data") == 1
    assert session.session.finished


def test_going_back_to_add_agents_asks_the_agent_need_at_once(fw):
    source = ScriptedSource(
        {**BASIC, "pattern": Attempts(["rag"], ["rag", "agents"]), "agent-need": "look up orders"},
        actions={"data-strategy": [("back", "architecture", "pattern")]},
    )
    _, session = run(fw, source)
    assert session.answers["architecture"]["agent-need"] == "look up orders"
    assert source.asked.index("architecture.agent-need") < source.asked.index(
        "data-strategy.knowledge-sources"
    )


def test_skipping_a_step_asks_none_of_its_questions(fw):
    source = ScriptedSource(BASIC, actions={"requirements": ["skip"]})
    _, session = run(fw, source)
    assert not any(key.startswith("requirements.") for key in source.asked)
    assert session.steps["requirements"].status == "skipped"
    assert "requirements" not in session.answers
    assert session.steps["architecture"].status == "done"


def test_a_skipped_step_can_be_answered_later_by_going_back(fw):
    source = ScriptedSource(
        BASIC,
        actions={"requirements": ["skip"], "end": [("back", "requirements"), "finish"]},
    )
    _, session = run(fw, source)
    assert session.steps["requirements"].status == "done"
    assert session.answers["requirements"]["qps"] == 100


def test_deep_dive_marks_the_step_and_toggles(fw):
    source = ScriptedSource(
        BASIC, actions={"architecture": ["deep-dive", "continue"], "data-strategy": ["deep-dive"]}
    )
    _, session = run(fw, source)
    assert session.steps["architecture"].deep_dive
    assert session.steps["data-strategy"].deep_dive
    assert not session.steps["requirements"].deep_dive
    # the menu offers to unmark once marked
    arch_menus = [m for m in source.menus if m.step and m.step.id == "architecture"]
    assert "Unmark as a deep dive" in [o.label for o in arch_menus[1].options]


def test_save_and_quit_then_resume_continues_at_the_step(fw):
    first = ScriptedSource(BASIC, actions={"architecture": ["quit"]})
    outcome, session = run(fw, first)
    assert outcome == iv.QUIT_SAVED
    assert session.session.current_step == "architecture"
    assert not session.session.finished
    saved = session_from_toml(session_to_toml(session), "saved.toml")
    second = ScriptedSource(BASIC)
    outcome, resumed = run(fw, second, session=saved)
    assert outcome == iv.FINISHED
    assert second.asked[0] == "architecture.pattern"
    assert [v.step.id for v in second.steps_shown] == ["architecture", "data-strategy"]
    assert resumed.answers["requirements"]["qps"] == 100


def test_ctrl_c_mid_step_keeps_every_answer_given_and_resume_asks_the_rest(fw):
    snapshots = []
    source = ScriptedSource({**BASIC, "users": INTERRUPT})
    session = iv.new_session(fw, title="Test design")
    with pytest.raises(KeyboardInterrupt):
        Interview(fw, session, source, save=lambda s: snapshots.append(session_to_toml(s))).run()
    on_disk = session_from_toml(snapshots[-1], "last.toml")
    assert on_disk.answers["requirements"] == {"qps": 100}
    assert on_disk.session.current_step == "requirements"
    again = ScriptedSource(BASIC)
    _, done = run(fw, again, session=on_disk)
    assert again.asked[0] == "requirements.users"  # not qps again
    assert done.session.finished


def test_a_text_left_blank_is_not_asked_again_on_resume(fw):
    snapshots = []
    source = ScriptedSource({**BASIC, "eval-dataset": "", "data-strategy.notes": INTERRUPT})
    session = iv.new_session(fw, title="Test design")
    with pytest.raises(KeyboardInterrupt):
        Interview(fw, session, source, save=lambda s: snapshots.append(session_to_toml(s))).run()
    on_disk = session_from_toml(snapshots[-1], "last.toml")
    assert on_disk.answers["data-strategy"]["eval-dataset"] == ""
    again = ScriptedSource(BASIC)
    run(fw, again, session=on_disk)
    assert again.asked == ["data-strategy.notes"]


def test_save_is_called_after_every_answer_with_the_answer_in_it(fw):
    snapshots = []

    def check_saved(ask):
        # by the time the next question is on screen, the previous answer is saved
        if source.asked[:-1]:
            step_id, question_id = source.asked[-2].split(".")
            last = session_from_toml(snapshots[-1], "s.toml")
            if question_id in session.answers.get(step_id, {}):
                assert question_id in last.answers[step_id]

    source = ScriptedSource({**BASIC, "notes": "n"}, on_ask=check_saved)
    session = iv.new_session(fw, title="Test design")
    Interview(fw, session, source, save=lambda s: snapshots.append(session_to_toml(s))).run()
    answers = sum(len(v) for v in session.answers.values())
    assert len(snapshots) > answers
    final = session_from_toml(snapshots[-1], "s.toml")
    assert final.answers == session.answers
    assert final.session.finished


def test_title_is_asked_first_when_not_given(fw):
    source = ScriptedSource({**BASIC, "title": "Support bot"})
    session = iv.new_session(fw)
    Interview(fw, session, source).run()
    assert source.asked[0] == "title"
    assert session.session.title == "Support bot"


def test_answers_file_layer_is_not_asked_again(fw):
    source = ScriptedSource(BASIC)
    source.answers = {"requirements": {"qps": "5k", "users": 1000}}  # the file's layer
    _, session = run(fw, source)
    assert "requirements.qps" not in source.asked
    assert "requirements.users" not in source.asked
    assert session.answers["requirements"]["qps"] == 5000  # normalised from "5k"


def test_no_input_takes_the_file_and_defaults(fw):
    source = AnswersFileSource(
        {
            "requirements": {"qps": "2.5k"},
            "architecture": {"pattern": ["rag"]},
            "data-strategy": {"knowledge-sources": "docs"},
        }
    )
    outcome, session = run(fw, source)
    assert outcome == iv.FINISHED
    assert session.answers["why-genai"]["output-kind"] == "open-ended"
    assert session.answers["requirements"]["qps"] == 2500
    assert session.answers["requirements"]["data-may-leave"] is True
    assert session.answers["data-strategy"]["retrieval-ms"] == 50


def test_no_input_lists_every_missing_required_answer_at_once(fw):
    source = AnswersFileSource({"architecture": {"pattern": ["rag", "agents"]}})
    with pytest.raises(MissingAnswers) as caught:
        run(fw, source)
    error = caught.value
    assert error.missing == [
        "requirements.qps",
        "architecture.agent-need",
        "data-strategy.knowledge-sources",
    ]
    assert error.exit_code == 2
    text = error.format_message()
    assert "3 required answers missing" in text
    assert "Peak queries per second now" in text
    assert "[answers.requirements]" in text


def test_no_input_reports_invalid_values_in_the_file(fw):
    source = AnswersFileSource(
        {"requirements": {"qps": "lots"}, "architecture": {"pattern": "api"}}
    )
    with pytest.raises(MissingAnswers, match=r"answers\.requirements\.qps: 'lots' is not a number"):
        run(fw, source)


def test_unknown_questions_in_an_answers_file_are_named_with_a_suggestion(fw):
    with pytest.raises(UserError, match=r"answers\.requirements\.qpss: no such question") as e:
        run(fw, AnswersFileSource({"requirements": {"qpss": 1}}))
    assert "did you mean 'qps'" in e.value.format_message()


def test_practice_clock_records_seconds_per_step_and_flags_overtime(fw):
    clock = FakeClock()

    def tick(ask):  # each answer takes 20 seconds
        clock.advance(20)

    source = ScriptedSource(BASIC, on_ask=tick)
    session = iv.new_session(fw, title="Practice", mode="practice", minutes=2)
    Interview(fw, session, source, clock=clock).run()
    # 2 minutes over a 10-minute framework: requirements (3 of 10) gets 36 s
    # 4 questions, then the candidate's estimate of the monthly volume, 20 s each
    assert session.steps["requirements"].seconds == pytest.approx(100)
    assert "requirements.estimate-queries-per-month" in source.asked
    assert session.steps["why-genai"].seconds == pytest.approx(40)
    views = [c for c in source.clocks if c is not None]
    assert len(views) == len(source.asked)
    first = views[0]
    assert first.total_left_s == pytest.approx(120)
    assert first.step_budget_s == pytest.approx(24)
    assert not first.overtime
    assert views[1].step_left_s == pytest.approx(4)  # 20 s into a 24 s step
    assert views[2].step_left_s == pytest.approx(36)  # requirements starts afresh
    assert views[3].step_overtime is False and views[4].step_overtime is True
    assert views[-1].overtime and views[-1].total_left_s < 0


def test_a_resumed_step_goes_on_from_its_recorded_seconds(fw):
    clock = FakeClock()
    session = iv.new_session(fw, title="Practice", mode="practice", minutes=2)
    session.step_state("why-genai").status = "done"
    session.step_state("requirements").seconds = 30.0  # spent before the break
    session.session.current_step = "requirements"
    session.set_answer("requirements", "qps", 100)
    source = ScriptedSource(BASIC, on_ask=lambda ask: clock.advance(10))
    Interview(fw, session, source, clock=clock).run()
    first = source.clocks[0]
    assert source.asked[0].startswith("requirements.")
    assert first.step_left_s == pytest.approx(36 - 30)  # 36 s budget, 30 s already spent
    asked_in_step = sum(1 for key in source.asked if key.startswith("requirements."))
    assert session.steps["requirements"].seconds == pytest.approx(30 + 10 * asked_in_step)


def test_practice_shows_no_rubric_and_grades_its_hints(fw):
    source = ScriptedSource(BASIC, actions={"architecture": ["hint", "hint", "continue"]})
    session = iv.new_session(fw, title="Practice", mode="practice", minutes=10)
    Interview(fw, session, source, clock=FakeClock()).run()
    assert all(not view.show_subtopics for view in source.steps_shown)
    assert source.hints == ["architecture", "architecture"]
    first, second = source.hint_views
    # a nudge first (a question, not the point), then the same sub-topic's talking point
    assert first.level == 1 and first.text.endswith("?")
    assert first.subtopic.point not in first.text
    assert (second.level, second.subtopic.id) == (2, first.subtopic.id)
    assert second.text == first.subtopic.point
    state = session.steps["architecture"]
    assert state.hints == 2
    assert state.hint_levels == {first.subtopic.id: 2}
    assert session.steps["requirements"].hints == 0
    assert "hint" in source.menus[0].actions
    # question help stays hidden until the step's first hint
    shown = {a.key: a.show_help for a in source.asks}
    assert shown["requirements.qps"] is False
    assert shown["architecture.pattern"] is True


def test_scaffold_mode_shows_the_subtopics_line_and_offers_the_talking_points(fw):
    source = ScriptedSource(BASIC, actions={"why-genai": ["points", "continue"]})
    run(fw, source)
    assert all(view.show_subtopics for view in source.steps_shown)
    assert all(view.clock is None for view in source.steps_shown)
    assert "hint" not in source.menus[0].actions
    assert "points" in source.menus[0].actions
    assert source.points == ["why-genai"]


def test_environment_has_answers_and_flattened_results(fw):
    session = iv.new_session(fw, title="x")
    session.set_answer("requirements", "qps", 40)
    session.results = {"cost": {"llm": {"per_month": 1200.0}}}
    env = environment(fw, session)
    assert env["qps"] == 40
    assert env["calc.cost.llm.per_month"] == 1200.0


def test_progress_counts_done_and_skipped_steps(fw):
    session = iv.new_session(fw, title="x")
    session.step_state("why-genai").status = "done"
    session.step_state("requirements").status = "skipped"
    assert iv.progress(fw, session) == (2, 4)


# --- with the built-in framework ------------------------------------------------------------


def test_results_are_computed_and_shown_at_the_step_where_their_inputs_are_known(framework):
    source = ScriptedSource({"qps": "40", "model": "gpt-4o-mini"})
    _, session = run(framework, source)
    # the model is chosen in step 4: that is where cost and latency first appear
    first_step, first_results = source.results[0]
    assert first_step == "model-selection"
    assert "cost" in first_results and "latency" in first_results
    assert session.results["cost"]["queries_per_month"] == pytest.approx(40 * 86400 * 30)
    env = environment(framework, session)
    assert env["calc.cost.queries_per_month"] == pytest.approx(40 * 86400 * 30)


def test_a_later_answer_makes_an_earlier_question_apply_and_it_is_asked(framework):
    # training data (step 3) applies when adaptation (step 4) is fine-tune
    source = ScriptedSource(
        {"qps": "40", "adaptation": "fine-tune", "training-data": "20k graded replies"}
    )
    _, session = run(framework, source)
    asked = source.asked
    assert asked.index("data-strategy.training-data") > asked.index("model-selection.adaptation")
    assert session.answers["data-strategy"]["training-data"] == "20k graded replies"


def test_the_built_in_framework_runs_from_defaults_once_qps_is_given(framework):
    source = AnswersFileSource({"requirements": {"qps": 40}})
    outcome, session = run(framework, source)
    assert outcome == iv.FINISHED
    assert iv.progress(framework, session) == (9, 9)


def test_case_numbers_replace_the_framework_defaults(fw):
    """In practice the case's numbers are the defaults: accepting them keeps the case's figure."""
    _, session = run(fw, ScriptedSource(BASIC), defaults={"retrieval_ms": 120})
    assert session.answers["data-strategy"]["retrieval-ms"] == 120
    # a case value the question would refuse falls back to the framework's default
    _, session = run(fw, ScriptedSource(BASIC), defaults={"retrieval_ms": "lots"})
    assert session.answers["data-strategy"]["retrieval-ms"] == 50


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ([1, 2], "is not a"),  # `qps = [1, 2]` in a hand-written file
        (True, "is not a"),
        (__import__("datetime").date(1979, 5, 27), "is not a"),
        ("1e400", "is not a"),
    ],
)
def test_numbers_of_the_wrong_type_in_a_file_are_refused_not_crashed_on(fw, raw, message):
    question = next(q for _, q in fw.questions() if q.id == "qps")
    with pytest.raises(InvalidAnswer, match=message):
        validate_answer(question, raw)


def test_a_percentage_only_fits_a_share(fw):
    qps = next(q for _, q in fw.questions() if q.id == "qps")
    with pytest.raises(InvalidAnswer, match="only fits a share from 0 to 1"):
        validate_answer(qps, "25%")


def test_an_answer_removed_by_a_change_comes_back_as_the_default(fw):
    """RAG off then on again: the knowledge sources typed before are offered, not lost."""
    offered = {}

    def record(ask):
        if ask.key == "data-strategy.knowledge-sources":
            offered.setdefault("defaults", []).append(ask.default)

    answers = {k: v for k, v in BASIC.items() if k != "knowledge-sources"}
    answers["pattern"] = Attempts(["rag"], ["fine-tune"], ["rag"])
    answers["training-data"] = "replies"
    first = {"data-strategy.knowledge-sources": "help-centre articles"}
    source = ScriptedSource(
        {**answers, **first},
        actions={"end": [("back", "architecture", "pattern"), ("back", "architecture", "pattern")]},
        on_ask=record,
    )
    _, session = run(fw, source)
    assert source.asked.count("data-strategy.knowledge-sources") == 2
    assert offered["defaults"][-1] == "help-centre articles"  # what was typed the first time
    assert session.answers["data-strategy"]["knowledge-sources"] == "help-centre articles"


def test_practice_offers_no_framework_numbers_but_the_case_numbers(fw):
    offered = {}

    def record(ask):
        offered[ask.key] = ask.default

    session = iv.new_session(fw, title="Drill", mode="practice", case="support-bot", minutes=10)
    source = ScriptedSource(BASIC, on_ask=record)
    run(fw, source, session, defaults={"users": 2000}, clock=FakeClock())
    assert offered["data-strategy.retrieval-ms"] is None  # the framework's 50 ms is not given
    assert offered["requirements.users"] == 2000  # the case's number is
