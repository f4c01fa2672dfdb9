"""Entry point for the `learnref` command and `python -m learnref`."""

from __future__ import annotations

import os
import sys


def main() -> None:
    """Run learnref; Ctrl-C and a closed pipe end quietly, whatever stage they come at."""
    if sys.stderr is None:  # started with stderr closed: errors have nowhere to go
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - kept open for the whole run
    from .errors import EXIT_INTERRUPTED, EXIT_OK, EXIT_OUTPUT, StdoutError, os_reason
    from .render.console import silence_stdout, write_error

    if sys.stdout is None:  # started with stdout closed (`learnref list >&-`)
        write_error("learnref: cannot write the output: standard output is closed.")
        raise SystemExit(EXIT_OUTPUT)
    try:
        from .cli import app

        app()
    except KeyboardInterrupt:
        raise SystemExit(EXIT_INTERRUPTED) from None
    except BrokenPipeError:
        silence_stdout()
        raise SystemExit(EXIT_OK) from None
    except (OSError, StdoutError) as error:
        # Output that could not be written before a command ran (help or --version on a
        # full disk); commands' own output failures are reported where they happen.
        silence_stdout()
        reason = error.message if isinstance(error, StdoutError) else os_reason(error)
        write_error(
            reason if isinstance(error, StdoutError) else f"Cannot write the output: {reason}."
        )
        raise SystemExit(EXIT_OUTPUT) from None


if __name__ == "__main__":
    main()
