"""numbers: parsing human figures (finite only), formatting, and the strict JSON printer."""

from __future__ import annotations

import json

import pytest

from genai_design_cli.cli.output import print_json
from genai_design_cli.model.numbers import format_percent, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [("10M", 1e7), ("2.5k", 2500), ("1_000", 1000), ("1,000", 1000), ("15%", 0.15), ("1e6", 1e6)],
)
def test_parse_number(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["1e400", "-1e400", "1e308k", "9e307T"])
def test_numbers_too_large_to_be_finite_are_rejected(text):
    # float("1e400") is inf; inf would break every calculation downstream (math.ceil(inf)
    # raises OverflowError, json.dumps prints the non-JSON token Infinity)
    with pytest.raises(ValueError, match="not a finite number"):
        parse_number(text)


@pytest.mark.parametrize("value", [float("inf"), float("-inf"), float("nan"), 10**400])
def test_non_finite_numbers_given_as_numbers_are_rejected(value):
    with pytest.raises(ValueError, match="not a finite number"):
        parse_number(value)


@pytest.mark.parametrize(
    ("fraction", "text"),
    [(0.005, "0.5%"), (0.2, "20%"), (1, "100%"), (0, "0%"), (1 / 3, "33.3%"), (0.999, "99.9%")],
)
def test_format_percent_never_rounds_a_share_to_zero(fraction, text):
    assert format_percent(fraction) == text


def test_print_json_is_strict_json_with_non_finite_numbers_as_null(capsys):
    print_json({"a": float("inf"), "b": [1.5, float("nan")], "c": {"d": -float("inf")}, "e": 2})
    out = capsys.readouterr().out
    assert "Infinity" not in out and "NaN" not in out
    # a strict parser accepts it (json.loads would accept NaN; reject it explicitly)
    data = json.loads(out, parse_constant=lambda name: pytest.fail(f"non-JSON {name}"))
    assert data == {"a": None, "b": [1.5, None], "c": {"d": None}, "e": 2}


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (("cost", "--qps", "1e400", "--model", "gpt-4o"), "--qps"),
        (("cost", "--qps", "1", "--model", "gpt-4o", "--input-tokens", "1e400"), "--input-tokens"),
        (("latency", "--model", "gpt-4o", "--input-tokens", "1e400"), "--input-tokens"),
        (("latency", "--model", "gpt-4o", "--slo-ms", "1e999"), "--slo-ms"),
        (("capacity", "--model", "llama-2-7b", "--gpu", "l4", "--qps", "1e400"), "--qps"),
    ],
)
def test_non_finite_flags_exit_2_naming_the_flag(cli, args, flag):
    result = cli(*args)
    assert result.exit_code == 2, result.output
    assert flag in result.output and "not a finite number" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "args",
    [
        ("cost", "--qps", "1e305", "--cost-per-query", "1", "--json"),
        ("capacity", "--model", "llama-2-7b", "--gpu", "l4", "--qps", "1e305", "--json"),
    ],
)
def test_finite_but_absurd_traffic_is_a_clear_error_not_a_traceback(cli, args):
    # 1e305 QPS x 2,592,000 s overflows to infinity dollars a month
    result = cli(*args)
    assert result.exit_code == 2, result.output
    assert "too large" in result.output or "beyond any real traffic" in result.output
    assert "--qps" in result.output
    assert "Traceback" not in result.output and "Infinity" not in result.output


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (("cost", "--qps", "1e300", "--model", "gpt-4o"), "--qps"),
        (("cost", "--queries-per-month", "1e30", "--model", "gpt-4o"), "--queries-per-month"),
        (("cost", "--qps", "1", "--cost-per-query", "1", "--input-tokens", "1e20"), None),
        (("latency", "--model", "gpt-4o", "--input-tokens", "1e300"), "--input-tokens"),
        (("latency", "--model", "gpt-4o", "--retrieval-ms", "1e12"), "--retrieval-ms"),
    ],
)
def test_figures_beyond_any_real_system_are_refused_with_the_limit(cli, args, flag):
    """Finite but absurd figures would print hundreds of digits of float noise: refused, with
    the flag and the limit named."""
    result = cli(*args)
    assert result.exit_code == 2, result.output
    assert "beyond any real" in result.output and "at most" in result.output
    if flag:
        assert flag in result.output


def test_an_interview_answer_of_1e400_is_invalid_so_it_is_asked_again(framework):
    # the interview re-asks on InvalidAnswer; parse_number's ValueError becomes one
    from genai_design_cli.model.answers import InvalidAnswer, validate_answer

    step = framework.step("requirements")
    qps = next(q for q in step.questions if q.id == "qps")
    assert validate_answer(qps, "2.5k") == 2500
    with pytest.raises(InvalidAnswer):
        validate_answer(qps, "1e400")


