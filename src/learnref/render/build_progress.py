"""A progress bar on stderr while a cache file is built, on a terminal only.

Most builds take a fraction of a second and show nothing; a large library takes seconds,
once per change to its files, and then the bar says what learnref is doing. Rich and the
timer's thread are imported only when a build starts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .console import stderr_is_terminal

if TYPE_CHECKING:
    import threading

    from rich.progress import Progress, TaskID

# A build shorter than this shows nothing.
DELAY_SECONDS = 1.0


class BuildProgress:
    """Shows what a long cache build is doing: nothing for the first second, nothing on a
    pipe, and the bar is cleared when the build ends."""

    def __init__(self, *, colour: bool = True) -> None:
        self._colour = colour
        self._what = ""
        self._timer: threading.Timer | None = None
        self._lock: threading.Lock | None = None
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        self._finished = False

    def step(self, what: str) -> None:
        """The build has moved on to `what`; the first step starts the clock."""
        self._what = what
        if self._lock is None:
            if not stderr_is_terminal():
                return
            import threading

            self._lock = threading.Lock()
            self._timer = threading.Timer(DELAY_SECONDS, self._show)
            self._timer.daemon = True
            self._timer.start()
            return
        with self._lock:
            if self._progress is not None and self._task is not None:
                self._progress.update(self._task, description=what)

    def _show(self) -> None:
        from rich.progress import BarColumn, TextColumn, TimeElapsedColumn

        from .progress import stderr_progress

        assert self._lock is not None
        with self._lock:
            if self._finished:
                return
            self._progress = stderr_progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TimeElapsedColumn(),
                colour=self._colour,
            )
            self._task = self._progress.add_task(self._what, total=None)
            self._progress.start()

    def done(self) -> None:
        """The build is over (or failed): stop the clock and clear the bar."""
        if self._lock is None or self._timer is None:
            return
        self._timer.cancel()
        with self._lock:
            self._finished = True
            if self._progress is not None:
                self._progress.stop()
