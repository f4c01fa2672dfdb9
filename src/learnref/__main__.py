"""Entry point for the `learnref` command and `python -m learnref`."""

from __future__ import annotations

import contextlib
import os
import sys
from types import ModuleType
from typing import Any

# Modules that Typer and its Click import at start-up but that no lookup, listing, search
# or Tab press uses: subprocess (opening a browser, installing completion), shellingham
# (detecting the shell for --show-completion), bz2 and lzma (shutil's archive formats).
# The console script puts a stand-in for each into sys.modules, which imports the real
# module on first use: about 3 ms of every run. importlib.util.LazyLoader cannot do this:
# its module loads itself on any attribute read, and each later `import subprocess` reads
# the module's __spec__; a stand-in's __spec__ is None, so that read costs nothing.
LAZY_MODULES = ("subprocess", "shellingham", "bz2", "lzma")

# Set to 1 to run the console script as a plain Python program (every module imported
# when asked for), e.g. to debug an import.
PLAIN_EXIT_VARIABLE = "LEARNREF_PLAIN_EXIT"


class StandIn(ModuleType):
    """A module not imported yet: the first attribute asked of it imports the real module,
    which then takes its place in sys.modules; this object keeps passing attributes on."""

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self._real(), attribute)

    def _real(self) -> ModuleType:
        import importlib

        name = self.__name__
        if sys.modules.get(name) is self:
            del sys.modules[name]
        try:
            module = importlib.import_module(name)
        except BaseException:
            sys.modules.setdefault(name, self)
            raise
        return module

    def __dir__(self) -> list[str]:
        return dir(self._real())


def install_stand_ins(names: tuple[str, ...] = LAZY_MODULES) -> None:
    """Put a stand-in into sys.modules for each module not imported yet."""
    for name in names:
        if name not in sys.modules:
            sys.modules[name] = StandIn(name)


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


def console_script() -> None:
    """The `learnref` command: main(), started and ended faster (see docs/performance.md).

    Besides the stand-ins: no cyclic garbage collection (a run lasts a fraction of a
    second and makes little cyclic garbage; collecting costs about 1 ms), and no
    interpreter shutdown (tearing down every module is about a sixth of a short run):
    stdout and stderr are flushed and the process ends with os._exit and main()'s exit
    code. Under coverage, or with LEARNREF_PLAIN_EXIT=1, it is main() as it is.
    """
    if plain_run():
        main()
        return
    install_stand_ins()
    import gc

    gc.disable()
    try:
        main()
        code = 0
    except SystemExit as end:
        code = exit_code(end)
    os._exit(finish(code))


def plain_run() -> bool:
    """Whether to run as a plain Python program: asked for, or under coverage (which writes
    its data at interpreter shutdown)."""
    return os.environ.get(PLAIN_EXIT_VARIABLE) == "1" or "coverage" in sys.modules


def exit_code(end: SystemExit) -> int:
    """The process exit code Python gives a SystemExit: None is 0, a number is itself, any
    other value is printed to stderr and gives 1."""
    if end.code is None:
        return 0
    if isinstance(end.code, int):
        return end.code
    with contextlib.suppress(OSError, ValueError):
        from .render.console import write_error

        write_error(str(end.code))
    return 1


def finish(code: int) -> int:
    """Flush stdout and stderr as interpreter shutdown would, and return the exit code: a
    closed pipe is quiet and leaves it as it is, any other write failure is reported as
    main() reports one (exit 1)."""
    from .errors import EXIT_OK, EXIT_OUTPUT, os_reason
    from .render.console import silence_stdout, write_error

    try:
        if sys.stdout is not None:  # None: started with stdout closed, already said
            sys.stdout.flush()
    except BrokenPipeError:
        silence_stdout()
    except OSError as error:
        silence_stdout()
        if code == EXIT_OK:
            write_error(f"Cannot write the output: {os_reason(error)}.")
            code = EXIT_OUTPUT
    except ValueError:  # stdout was closed by the command: nothing left to flush
        pass
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.flush()
    return code


if __name__ == "__main__":
    main()
