"""What `subscribe` and `update` print: one line per subscription, and a progress bar on a
terminal.

The lines go to stdout, one per source, the same on a terminal and in a pipe; the bar goes
to stderr, only when stderr is a terminal, and disappears when the update ends.
"""

from __future__ import annotations

import datetime as dt
import sys
from types import TracebackType
from typing import TYPE_CHECKING, Any

from ..quoting import counted
from .console import flush_out, stderr_is_terminal, write_out

if TYPE_CHECKING:
    from ..subscriptions import Result


def ago(moment: dt.datetime, now: dt.datetime) -> str:
    """How long ago `moment` was, in the largest whole unit: "just now", "5 minutes ago",
    "3 hours ago", "2 days ago"."""
    seconds = int((now - moment).total_seconds())
    if seconds < 60:
        return "just now"
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds >= size:
            return f"{counted(seconds // size, unit)} ago"
    return "just now"  # pragma: no cover - every case returned above


def subscribed_line(result: Result) -> str:
    """The line `subscribe` prints once the first copy is stored."""
    publishers = ", ".join(result.publishers) or "an unnamed publisher"
    return (
        f"Subscribed to {result.name}: {counted(result.briefings, 'briefing')}, "
        f"{counted(result.messages, 'key message')} from {publishers}"
    )


def result_line(result: Result, now: dt.datetime) -> str:
    """One subscription's line after an update."""
    from ..subscriptions import FAILED, UPDATED

    if result.status == UPDATED:
        counts = f"{counted(result.briefings, 'briefing')}, {counted(result.messages, 'message')}"
        return f"{result.name}: updated ({counts})"
    if result.status == FAILED:
        if result.kept_since is not None:
            kept = f"keeping the copy from {ago(result.kept_since, now)}"
        else:
            kept = "there is no copy to keep"
        return f"{result.name}: failed: {result.error}; {kept}"
    return f"{result.name}: unchanged"


def reminder_line(text: str) -> str | None:
    """The reminder to update, for the text of subscriptions.toml, or None when not due."""
    from ..subscriptions import now_utc, reminder_due

    now = now_utc()
    oldest = reminder_due(text, now)
    if oldest is None:
        return None
    return (
        f"Your subscribed briefings were last updated {ago(oldest, now)}; "
        "get the latest with: learnref update"
    )


class UpdateDisplay:
    """Prints each result line as it comes, under a progress bar on a terminal's stderr."""

    def __init__(self, *, colour: bool = True) -> None:
        self._colour = colour
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self) -> UpdateDisplay:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._progress is not None:
            self._progress.stop()

    def start(self, names: list[str]) -> None:
        """Show the bar for this many subscriptions (nothing in a pipe)."""
        # Only when the result lines go to the same terminal: a bar above a pipe's lines
        # would be drawn between them.
        if not names or not stderr_is_terminal() or not sys.stdout.isatty():
            return
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn

        from .progress import stderr_progress

        self._progress = stderr_progress(
            TextColumn("Updating {task.fields[current]}"),
            BarColumn(),
            MofNCompleteColumn(),
            colour=self._colour,
        )
        self._task = self._progress.add_task("update", total=len(names), current=names[0])
        self._names = names
        self._progress.start()

    def result(self, result: Result) -> None:
        """Print one result line, and move the bar on."""
        write_out(result_line(result, dt.datetime.now(dt.timezone.utc)) + "\n")
        flush_out()
        if self._progress is not None:
            done = self._names.index(result.name) + 1
            following = self._names[done] if done < len(self._names) else ""
            self._progress.update(self._task, completed=done, current=following)
