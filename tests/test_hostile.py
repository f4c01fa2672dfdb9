"""The installed `learnref` under hostile input: every case ends with a clear message and a
documented exit code (0, 1 or 2), never a traceback and never a hang."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from .runner import TIMEOUT, installed, learnref_executable, start_installed

DOCUMENTED = {0, 1, 2}


def assert_clean_end(done: subprocess.CompletedProcess[bytes], codes: set[int]) -> None:
    """A documented exit code and no traceback; on failure, a message on stderr."""
    assert done.returncode in codes, done
    assert b"Traceback" not in done.stderr, done.stderr
    if done.returncode != 0:
        assert done.stderr.strip(), "a failure must say what went wrong"


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["show", ""], 1),
        (["search", ""], 2),
        (["glossary", ""], 1),
        (["show", "x" * 100_000], 1),
        (["search", "x" * 100_000], 1),
        (["show", "\x1b[31mred\x07\x1b]0;title\x07"], 1),
        (["search", "risk\x01\x02\x7f assessment"], 0),
        (["--bogus"], 2),
        (["show", "think-family", "--bogus"], 2),
        (["search", "chronology", "--limit", "99999999999999999999999"], 0),
        (["search", "chronology", "--limit", "many"], 2),
        (["export", "--format", "pdf"], 2),
        (["--color", "sometimes", "list"], 2),
        (["nonsense"], 2),
    ],
)
def test_odd_arguments(args: list[str], code: int) -> None:
    """Empty, huge and control-character arguments and unknown options end cleanly."""
    done = installed(*args)
    assert_clean_end(done, {code})


def test_huge_argument_is_not_printed_back_whole() -> None:
    """An unknown 100 kB theme name is quoted in at most a short line."""
    done = installed("show", "x" * 100_000)
    assert done.stderr == (
        b"No theme '" + b"x" * 60 + b"...'.\nSee every theme with: learnref list\n"
    )


def test_escape_sequences_are_not_passed_to_the_terminal() -> None:
    """An argument holding terminal escape codes is echoed with them escaped."""
    done = installed("show", "\x1b[31mred")
    assert b"\x1b" not in done.stderr
    assert done.stderr.startswith(b"No theme '\\x1b[31mred'.")


@pytest.mark.parametrize("argument", [b"\xff\xfe", b"chron\xffology", b"\xed\xa0\x80"])
def test_invalid_utf8_arguments(argument: bytes) -> None:
    """Arguments that are not UTF-8 are looked up and reported without a traceback."""
    assert_clean_end(installed(b"show", argument), {1})
    assert_clean_end(installed(b"search", argument), {0, 1})


@pytest.mark.parametrize("path", ["/dev/null", "/dev/zero"])
def test_data_from_a_device(path: str) -> None:
    """--data naming a device is refused at once (reading /dev/zero would never end)."""
    done = installed("--data", path, "list")
    assert_clean_end(done, {1})
    assert b"not a regular file" in done.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_data_from_a_fifo(tmp_path: Path) -> None:
    """--data naming a FIFO is refused instead of waiting for a writer forever."""
    fifo = tmp_path / "briefings.yaml"
    os.mkfifo(fifo)
    assert_clean_end(installed("--data", str(fifo), "list"), {1})
    assert_clean_end(installed("validate", str(fifo)), {1})


def test_data_directory_of_a_thousand_files(tmp_path: Path) -> None:
    """A folder of 1,000 briefing files loads, and its themes are searchable."""
    for number in range(1000):
        (tmp_path / f"b{number:04}.yaml").write_text(
            "version: 1\nbriefings:\n"
            f"  - id: briefing-{number}\n    title: Briefing {number}\n"
            "    publisher: Test Partnership\n    published: 2024-01-01\n"
            "    url: https://example.org/\n"
            f"    themes:\n      - title: Theme {number % 7}\n"
            f"        messages:\n          - Message number {number} about chronologies.\n",
            encoding="utf-8",
        )
    done = installed("--no-bundled", "--data", str(tmp_path), "list")
    assert_clean_end(done, {0})
    assert done.stdout.count(b"\n") == 8  # header and 7 themes
    done = installed("--no-bundled", "--data", str(tmp_path), "search", "number", "999")
    assert_clean_end(done, {0})
    assert done.stdout.startswith(b"1. Message number 999 about chronologies.")


@pytest.mark.parametrize(
    "env",
    [
        {"LANG": "C", "LC_ALL": "C"},
        {"PYTHONIOENCODING": "ascii"},
        {"PYTHONIOENCODING": "cp1252"},
        {"TERM": "dumb"},
        {"COLUMNS": "1"},
        {"COLUMNS": "0"},
        {"COLUMNS": "-5"},
        {"COLUMNS": "lots"},
    ],
)
@pytest.mark.parametrize("fmt", ["text", "rich", "markdown", "json"])
def test_awkward_environments(env: dict[str, str], fmt: str) -> None:
    """Odd locales, encodings and widths still show every message, never a traceback."""
    done = installed("show", "think-family", "--format", fmt, env=env)
    assert_clean_end(done, {0})
    text = done.stdout.decode("utf-8", "replace")
    for words in ("careful risk", "unique experience", "substance misuse"):
        assert words in " ".join(text.replace("│", " ").split()), (env, fmt)


def test_stdout_closed() -> None:
    """With stdout closed (`learnref list >&-`), learnref says so and exits 1."""
    done = subprocess.run(
        f"'{learnref_executable()}' list >&-",
        shell=True,
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr == b"learnref: cannot write the output: standard output is closed.\n"


def test_stdout_closed_early_by_the_reader() -> None:
    """A reader that stops after a few bytes ends learnref quietly."""
    process = start_installed("glossary", "--format", "json")
    assert process.stdout is not None
    process.stdout.read(10)
    process.stdout.close()
    _, stderr = process.communicate(timeout=TIMEOUT)
    assert process.returncode == 0
    assert stderr == b""


def test_json_on_an_ascii_console_is_lossless() -> None:
    """Under PYTHONIOENCODING=ascii, JSON keeps curly quotes as \\u escapes, not look-alikes."""
    done = installed("show", "think-family", "--format", "json", env={"PYTHONIOENCODING": "ascii"})
    assert_clean_end(done, {0})
    data = json.loads(done.stdout)
    assert "The ‘Day in my Life’ tools" in data["entries"][0]["messages"][1]["text"]


def test_json_with_an_argument_that_was_not_utf8() -> None:
    """A query that was not UTF-8 still gives valid JSON."""
    done = installed(b"search", b"chronolog\xff", b"--format", b"json")
    assert_clean_end(done, {0})
    assert json.loads(done.stdout)["query"] == "chronolog\udcff"


def test_query_of_no_words() -> None:
    """A query with no words at all says so, rather than blaming common words."""
    done = installed(b"search", b"\xff\xfe")
    assert done.returncode == 1
    assert b"it has no words to search for" in done.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["show", "think-family"], ["--help"], ["--version"]])
def test_full_disk(args: list[str]) -> None:
    """Output to a full disk is one sentence on stderr and exit 1, no traceback."""
    with open("/dev/full", "wb") as full:
        done = installed(*args, stdout=full)
    assert done.returncode == 1
    assert done.stderr == b"Cannot write the output: there is no space left on the disk.\n"


def test_huge_unknown_command_is_not_printed_back_whole() -> None:
    """An unknown 100 kB command is a usage error quoting at most 60 characters of it."""
    done = installed("y" * 100_000)
    assert done.returncode == 2
    assert done.stderr.endswith(b"Error: No such command '" + b"y" * 60 + b"...'.\n")
