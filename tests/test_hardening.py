"""learnref against briefing files, file names and environments someone else controls: no
escape sequence from a file name reaches the terminal, no device is replaced, no odd
environment value gives a traceback."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from learnref.quoting import shell_quote

from .briefing_files import GOOD, write
from .runner import installed

# A file name that, printed raw, puts `rm -rf ~` on the clipboard (OSC 52) and clears the screen.
HOSTILE = "x\x1b]52;c;cm0gLXJmIH4K\x07\x1b[2J"
BROKEN = GOOD.replace("title: Test briefing", "title: ")


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    done = installed(*args, env=env)
    assert b"Traceback" not in done.stderr, done.stderr
    return done


def _assert_no_escape(done: subprocess.CompletedProcess[bytes]) -> None:
    for stream in (done.stdout, done.stderr):
        assert b"\x1b" not in stream, stream
        assert b"\x07" not in stream, stream


def _user_data(tmp_path: Path) -> Path:
    return tmp_path / "data-home" / "learnref" / "briefings"


@pytest.mark.parametrize(
    ("case", "code"),
    [
        ("validate-good-folder", 0),
        ("validate-broken-folder", 1),
        ("validate-broken-file", 1),
        ("env-broken-folder", 1),
        ("env-good-info", 0),
        ("user-broken-list", 0),
        ("user-broken-info", 0),
    ],
)
def test_hostile_file_name_in_data_never_reaches_the_terminal(
    tmp_path: Path, case: str, code: int
) -> None:
    """A file name holding escape sequences is printed escaped by every command that names it."""
    good = write(tmp_path / "good", HOSTILE + ".yaml", GOOD)
    broken = write(tmp_path / "broken", HOSTILE + ".yaml", BROKEN)
    write(_user_data(tmp_path), HOSTILE + ".yaml", "briefings: [")
    args, env = {
        "validate-good-folder": (["validate", str(good.parent)], {}),
        "validate-broken-folder": (["validate", str(broken.parent)], {}),
        "validate-broken-file": (["validate", str(broken)], {}),
        "env-broken-folder": (["list"], {"LEARNREF_DATA": str(broken.parent)}),
        "env-good-info": (["info"], {"LEARNREF_DATA": str(good.parent)}),
        "user-broken-list": (["list"], {}),
        "user-broken-info": (["info"], {}),
    }[case]
    if not case.startswith("user"):
        (_user_data(tmp_path) / (HOSTILE + ".yaml")).unlink()
    done = _run(*args, env=env)
    assert done.returncode == code, done
    _assert_no_escape(done)
    assert b"x\\x1b]52;c;cm0gLXJmIH4K\\x07\\x1b[2J" in done.stdout + done.stderr


def test_fix_hint_quotes_a_hostile_name_so_it_can_be_pasted(tmp_path: Path) -> None:
    """The "Fix the file, then check with" hint writes the name as $'...' with escapes."""
    broken = write(tmp_path / "broken", HOSTILE + ".yaml", BROKEN)
    done = _run("list", env={"LEARNREF_DATA": str(broken.parent)})
    _assert_no_escape(done)
    hint = done.stderr.decode().splitlines()[-1]
    assert hint == f"Fix the file, then check with: learnref validate {shell_quote(str(broken))}"
    assert hint.endswith("/x\\x1b]52;c;cm0gLXJmIH4K\\x07\\x1b[2J.yaml'")
    assert "$'" in hint


def test_shell_quote_round_trips_through_bash() -> None:
    """The $'...' form gives the exact name back when a shell reads it."""
    name = "/tmp/" + HOSTILE + " it's \\ \u202e\U000e0001.yaml"
    quoted = shell_quote(name)
    assert quoted.isprintable()
    bash = "/bin/bash"
    if not os.path.exists(bash):
        pytest.skip("no bash here")
    echoed = subprocess.run(
        [bash, "-c", f"printf %s {quoted}"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    assert echoed == name


@pytest.mark.parametrize(
    "args",
    [
        ["export", "--format", "markdown", "-o"],
        ["init"],
    ],
)
def test_hostile_output_name_is_escaped_when_written_and_when_refused(
    tmp_path: Path, args: list[str]
) -> None:
    """export -o and init name the file they wrote, and the file they will not replace,
    escaped."""
    target = str(tmp_path / (HOSTILE + ".yaml"))
    first = _run(*args, target)
    assert first.returncode == 0, first
    _assert_no_escape(first)
    again = _run(*args, target)
    assert again.returncode == 1
    _assert_no_escape(again)
    assert b"already exists" in again.stderr


def test_hostile_page_name_in_import(tmp_path: Path) -> None:
    """import names its page and its draft escaped, on stdout's header and on stderr."""
    page = write(
        tmp_path,
        HOSTILE + ".html",
        "<html><head><title>Learning</title></head><body><h1>Learning</h1>"
        "<h2>Think family</h2><ul><li>Consider the whole family.</li></ul></body></html>",
    )
    for args in (["import", str(page)], ["import", str(page), "-o", str(page) + ".yaml"]):
        done = _run(*args)
        assert done.returncode == 0, done
        _assert_no_escape(done)
    missing = _run("import", str(page) + ".missing")
    assert missing.returncode == 1
    _assert_no_escape(missing)
