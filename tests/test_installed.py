"""The installed `learnref` command, run as a user runs it: pipes, exit codes, no tracebacks."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time

import pytest

from .conftest import Runner, golden
from .runner import learnref_executable, start_installed

ESCAPE = re.compile(r"\x1b")
BOX = re.compile(r"[\u2500-\u257f]")  # box-drawing characters


def clean(text: str) -> bool:
    """True when text has no terminal escape codes and no box-drawing characters."""
    return not ESCAPE.search(text) and not BOX.search(text)


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["list", "--briefings"],
        ["show", "think-family"],
        ["show", "child-sexual-abuse"],
        ["search", "chronology"],
        ["glossary"],
        ["--help"],
        ["show", "--help"],
        ["search", "--help"],
        ["--version"],
    ],
)
def test_piped_output_is_plain(run_installed: Runner, args: list[str]) -> None:
    """In a pipe, every command's output has no colour codes and no box characters."""
    result = run_installed(*args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout
    assert clean(result.stdout)
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["search"], 2),
        (["show", "think-famly"], 1),
        (["search", "xylophone"], 1),
        (["search", "chronology", "--limit", "0"], 2),
        (["nonsense-command"], 2),
        (["show", "think-family", "--format", "pdf"], 2),
    ],
)
def test_errors_are_plain_and_on_stderr(run_installed: Runner, args: list[str], code: int) -> None:
    """Usage and lookup errors go to stderr, plain, with the documented exit code."""
    result = run_installed(*args)
    assert result.exit_code == code
    assert result.stdout == ""
    assert result.stderr
    assert clean(result.stderr)
    assert "Traceback" not in result.stderr


def test_installed_show_matches_golden(run_installed: Runner) -> None:
    """The installed command prints the same text as the golden file."""
    assert run_installed("show", "think-family").stdout == golden("show-think-family.txt")


def test_python_dash_m(run_installed: Runner) -> None:
    """`python -m learnref` works like the command."""
    completed = subprocess.run(
        [sys.executable, "-m", "learnref", "show", "think-family"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert completed.returncode == 0
    assert completed.stdout == golden("show-think-family.txt")


def test_closed_pipe_is_quiet() -> None:
    """`learnref search x | head -1` ends without a traceback or 'Exception ignored'."""
    completed = subprocess.run(
        f"'{learnref_executable()}' search information | head -1",
        shell=True,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.stdout.startswith("1. ")
    assert completed.stderr == ""


def test_closed_pipe_exit_code() -> None:
    """When stdout closes early, learnref itself exits 0 with nothing on stderr."""
    process = start_installed("glossary")
    assert process.stdout is not None
    process.stdout.close()
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 0
    assert stderr == b""


@pytest.mark.skipif(os.name == "nt", reason="POSIX signals")
def test_ctrl_c_is_quiet() -> None:
    """Ctrl-C (SIGINT) ends learnref with exit 130 and no traceback."""
    process = subprocess.Popen(
        [sys.executable, "-c", "import learnref.cli, time; time.sleep(30)"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    time.sleep(1.0)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    # Bare Python prints a traceback here; learnref's entry point must not.
    assert b"KeyboardInterrupt" in stderr
    entry = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import time, learnref.commands as c\n"
            "def slow(*a, **k):\n    time.sleep(30)\n"
            "c.open_library = slow\n"
            "from learnref.__main__ import main\n"
            "import sys; sys.argv = ['learnref', 'list']; main()",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    time.sleep(1.5)
    entry.send_signal(signal.SIGINT)
    out, err = entry.communicate(timeout=30)
    assert entry.returncode == 130
    assert out == b""
    assert err == b""
