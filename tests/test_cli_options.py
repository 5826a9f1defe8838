"""The option types of the calculator commands, and the table that turns the field a
calculator blames into the flag a user types."""

from __future__ import annotations

import pytest
import typer

from genai_design_cli.cli.options import FlagValueError, flag_for, gpu_count, number, share


@pytest.mark.parametrize(
    ("text", "value"),
    [("100", 100), ("2.5k", 2500), ("10M", 1e7), ("1_000", 1000), ("1,000", 1000), (250, 250)],
)
def test_number(text, value):
    assert number(text) == value


@pytest.mark.parametrize(("text", "value"), [("0.25", 0.25), ("25%", 0.25), ("0.5%", 0.005)])
def test_share(text, value):
    assert share(text) == pytest.approx(value)


@pytest.mark.parametrize(
    ("parse", "text", "message"),
    [
        (number, "0,5", "did you mean 0.5?"),
        (number, "5%", "a percentage only fits a share from 0 to 1"),
        (number, "abc", "'abc' is not a number"),
        (share, "1,5%", "did you mean 1.5%?"),
        (gpu_count, "3.5", "whole number"),
        (gpu_count, "0", "whole number"),
        (gpu_count, "16", "at most 8 GPUs per replica"),
    ],
)
def test_bad_values_are_usage_errors(parse, text, message):
    with pytest.raises(FlagValueError) as info:
        parse(text)
    assert isinstance(info.value, typer.BadParameter)  # exit 2, printed by Typer
    assert message in info.value.message


def _flags(command: str) -> set[str]:
    from genai_design_cli.cli import app

    group = typer.main.get_command(app)
    return {opt for param in group.commands[command].params for opt in param.opts}


def test_every_field_a_calculator_can_blame_is_a_flag_of_its_command():
    from genai_design_cli.calc.capacity import CapacityInputs
    from genai_design_cli.calc.cost import CostInputs
    from genai_design_cli.calc.latency import LatencyInputs

    blamed = {
        "cost": [*CostInputs._fields, "model"],
        "latency": [f for f in LatencyInputs.__dataclass_fields__ if f != "dtype"] + ["gpu"],
        "capacity": [*CapacityInputs._fields, "gpu"],
    }
    for command, fields in blamed.items():
        flags = _flags(command)
        missing = [(field, flag_for(field)) for field in fields if flag_for(field) not in flags]
        assert not missing, (command, missing)


# Every number a calculator command takes goes through these parsers: a decimal comma is
# refused with its likely meaning on each flag, and a percentage everywhere but on shares.
BASE_ARGS = {
    "cost": ["--qps", "1", "--model", "gpt-4o"],
    "latency": ["--model", "gpt-4o"],
    "capacity": ["--model", "llama-2-7b", "--gpu", "l4", "--qps", "1"],
}


def _number_flags() -> list[tuple[str, str, str]]:
    from genai_design_cli.cli import app

    group = typer.main.get_command(app)
    found = []
    for command in BASE_ARGS:
        for param in group.commands[command].params:
            if getattr(param, "metavar", None) == "NUMBER":
                info = getattr(getattr(param, "type_descriptor", None), "parameter_info", None)
                parser = getattr(getattr(info, "parser", None), "__name__", "number")
                found.append((command, param.opts[0], parser))
    return found


NUMBER_FLAGS = _number_flags()


def test_the_calculator_commands_have_number_flags():
    flags = {flag for _, flag, _ in NUMBER_FLAGS}
    assert {"--qps", "--reasoning-tokens", "--cache-write-rate", "--gpus", "--slo-ms"} <= flags


@pytest.mark.parametrize(("command", "flag", "parser"), NUMBER_FLAGS)
def test_every_number_flag_refuses_a_decimal_comma_with_its_meaning(cli, command, flag, parser):
    result = cli(command, *BASE_ARGS[command], flag, "0,5")
    assert result.exit_code == 2, result.output
    assert f"{flag}: '0,5': commas only group thousands (1,000); did you mean 0.5?" in (
        result.output
    )


@pytest.mark.parametrize(("command", "flag", "parser"), NUMBER_FLAGS)
def test_a_percentage_only_fits_a_share_flag(cli, command, flag, parser):
    result = cli(command, *BASE_ARGS[command], flag, "5%")
    refused = "a percentage only fits a share from 0 to 1" in result.output
    assert refused == (parser != "share"), (flag, result.output)
    if refused:
        assert result.exit_code == 2
