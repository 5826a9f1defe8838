"""The `genai-design` Typer app: one module per command group, joined here.

Command modules import only typer and the standard library at top level; everything heavier
(pydantic models, questionary, Rich tables, the catalog) is imported inside the command that
uses it, so `genai-design cost ...` and `--help` start fast (DESIGN.md "Budgets").
"""

from __future__ import annotations

import errno
import os
import sys
from typing import Annotated

import typer
from typer.core import TyperGroup

from genai_design_cli import __version__
from genai_design_cli.cli import calc as calc_cmds
from genai_design_cli.cli import cases as cases_cmds
from genai_design_cli.cli import catalog as catalog_cmds
from genai_design_cli.cli import coach as coach_cmds
from genai_design_cli.cli import export as export_cmds
from genai_design_cli.cli import framework as framework_cmds
from genai_design_cli.cli import interview as interview_cmds
from genai_design_cli.cli import sessions as sessions_cmds


class _Group(TyperGroup):
    """The one place our errors become a message and an exit code (as copier's
    `_handle_exceptions`): a plain line on stderr, not a Rich panel, so a long file path stays
    whole to copy or grep. Typer still formats usage errors (unknown flag) and help."""

    def main(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        from genai_design_cli.cli.help import tidy

        tidy(self)  # help in paragraphs, flags without a type, for every command
        return super().main(*args, **kwargs)

    def invoke(self, ctx):  # type: ignore[no-untyped-def]
        from genai_design_cli.errors import ExitCode, GenaiDesignError

        try:
            result = super().invoke(ctx)
            sys.stdout.flush()  # a full disk or a closed pipe shows here, not at exit
            return result
        except GenaiDesignError as exc:
            typer.echo(f"Error: {_message(exc)}", err=True)
            raise typer.Exit(int(exc.exit_code)) from None
        except BrokenPipeError:
            # the reader went away (`| head`): nothing more to say, and nowhere to say it
            _silence_stdout()
            raise typer.Exit(int(ExitCode.FAILED)) from None
        except OSError as exc:
            if exc.filename is not None or exc.errno not in _STREAM_ERRORS:
                raise
            _silence_stdout()
            reason = exc.strerror or exc
            typer.echo(f"Error: cannot write the output ({reason}).", err=True)
            raise typer.Exit(int(ExitCode.FAILED)) from None


# Errors of writing to stdout itself: a full disk (`> /dev/full`), a closed or broken stream.
_STREAM_ERRORS = {errno.ENOSPC, errno.EPIPE, errno.EBADF, errno.EIO, errno.EDQUOT}


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _message(exc: Exception) -> str:
    format_message = getattr(exc, "format_message", None)
    return format_message() if callable(format_message) else str(exc)


app = typer.Typer(
    name="genai-design",
    cls=_Group,
    help=(
        "A command-line coach for GenAI system design.\n\n"
        "Walk the 9-step framework (Why GenAI? → Requirements → Architecture → Data Strategy → "
        "Model Selection → Inference Infra → Guardrails → Evaluation → Deploy & Monitor), "
        "run cost, latency and capacity numbers, get coached on what you missed, and export "
        "a design doc.\n\n"
        "[bold]Examples[/bold]\n\n"
        "  genai-design new --title 'Support bot'        [dim]# scaffold a design doc[/dim]\n\n"
        "  genai-design practice --case random            [dim]# a timed mock interview[/dim]\n\n"
        "  genai-design cost --qps 100 --model gpt-4o     [dim]# one number, now[/dim]"
    ),
    rich_markup_mode="rich",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"genai-design {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """A command-line coach for GenAI system design."""


interview_cmds.register(app)
sessions_cmds.register(app)
export_cmds.register(app)
coach_cmds.register(app)
calc_cmds.register(app)
catalog_cmds.register(app)
framework_cmds.register(app)
cases_cmds.register(app)
