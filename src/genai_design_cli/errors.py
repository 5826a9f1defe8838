"""User-facing errors: each carries its exit code and says what was wrong, where, and what to do."""

from __future__ import annotations

import sys

# Typer handles a ClickException by printing its message (no traceback) and exiting with its
# exit_code, both from the console script and under typer.testing.CliRunner. Recent Typer
# vendors Click as typer._click; older releases depend on Click itself.
try:
    from typer._click.exceptions import ClickException as _ClickException
    from typer._click.utils import echo as _echo
except ImportError:  # pragma: no cover - older Typer
    from click import ClickException as _ClickException
    from click import echo as _echo

# Exit codes (DESIGN.md "Commands").
EXIT_OK = 0
EXIT_FAILED = 1  # the work failed: a check reported errors with --strict, an export refused
EXIT_BAD_INPUT = 2  # bad flag value, unreadable or invalid file, missing required answer
EXIT_INTERRUPTED = 130  # Ctrl-C, after saving


class UserError(_ClickException):
    """An error the user can fix. Shown without a traceback.

    `where` names the file, field or flag; `hint` says what to do next.
    """

    exit_code = EXIT_BAD_INPUT

    def __init__(
        self,
        message: str,
        *,
        where: str | None = None,
        hint: str | None = None,
        exit_code: int | None = None,
    ) -> None:
        super().__init__(message)
        self.where = where
        self.hint = hint
        if exit_code is not None:
            self.exit_code = exit_code

    def format_message(self) -> str:
        text = f"{self.where}: {self.message}" if self.where else self.message
        if self.hint:
            text += f"\n{self.hint}"
        return text

    def show(self, file=None) -> None:  # plain output when Rich formatting is off
        _echo(f"Error: {self.format_message()}", file=file or sys.stderr)


class WorkFailed(UserError):
    """The command ran but its work failed (exit 1): an export refused to overwrite, --strict."""

    exit_code = EXIT_FAILED
