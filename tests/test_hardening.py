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


# Writing files: --force replaces regular files only; devices and pipes are streamed into.

PAGE = (
    "<html><head><title>Learning</title></head><body><h1>Learning</h1>"
    "<h2>Think family</h2><ul><li>Consider the whole family.</li></ul></body></html>"
)


def _writers(tmp_path: Path, target: Path) -> list[list[str]]:
    """export, init and import, each writing to TARGET with --force."""
    page = write(tmp_path, "page.html", PAGE)
    return [
        ["export", "--format", "markdown", "--force", "-o", str(target)],
        ["init", "--force", str(target)],
        ["import", str(page), "--force", "-o", str(target)],
    ]


def test_force_streams_into_a_fifo_and_leaves_it_a_fifo(tmp_path: Path) -> None:
    """export --force -o FIFO, init --force FIFO and import --force -o FIFO write through the
    pipe to its reader; the pipe is still a pipe afterwards."""
    import stat

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for args in _writers(tmp_path, fifo):
        reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
        done = _run(*args)
        received, _ = reader.communicate(timeout=30)
        assert done.returncode == 0, done
        assert received.strip(), args
        assert stat.S_ISFIFO(fifo.lstat().st_mode), args


def test_force_never_replaces_a_character_device(tmp_path: Path) -> None:
    """A character device given to --force (a copy of /dev/null) stays a device."""
    import stat

    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, AttributeError):
        pytest.skip("making a device node needs root")
    for args in _writers(tmp_path, device):
        done = _run(*args)
        assert done.returncode == 0, done
        assert stat.S_ISCHR(device.lstat().st_mode), args


def test_dev_stdout_streams_without_force() -> None:
    """-o /dev/stdout is no "existing file": the export goes to stdout."""
    if not os.path.exists("/dev/stdout"):
        pytest.skip("no /dev/stdout here")
    done = _run("export", "--format", "markdown", "-o", "/dev/stdout")
    assert done.returncode == 0, done
    assert done.stdout.startswith(b"# Key messages from learning reviews\n")


def test_force_refuses_a_socket(tmp_path: Path) -> None:
    """A socket is neither a file nor a stream: refused with a clear error, left in place."""
    import socket
    import stat

    path = tmp_path / "sock"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        for args in _writers(tmp_path, path):
            done = _run(*args)
            assert done.returncode == 1, done
            assert b"it is a socket, not a file, and learnref replaces only files." in done.stderr
            assert stat.S_ISSOCK(path.lstat().st_mode)
    finally:
        server.close()


def test_force_refuses_a_folder(tmp_path: Path) -> None:
    """A folder given as the output is refused, with or without --force."""
    folder = tmp_path / "folder"
    folder.mkdir()
    for args in _writers(tmp_path, folder):
        done = _run(*args)
        assert done.returncode == 1, done
        assert b"it is a folder." in done.stderr


def test_force_replaces_an_unreadable_file(tmp_path: Path) -> None:
    """An existing file nobody may read is replaced with --force (and keeps its mode)."""
    target = tmp_path / "locked.md"
    for args in _writers(tmp_path, target):
        target.write_text("old")
        target.chmod(0)
        done = _run(*args)
        assert done.returncode == 0, done
        target.chmod(0o600)
        assert target.read_text(encoding="utf-8") != "old"


# The environment: odd values are capped or ignored with one warning line, never a traceback.


@pytest.mark.parametrize(
    ("value", "warning"),
    [
        (
            "99999999999999999999",
            "COLUMNS=99999999999999999999 is more than learnref lays out; using 1000.",
        ),
        ("10000000", "COLUMNS=10000000 is more than learnref lays out; using 1000."),
        ("1e12", "COLUMNS=1e12 is not a whole number from 1 to 1000; ignored."),
        ("9" * 5000, f"COLUMNS={'9' * 24} is more than learnref lays out; using 1000."),
    ],
)
@pytest.mark.parametrize("fmt", ["rich", "text"])
def test_bad_columns_warn_once_and_stay_fast(value: str, warning: str, fmt: str) -> None:
    """COLUMNS too wide or not a number: one warning line, output at most 1000 wide, fast."""
    import time

    start = time.monotonic()
    done = _run("--color", "never", "list", "--format", fmt, env={"COLUMNS": value})
    assert time.monotonic() - start < 10
    assert done.returncode == 0, done
    assert done.stderr.decode() == f"learnref: warning: {warning}\n"
    assert max(len(line) for line in done.stdout.decode().splitlines()) <= 1000


@pytest.mark.parametrize("value", ["99999999999999999999", "253402300800", "-1", "9" * 5000])
def test_bad_source_date_epoch_warns_and_uses_today(tmp_path: Path, value: str) -> None:
    """A SOURCE_DATE_EPOCH past the year 9999 or not a number: today's date, one warning."""
    import datetime as dt

    out = tmp_path / "out.html"
    done = _run("export", "--format", "html", "-o", str(out), env={"SOURCE_DATE_EPOCH": value})
    assert done.returncode == 0, done
    warning, written = done.stderr.decode().splitlines()
    assert warning.startswith("learnref: warning: SOURCE_DATE_EPOCH=")
    assert warning.endswith(
        "is not a time learnref can use (whole seconds since 1970, before the year 10000); "
        "using today's date."
    )
    assert written.startswith("Wrote ")
    assert f'<time datetime="{dt.date.today().isoformat()}">' in out.read_text(encoding="utf-8")


def test_last_source_date_epoch_is_used() -> None:
    """The last second of 9999 is a date learnref can export."""
    done = _run("export", "--format", "html", env={"SOURCE_DATE_EPOCH": "253402300799"})
    assert done.returncode == 0, done
    assert b'<time datetime="9999-12-31">' in done.stdout
    assert done.stderr == b""


# Runs learnref as a user the system does not know (no passwd entry), with HOME unset.
NO_HOME = """
import os, pwd, sys
def unknown(uid):
    raise KeyError(uid)
pwd.getpwuid = unknown
os.environ.pop("HOME", None)
from learnref.__main__ import main
main()
"""
NO_HOME_WARNING = (
    "learnref: warning: there is no home folder (HOME is not set and this user has no entry "
    "in the system's list of users): your own briefings are not read, and nothing is cached.\n"
)


@pytest.mark.parametrize(
    "args", [["list"], ["search", "chronology"], ["info"], ["info", "--format", "json"]]
)
def test_no_home_folder_warns_once_and_works(tmp_path: Path, args: list[str]) -> None:
    """Without HOME and without a passwd entry, learnref reads the bundled briefing, keeps
    its cache in memory and says why once."""
    import sys

    env = {
        name: value
        for name, value in os.environ.items()
        if name
        not in ("HOME", "LEARNREF_CACHE_DIR", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME")
    }
    done = subprocess.run(
        [sys.executable, "-c", NO_HOME, *args],
        env=env,
        capture_output=True,
        timeout=60,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done
    assert done.stderr.decode() == NO_HOME_WARNING
    assert list(tmp_path.iterdir()) == []
    if args[0] == "info":
        assert b"(none: there is no home folder)" in done.stdout or b'"path": null' in done.stdout
