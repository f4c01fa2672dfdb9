"""A progress bar on stderr, for the few things that can take seconds (a first cache
build, an update of subscriptions); Rich is imported only when one is shown."""

from __future__ import annotations

import sys
from typing import Any


def stderr_progress(*columns: Any, colour: bool = True) -> Any:
    """A transient Rich progress bar on stderr with these columns, in colour unless told
    not to (`--color never`; Rich itself follows NO_COLOR); stdout goes through Rich only
    when it is that same terminal, so piped lines stay on stdout."""
    from rich.console import Console
    from rich.progress import Progress

    return Progress(
        *columns,
        console=Console(stderr=True, no_color=not colour),
        transient=True,
        redirect_stdout=sys.stdout.isatty(),
    )
