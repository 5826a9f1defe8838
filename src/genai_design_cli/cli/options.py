"""What the calculator and catalog commands share: option types, option declarations, and
the one table that names the flag behind a calculator's input error.

Numbers are parsed once, by the option's type (Typer's `parser=`, Typer docs "Custom types"),
on `model.numbers.parse_number`: `10M`, `2.5k`, `1_000` and `1,000` everywhere, `%` only
where a share is asked. A bad value exits 2 with the flag named (`--qps: 'abc' is not a
number...`). Ranges are not checked here: the calculators check their own inputs.

Only typer at top level, so `genai-design cost` and `--help` start fast (DESIGN.md "Budgets").
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from datetime import date

# help panels
TRAFFIC = "Traffic"
MODEL = "Model and prices"
ROUTING = "Hybrid, caching and routing"
BUDGET = "Budget"
SERVING = "Serving"
PIPELINE = "Pipeline and SLO"
OUTPUT = "Output"


class FlagValueError(typer.BadParameter):
    """A flag value that is not what the flag takes, shown as `--qps: <what is wrong>`."""

    def format_message(self) -> str:
        opts = getattr(self.param, "opts", None)
        return f"{opts[0]}: {self.message}" if opts else self.message


# --- option types (parsers) -------------------------------------------------------------------


def _parse(value: str | float) -> tuple[float, bool]:
    """The number, and whether it was written as a percentage."""
    from genai_design_cli.model.numbers import parse_number

    try:
        number = parse_number(value)
    except ValueError as exc:
        raise FlagValueError(str(exc)) from None
    return number, isinstance(value, str) and "%" in value


def number(value: str | float) -> float:
    """A count, an amount of dollars or a time: `100`, `2.5k`, `10M`, `1_000`, `1,000`."""
    parsed, percent = _parse(value)
    if percent:
        raise FlagValueError(
            f"{str(value).strip()!r}: a percentage only fits a share from 0 to 1; "
            "give a plain number"
        )
    return parsed


def share(value: str | float) -> float:
    """A share from 0 to 1, as a fraction or a percentage: `0.25` or `25%`."""
    return _parse(value)[0]


def gpu_count(value: str | float) -> int:
    """GPUs per replica: a whole number from 1 to one node's GPUs (tensor parallel)."""
    from genai_design_cli.calc.capacity import GPUS_PER_NODE

    count = number(value)
    if count != int(count) or count < 1:
        raise FlagValueError(f"must be a whole number of GPUs, 1 or more (got {value})")
    if count > GPUS_PER_NODE:
        raise FlagValueError(
            f"at most {GPUS_PER_NODE} GPUs per replica (tensor parallel within one node; got "
            f"{value}). For more throughput add replicas; for a model that does not fit one "
            "node, use a GPU with more memory or lower precision."
        )
    return int(count)


# --- declarations -----------------------------------------------------------------------------


def number_option(help: str, panel: str, **kwargs: Any) -> Any:
    """A number flag (no `%`)."""
    return typer.Option(metavar="NUMBER", help=help, rich_help_panel=panel, parser=number, **kwargs)


def share_option(help: str, panel: str, **kwargs: Any) -> Any:
    """A share flag: `0.25` or `25%`."""
    return typer.Option(metavar="NUMBER", help=help, rich_help_panel=panel, parser=share, **kwargs)


def gpu_count_option(help: str) -> Any:
    """--gpus: GPUs per replica, a whole number from 1 to 8."""
    return typer.Option(metavar="NUMBER", help=help, rich_help_panel=SERVING, parser=gpu_count)


CatalogOpt = Annotated[
    Path | None,
    typer.Option(
        "--catalog",
        help="Your own catalog TOML, merged over the shipped one "
        "(and over GENAI_DESIGN_HOME/catalog.toml).",
        rich_help_panel=OUTPUT,
        show_default=False,
    ),
]
JsonOpt = Annotated[
    bool, typer.Option("--json", help="Print one JSON object on stdout.", rich_help_panel=OUTPUT)
]
# --model in cost (optional) and latency (required): one declaration, two types
MODEL_ID = typer.Option(
    metavar="MODEL", help="A model id from `genai-design catalog models`.", rich_help_panel=MODEL
)
# --input-tokens and --output-tokens of latency and capacity (cost's help names its defaults)
InputTokensOpt = Annotated[float, number_option("Input tokens per query.", MODEL)]
OutputTokensOpt = Annotated[float, number_option("Output tokens per query.", MODEL)]


# --- the date prices are judged against -------------------------------------------------------


def today() -> date:
    """Today, for stale prices and retirements (one place, so a test can fix the day)."""
    from datetime import date

    return date.today()


# --- calculator errors ------------------------------------------------------------------------

# A calculator names the input to fix by its field (`qps`, `gpus`); the flag is `--` plus the
# field with hyphens, except for these.
FLAG_FOR_FIELD = {"tensor_parallel": "--gpus", "streaming": "--stream"}


def flag_for(field: str) -> str:
    return FLAG_FOR_FIELD.get(field, "--" + field.replace("_", "-"))


@contextmanager
def calculator_errors() -> Iterator[None]:
    """Turn what the catalog and the calculators refuse into a UserError (exit 2): a catalog
    problem names its file or entry, an input problem the flag to fix."""
    from genai_design_cli.calc.catalog import CatalogError
    from genai_design_cli.errors import UserError

    try:
        yield
    except CatalogError as exc:
        raise UserError(exc.message, where=exc.where, hint=exc.hint) from None
    except ValueError as exc:
        field = getattr(exc, "field", None)  # a calculator's input error: the input to fix
        if field is None:
            raise
        raise UserError(
            getattr(exc, "message", str(exc)),
            where=flag_for(field),
            hint=getattr(exc, "hint", None),
        ) from None
    except ArithmeticError:  # an overflow the calculators did not foresee
        raise UserError(
            "the figures are too large to compute with; give realistic traffic and token counts",
            hint="e.g. --qps 100 --input-tokens 1000 --output-tokens 250",
        ) from None
