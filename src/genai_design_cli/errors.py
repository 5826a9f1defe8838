"""Our exception root and exit codes. Imports nothing of ours and no framework: every layer
raises these, and one handler in `cli/` turns them into a message and an exit code."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Exit codes (DESIGN.md "Commands")."""

    OK = 0
    FAILED = 1  # the work failed: a check reported errors with --strict, an export refused
    BAD_INPUT = 2  # bad flag value, unreadable or invalid file, missing required answer
    INTERRUPTED = 130  # Ctrl-C or a termination signal, after saving


class GenaiDesignError(Exception):
    """The root of our own errors: each carries the exit code the CLI ends with."""

    exit_code: ExitCode = ExitCode.FAILED


class UserError(GenaiDesignError):
    """An error the user can fix. Shown without a traceback.

    `where` names the file, field or flag; `hint` says what to do next.
    """

    exit_code = ExitCode.BAD_INPUT

    def __init__(
        self,
        message: str,
        *,
        where: str | None = None,
        hint: str | None = None,
        exit_code: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.where = where
        self.hint = hint
        if exit_code is not None:
            self.exit_code = ExitCode(exit_code)

    def format_message(self) -> str:
        text = f"{self.where}: {self.message}" if self.where else self.message
        if self.hint:
            text += f"\n{self.hint}"
        return text

    def __str__(self) -> str:
        return self.format_message()


class WorkFailed(UserError):
    """The command ran but its work failed (exit 1): an export refused to overwrite, --strict."""

    exit_code = ExitCode.FAILED
