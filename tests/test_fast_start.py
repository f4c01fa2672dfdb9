"""The console script's faster start: stand-ins for modules a normal run never uses import
the real module on first use, and the command behaves exactly as main() does."""

from __future__ import annotations

import errno
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from learnref import __main__ as entry
from learnref.__main__ import LAZY_MODULES, PLAIN_EXIT_VARIABLE

from .runner import learnref_executable

# Run in a fresh interpreter: the test process has imported the real modules long ago.
USES_EVERY_STAND_IN = """
import sys
from learnref.__main__ import StandIn, install_stand_ins, LAZY_MODULES

install_stand_ins()
import typer, typer.main, learnref.cli  # what a normal run imports

untouched = [name for name in LAZY_MODULES if isinstance(sys.modules[name], StandIn)]
assert untouched == list(LAZY_MODULES), untouched

import bz2, lzma, shellingham, subprocess
from subprocess import PIPE

done = subprocess.run([sys.executable, "-c", "print('spawned')"], stdout=PIPE, check=True)
assert done.stdout.strip() == b"spawned", done
assert isinstance(sys.modules["subprocess"], type(sys)) and not isinstance(
    sys.modules["subprocess"], StandIn
)
assert bz2.decompress(bz2.compress(b"x" * 100)) == b"x" * 100
assert lzma.decompress(lzma.compress(b"y" * 100)) == b"y" * 100
assert callable(shellingham.detect_shell)
assert "run" in dir(subprocess)
print("ok")
"""


