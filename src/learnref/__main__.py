"""Entry point for the `learnref` command and `python -m learnref`."""

from __future__ import annotations

import contextlib
import os
import sys


def main() -> None:
    """Run learnref; Ctrl-C and a closed pipe end quietly, whatever stage they come at."""
    if sys.stderr is None:  # started with stderr closed: errors have nowhere to go
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - kept open for the whole run
    if sys.stdout is None:  # started with stdout closed (`learnref list >&-`)
        print("learnref: cannot write the output: standard output is closed.", file=sys.stderr)
        raise SystemExit(1)
    try:
        from .cli import app

        app()
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    except BrokenPipeError:
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise SystemExit(0) from None
    except OSError as error:
        # Output that could not be written before a command ran (help on a full disk);
        # commands' own output failures are reported where they happen.
        from .errors import os_reason

        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        print(f"Cannot write the output: {os_reason(error)}.", file=sys.stderr)
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
