"""The errors learnref reports to people, each with its exit code."""

from __future__ import annotations

import errno
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .quoting import counted, printable, shell_quote

if TYPE_CHECKING:
    from typing import NamedTuple
else:
    from ._records import NamedTuple

EXIT_OK = 0
EXIT_NOT_FOUND = 1
EXIT_DATA = 1
EXIT_OUTPUT = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


_REASONS = {
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the file system is read-only",
    errno.ENOSPC: "there is no space left on the disk",
    errno.ENAMETOOLONG: "the name is too long",
}
if hasattr(errno, "EDQUOT"):  # not on every platform
    _REASONS[errno.EDQUOT] = "the disk quota is used up"


def os_reason(error: OSError) -> str:
    """Why an operating-system call failed, in plain words."""
    return _REASONS.get(error.errno or 0) or (error.strerror or str(error)).lower()


class LearnrefError(Exception):
    """An error a user can cause and fix; `cli` prints it and exits with `exit_code`."""

    exit_code = EXIT_NOT_FOUND

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def lines(self) -> list[str]:
        """The lines to print on stderr."""
        return [self.message] if self.hint is None else [self.message, self.hint]


class NotFoundError(LearnrefError):
    """Nothing matched: an unknown theme, briefing or term, or a search with no result.

    `suggestions` are the names the person may have meant, best first: the CLI prints them
    in the JSON error object of a `--format json` run (docs/output.md).
    """

    exit_code = EXIT_NOT_FOUND

    def __init__(
        self, message: str, hint: str | None = None, suggestions: Sequence[str] = ()
    ) -> None:
        super().__init__(message, hint)
        self.suggestions = list(suggestions)
        # Set when the command has already answered a --format json run with its own object.
        self.answered = False


class UsageError(LearnrefError):
    """The command line asks for something learnref cannot do (exit 2)."""

    exit_code = EXIT_USAGE


class NoDataError(LearnrefError):
    """Every source was left out or empty: there is nothing to look anything up in."""

    exit_code = EXIT_DATA


class WriteError(LearnrefError):
    """A file learnref was asked to write could not be written, or already exists."""

    exit_code = EXIT_DATA


class OutputError(LearnrefError):
    """An output file could not be written (exit 1); nothing was left half-written."""

    exit_code = EXIT_OUTPUT


class StdoutError(OutputError):
    """Standard output failed (a full disk, a device error); the CLI stops quietly after it."""


class Problem(NamedTuple):
    """One problem in a data file, located as FILE:LINE:COLUMN (1-based).

    Line 0 means the problem is with the file as a whole (it cannot be read, is too large,
    or a directory holds no briefing files): it prints as FILE: error: message.
    """

    path: str
    line: int
    column: int
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        """One line, compiler style; characters that would break the line or drive the
        terminal (a quoted escape sequence, a line break) are shown escaped."""
        message = printable(self.message)
        if self.line <= 0:
            return f"{printable(self.path)}: {self.severity}: {message}"
        return f"{printable(self.path)}:{self.line}:{self.column}: {self.severity}: {message}"


# In the message of a briefing id that two files use (loader.duplicate_ids).
ALREADY_LOADED = "is already loaded from"


class DataError(LearnrefError):
    """A data file could not be used; carries every problem found in it."""

    exit_code = EXIT_DATA

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        count = len(problems)
        first = problems[0].path if problems else "data"
        summary = f"{first}: {counted(count, 'problem')} in this data file."
        super().__init__(summary)

    def lines(self) -> list[str]:
        """Every located problem, then what to do."""
        lines = [str(problem) for problem in self.problems]
        files = list(dict.fromkeys(p.path for p in self.problems if p.line > 0))
        located = [p.message for p in self.problems if p.line > 0]
        if located and all(ALREADY_LOADED in message for message in located):
            # Each file is valid alone, so `validate FILE` would say OK.
            lines.append(
                "Remove one copy, or give one briefing another id; "
                "see every file learnref reads with: learnref info"
            )
        elif files:
            named = " ".join(shell_quote(path) for path in files)
            fix = "Fix the file" if len(files) == 1 else "Fix the files"
            lines.append(f"{fix}, then check with: learnref validate {named}")
        return lines