def test_stand_ins_import_the_real_module_on_first_use() -> None:
    """Before use each listed module is a stand-in; used, it works as the real one."""
    done = subprocess.run(
        [sys.executable, "-c", USES_EVERY_STAND_IN], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "ok\n"


def test_stand_ins_leave_imported_modules_alone() -> None:
    """A module already imported is never replaced."""
    from learnref.__main__ import install_stand_ins

    before = {name: sys.modules.get(name) for name in LAZY_MODULES}
    assert before["subprocess"] is subprocess
    install_stand_ins(("subprocess",))
    assert sys.modules["subprocess"] is subprocess


def test_a_normal_run_imports_none_of_them() -> None:
    """`learnref show` through the console script never imports the real modules."""
    probe = (
        "import os, runpy, sys\n"
        "real_exit = os._exit\n"
        "def report(code):\n"
        "    from learnref.__main__ import StandIn, LAZY_MODULES\n"
        "    real = [n for n in LAZY_MODULES if not isinstance(sys.modules.get(n), StandIn)]\n"
        "    sys.stderr.write(f'real: {real} exit {code}\\n')\n"
        "    sys.stderr.flush()\n"
        "    real_exit(code)\n"
        "os._exit = report\n"
        "sys.argv = [sys.argv[1], 'show', 'think-family']\n"
        "runpy.run_path(sys.argv[0], run_name='__main__')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, learnref_executable()],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.stderr == "real: [] exit 0\n"
    assert "Think Family" in done.stdout


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_show_completion_detects_the_shell() -> None:
    """--show-completion needs shellingham (and, on some systems, subprocess): the console
    script still prints the script for the shell it runs in."""
    command = f"'{learnref_executable()}' --show-completion; echo \"exit $?\""
    done = subprocess.run(
        ["bash", "-c", command], capture_output=True, text=True, check=False, timeout=60
    )
    assert done.stdout.startswith("_learnref_completion() {"), done
    assert done.stdout.rstrip().endswith("exit 0")
    assert done.stderr == ""


def test_plain_run_prints_the_same() -> None:
    """With LEARNREF_PLAIN_EXIT=1 (no stand-ins) the output is byte for byte the same."""
    fast = subprocess.run(
        [learnref_executable(), "show", "think-family"], capture_output=True, check=False
    )
    plain = subprocess.run(
        [learnref_executable(), "show", "think-family"],
        capture_output=True,
        check=False,
        env={**os.environ, PLAIN_EXIT_VARIABLE: "1"},
    )
    assert fast.returncode == plain.returncode == 0
    assert fast.stdout == plain.stdout
    assert fast.stderr == plain.stderr == b""


class Ended(Exception):
    """os._exit, caught: the code the process would have ended with."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def _raise_ended(code: int) -> None:
    raise Ended(code)


@pytest.fixture
def fast_path(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """console_script's fast path in this process: os._exit raises Ended, and gc and
    sys.modules are left as they are; yields the calls made."""
    calls: list[str] = []
    monkeypatch.setattr(entry, "plain_run", lambda: False)
    monkeypatch.setattr(entry, "install_stand_ins", lambda: calls.append("stand-ins"))
    monkeypatch.setattr("gc.disable", lambda: calls.append("gc off"))
    monkeypatch.setattr("learnref.__main__.os._exit", _raise_ended)
    monkeypatch.setattr("learnref.__main__.os.dup2", lambda *args: None)
    return calls


@pytest.mark.parametrize(
    ("argv", "code", "out", "err"),
    [
        (["glossary", "CPP"], 0, "TERM  MEANING\nCPP   Child Protection Plan\n", ""),
        (["show", "no-such-theme"], 1, "", "No theme 'no-such-theme'."),
        (["--no-such-option"], 2, "", "No such option: --no-such-option"),
    ],
)
def test_console_script_ends_with_mains_exit_code(
    fast_path: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    code: int,
    out: str,
    err: str,
) -> None:
    """The fast path ends the process with os._exit and the code main() gives, after the
    output is written."""
    monkeypatch.setattr("sys.argv", ["learnref", *argv])
    with pytest.raises(Ended) as ended:
        entry.console_script()
    assert ended.value.code == code
    assert fast_path == ["stand-ins", "gc off"]
    captured = capsys.readouterr()
    assert captured.out == out
    assert err in captured.err


@pytest.mark.parametrize(
    ("end", "code", "err"),
    [(SystemExit(), 0, ""), (SystemExit(3), 3, ""), (SystemExit("Stopped."), 1, "Stopped.\n")],
)
def test_exit_codes_as_python_gives_them(
    fast_path: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    end: SystemExit,
    code: int,
    err: str,
) -> None:
    """None is 0, a number itself, a message goes to stderr with 1; returning is 0."""

    def stop() -> None:
        raise end

    monkeypatch.setattr(entry, "main", stop)
    with pytest.raises(Ended) as ended:
        entry.console_script()
    assert ended.value.code == code
    assert capsys.readouterr().err == err
    monkeypatch.setattr(entry, "main", lambda: None)
    with pytest.raises(Ended) as ended:
        entry.console_script()
    assert ended.value.code == 0


class FailingStdout(io.StringIO):
    """A stdout whose last flush fails with the given error."""

    def __init__(self, error: BaseException) -> None:
        super().__init__()
        self.error = error

    def flush(self) -> None:
        raise self.error

    def fileno(self) -> int:
        return 1


@pytest.mark.parametrize(
    ("error", "code", "err"),
    [
        (BrokenPipeError(), 0, ""),
        (OSError(errno.ENOSPC, "full"), 1, "Cannot write the output: there is no space left"),
        (ValueError("I/O operation on closed file"), 0, ""),
    ],
)
def test_the_last_flush(
    fast_path: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    error: BaseException,
    code: int,
    err: str,
) -> None:
    """A closed pipe at the last flush is quiet (0); a full disk is reported (1)."""
    monkeypatch.setattr(entry, "main", lambda: None)
    monkeypatch.setattr("sys.stdout", FailingStdout(error))
    with pytest.raises(Ended) as ended:
        entry.console_script()
    assert ended.value.code == code
    assert err in capsys.readouterr().err


def test_no_stdout_at_the_end(
    fast_path: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Started with stdout closed (sys.stdout is None): main()'s exit code, nothing added."""

    def stop() -> None:
        raise SystemExit(1)

    monkeypatch.setattr(entry, "main", stop)
    monkeypatch.setattr("sys.stdout", None)
    with pytest.raises(Ended) as ended:
        entry.console_script()
    assert ended.value.code == 1
    assert capsys.readouterr().err == ""


def test_plain_run_when_asked_or_under_coverage(monkeypatch: pytest.MonkeyPatch) -> None:
    """LEARNREF_PLAIN_EXIT=1, or coverage running, is main() as it is: no os._exit."""
    monkeypatch.setitem(sys.modules, "coverage", sys)
    assert entry.plain_run()
    monkeypatch.delitem(sys.modules, "coverage")
    monkeypatch.delenv(PLAIN_EXIT_VARIABLE, raising=False)
    assert not entry.plain_run()
    monkeypatch.setenv(PLAIN_EXIT_VARIABLE, "1")
    assert entry.plain_run()
    monkeypatch.setattr("learnref.__main__.os._exit", _raise_ended)
    monkeypatch.setattr(entry, "main", lambda: None)
    entry.console_script()  # returns: the interpreter ends the process as usual


# What each run of the installed command must give the same way with and without the fast
# path: (arguments, standard input or None).
SAME_EITHER_WAY = [
    ["show", "think-family"],
    ["--help"],
    ["search", "chronology"],
    ["show", "no-such-theme"],
    ["--no-such-option"],
    ["glossary", "CPP", "--format", "json"],
]


@pytest.mark.parametrize("argv", SAME_EITHER_WAY, ids=" ".join)
def test_installed_command_same_either_way(argv: list[str]) -> None:
    """The installed command gives the same output, errors and exit code with
    LEARNREF_PLAIN_EXIT=1 as without."""
    runs = [
        subprocess.run(
            [learnref_executable(), *argv],
            capture_output=True,
            check=False,
            env={**os.environ, PLAIN_EXIT_VARIABLE: plain},
            timeout=60,
        )
        for plain in ("0", "1")
    ]
    assert runs[0].returncode == runs[1].returncode
    assert runs[0].stdout == runs[1].stdout
    assert runs[0].stderr == runs[1].stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_installed_command_on_a_full_disk() -> None:
    """Writing to a full device: one sentence and exit 1, as before."""
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [learnref_executable(), "glossary", "CPP"],
            stdout=full,
            stderr=subprocess.PIPE,
            check=False,
            timeout=60,
        )
    assert done.returncode == 1
    assert done.stderr.decode().startswith("Cannot write the output: there is no space left")


def test_installed_command_into_a_closed_pipe() -> None:
    """A reader that stops early (head -1): exit 0, nothing on stderr."""
    process = subprocess.Popen(
        [learnref_executable(), "glossary"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None
    process.stdout.readline()
    process.stdout.close()
    err = process.stderr.read() if process.stderr else b""
    assert process.wait(timeout=60) == 0
    assert err == b""