@pytest.mark.parametrize(
    ("ratio", "text"), [(10_000, "10,000"), (3.4, "3.4"), (0.5, "0.5"), (0.0123, "0.012")]
)
def test_format_ratio_never_rounds_a_small_ratio_to_zero(ratio, text):
    from genai_design_cli.model.numbers import format_ratio

    assert format_ratio(ratio) == text


def test_no_color_means_no_styling_at_all_even_on_a_terminal(monkeypatch):
    import io

    from genai_design_cli.tui.console import console

    monkeypatch.setenv("NO_COLOR", "1")
    out = console()
    out.file = io.StringIO()
    out._force_terminal = True
    out.print("[bold]total[/bold] [dim]note[/dim]")
    assert out.file.getvalue() == "total note\n"


def test_session_ids_cut_long_titles_at_a_word_boundary():
    from genai_design_cli.model.session import slugify

    title = "Clinical notes assistant inside a hospital"
    assert slugify(title) == "clinical-notes-assistant-inside-a"
    assert slugify("Support bot!") == "support-bot"
    assert len(slugify("x" * 50)) == 40


# --- commas and percentages at every number entry point (issue 10) ---------------------------


@pytest.mark.parametrize(
    ("text", "meant"), [("0,5", "0.5"), ("1,5", "1.5"), ("2,5k", "2.5k"), ("12,5%", "12.5%")]
)
def test_a_decimal_comma_is_refused_with_its_likely_meaning(text, meant):
    with pytest.raises(ValueError) as info:
        parse_number(text)
    assert str(info.value).endswith(f"commas only group thousands (1,000); did you mean {meant}?")


@pytest.mark.parametrize("text", ["10,00", "1,0000", ",5", "1,,000"])
def test_commas_outside_thousands_groups_are_refused(text):
    with pytest.raises(ValueError):
        parse_number(text)


@pytest.mark.parametrize(
    ("text", "value"), [("1,000", 1000), ("12,345.5", 12345.5), ("1,000,000", 1e6)]
)
def test_commas_group_thousands(text, value):
    assert parse_number(text) == value


def _number_questions(framework):
    return [(step, q) for step, q in framework.questions() if q.kind == "number"]


def test_every_interview_number_question_refuses_a_decimal_comma(framework):
    from genai_design_cli.model.answers import InvalidAnswer, validate_answer

    questions = _number_questions(framework)
    assert len(questions) >= 10
    for step, question in questions:
        with pytest.raises(InvalidAnswer) as info:
            validate_answer(question, "0,5")
        assert "did you mean 0.5?" in str(info.value), (step.id, question.id)


def test_a_percentage_answers_only_a_share_question(framework):
    from genai_design_cli.model.answers import InvalidAnswer, is_share, validate_answer

    shares = 0
    for step, question in _number_questions(framework):
        if is_share(question):
            shares += 1
            assert validate_answer(question, "25%") == 0.25, (step.id, question.id)
        else:
            with pytest.raises(InvalidAnswer, match="a percentage only fits a share"):
                validate_answer(question, "5%")
    assert shares >= 3  # llm share, cheap fraction, cache hit rate...


@pytest.mark.parametrize(
    ("answer", "message"),
    [('"0,5"', "did you mean 0.5?"), ('"5%"', "a percentage only fits a share from 0 to 1")],
)
def test_an_answers_file_with_a_decimal_comma_or_a_stray_percent_is_bad_input(
    cli, tmp_path, answer, message
):
    answers = tmp_path / "answers.toml"
    answers.write_text(f"[answers.requirements]\nqps = {answer}\n")
    result = cli("new", "--answers", str(answers), "--no-input", "--out", str(tmp_path / "d.md"))
    assert result.exit_code == 2
    assert "answers.requirements.qps" in result.output and message in result.output
    assert not (tmp_path / "d.md").exists()


def test_an_other_model_price_refuses_a_decimal_comma(framework):
    from genai_design_cli.model.answers import InvalidAnswer, validate_answer

    price = next(q for _, q in framework.questions() if q.var == "price_in_per_1m")
    assert validate_answer(price, "2.50") == 2.5
    with pytest.raises(InvalidAnswer, match=r"did you mean 2\.50\?"):
        validate_answer(price, "2,50")


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (1, "calls", "1 call"),
        (3, "calls", "3 calls"),
        (1, "queries/s", "1 query/s"),
        (1, "GPUs", "1 GPU"),
        (2_500, "tokens", "2.5k tokens"),
    ],
)
def test_one_of_a_unit_reads_in_the_singular(value, unit, shown):
    from genai_design_cli.model.answers import format_value

    assert format_value(None, value, unit) == shown
