"""Bad input and faults: usage errors, closed pipes, Ctrl-C, full disks; never a traceback."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import Runner
from .runner import installed, start_installed


@pytest.fixture
def big_data(tmp_path: Path) -> Path:
    """A briefing file with 4,000 messages: far more output than a pipe buffer holds."""
    lines = [
        "version: 1",
        "briefings:",
        "  - id: big-test-briefing",
        "    title: Big Test Briefing",
        "    publisher: Test Partnership",
        "    published: 2024-01-01",
        "    url: https://example.org/big",
        "    themes:",
        "      - title: Big Theme",
        "        messages:",
    ]
    lines += [
        f"          - “Test message {n}” about chronologies – long enough." for n in range(4000)
    ]
    path = tmp_path / "big.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "args",
    [
        ["show", "big-theme"],
        ["show", "big-theme", "--format", "rich"],
        ["--color", "always", "show", "big-theme", "--format", "rich"],
        ["export", "--format", "html"],
        ["search", "chronologies", "--limit", "4000", "--format", "json"],
    ],
)
def test_closed_pipe_ends_quietly(big_data: Path, args: list[str]) -> None:
    """`learnref ... | head -c 100` ends with exit 0 and nothing on stderr."""
    process = start_installed(*args, data=big_data)
    assert process.stdout is not None
    assert process.stderr is not None
    first = process.stdout.read(100)
    process.stdout.close()
    stderr = process.stderr.read()
    assert (process.wait(timeout=60), stderr) == (0, b"")
    assert len(first) == 100


@pytest.mark.skipif(os.name == "nt", reason="SIGINT to a child process is POSIX-only")
@pytest.mark.parametrize("fmt", ["text", "rich"])
def test_ctrl_c_during_output_ends_quietly(big_data: Path, fmt: str) -> None:
    """Ctrl-C while a long output is blocked on a full pipe exits 130 with no traceback."""
    process = start_installed("show", "big-theme", "--format", fmt, data=big_data)
    assert process.stdout is not None
    assert process.stderr is not None
    process.stdout.read(100)  # output has started; the pipe now fills and the writer blocks
    process.send_signal(signal.SIGINT)
    process.stdout.read()
    stderr = process.stderr.read()
    assert (process.wait(timeout=60), stderr) == (130, b"")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("fmt", ["text", "rich"])
def test_full_disk_on_stdout(fmt: str) -> None:
    """Writing to a full disk says so in one line and exits 1, with no traceback."""
    with open("/dev/full", "w", encoding="utf-8") as full:
        completed = installed("show", "think-family", "--format", fmt, stdout=full, text=True)
    assert completed.returncode == 1
    assert completed.stderr == "Cannot write the output: there is no space left on the disk.\n"


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (
            ["--color", "purple", "list"],
            "Usage: learnref [OPTIONS] COMMAND [ARGS]...\nTry 'learnref -h' for help.\n\n"
            "Error: Invalid value for '--color': 'purple' is not one of 'auto', 'always', "
            "'never'.\n",
        ),
        (
            ["random", "--format", "html"],
            "Usage: learnref random [OPTIONS]\nTry 'learnref random -h' for help.\n\n"
            "Error: Invalid value for '--format' / '-f': 'html' is not one of 'auto', 'rich', "
            "'text', 'markdown', 'json'.\n",
        ),
        (
            ["show", "think-family", "--format", "yaml"],
            "Usage: learnref show [OPTIONS] THEME\nTry 'learnref show -h' for help.\n\n"
            "Error: Invalid value for '--format' / '-f': 'yaml' is not one of 'auto', 'rich', "
            "'text', 'markdown', 'json'.\n",
        ),
        (
            ["random", "--seed", "seven"],
            "Usage: learnref random [OPTIONS]\nTry 'learnref random -h' for help.\n\n"
            "Error: Invalid value for '--seed': 'seven' is not a valid int.\n",
        ),
    ],
)
def test_usage_errors(run_installed: Runner, args: list[str], error: str) -> None:
    """Unknown --color, --format and --seed values are usage errors (exit 2) naming valid ones."""
    result = run_installed(*args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", error)


@pytest.mark.parametrize(
    "args",
    [
        ["show", "think-family"],
        ["random", "--seed", "1", "--format", "markdown"],
        ["export", "--format", "html"],
        ["export"],
    ],
)
def test_plain_output_does_not_import_rich(args: list[str]) -> None:
    """Text, Markdown and HTML output never import Rich: start-up stays cheap."""
    code = (
        "import sys\nfrom learnref.cli import app\n"
        f"try:\n    app({args!r})\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write(str(sorted(m for m in sys.modules if m.split('.')[0] == 'rich')))\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert completed.stderr == "[]"
