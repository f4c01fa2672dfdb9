"""Entry point for the `learnref` command and `python -m learnref`."""

from __future__ import annotations

import contextlib
import os
import sys


def main() -> None:
    """Run learnref; Ctrl-C and a closed pipe end quietly, whatever stage they come at."""
    try:
        from .cli import app

        app()
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    except BrokenPipeError:
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise SystemExit(0) from None


if __name__ == "__main__":
    main()
