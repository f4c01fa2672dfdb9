"""Bad briefing files: each is reported with its position, and none causes a traceback."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from .briefing_files import GOOD, briefing, write
from .conftest import Runner

SUMMARY_ONE = "1 error in 1 file; fix it and run learnref validate again.\n"


def _summary(errors: int) -> str:
    return f"{errors} errors in 1 file; fix them and run learnref validate again.\n"


def check(run: Runner, path: Path, *lines: str) -> None:
    """`validate PATH` fails with exactly these error lines (PATH prefixed) and a summary."""
    result = run("validate", str(path))
    assert result.exit_code == 1, result
    assert result.stdout == ""
    expected = "".join(f"{path}{line}\n" for line in lines)
    summary = SUMMARY_ONE if len(lines) == 1 else _summary(len(lines))
    assert result.stderr == expected + summary


def case(case_id: str, name: str, text: str | bytes | None, *lines: str) -> object:
    """One row of the table: a file NAME holding TEXT (None: no file) and its error lines."""
    return pytest.param(name, text, lines, id=case_id)


# Each row: what the file is, its name and content, and the exact error lines after its path.
BAD_FILES = [
    # A path that does not exist is named, with no line number.
    case("missing-file", "missing.yaml", None, ": error: no such file or directory"),
    # A file of blank lines is empty, and the message says how to start one.
    case(
        "blank-file",
        "blank.yaml",
        "\n  \n",
        ":1:1: error: the file is empty; start from `learnref init FILE`",
    ),
    # A 0-byte file gets the same message as a blank one.
    case(
        "zero-byte-file",
        "zero.yaml",
        b"",
        ":1:1: error: the file is empty; start from `learnref init FILE`",
    ),
    # A file with only comments holds no data.
    case(
        "comments-only",
        "comments.yaml",
        "# nothing yet\n",
        ":1:1: error: the file holds no data, only comments",
    ),
    # A list at the top instead of a mapping is explained in the format's own terms.
    case(
        "top-level-list",
        "list.yaml",
        "- id: x\n  title: y\n",
        ":1:1: error: the file should be a mapping starting with `version: 1` and "
        "`briefings:`, not a list",
    ),
    # A file that is one line of text is not a mapping.
    case(
        "top-level-text",
        "text.yaml",
        "hello\n",
        ":1:1: error: the file should be a mapping of `key: value` lines, not text",
    ),
    # Another format version stops the check there: the rest cannot be judged.
    case(
        "version-2",
        "v2.yaml",
        GOOD.replace("version: 1", "version: 2"),
        ":1:10: error: unsupported data format version '2'; this learnref reads version 1 "
        "(write `version: 1`)",
    ),
    # `version: "1"` is the right version written as text: say to drop the quotes.
    case(
        "quoted-version",
        "v1.yaml",
        GOOD.replace("version: 1", 'version: "1"'),
        ":1:10: error: `version` should be the number 1, without quotes",
    ),
    # A missing required key is reported at the briefing that lacks it.
    case(
        "missing-required-key",
        "nokey.yaml",
        GOOD.replace("    publisher: Test Partnership\n", ""),
        ":3:5: error: briefing `test-2024-01-briefing` is missing the required key `publisher`",
    ),
    # `title: 42` is a number to YAML: reject it with a hint to quote it.
    case(
        "title-is-a-number",
        "num.yaml",
        GOOD.replace("title: Test briefing", "title: 42"),
        ":4:12: error: the `title` of briefing `test-2024-01-briefing` should be text, but "
        'YAML read a number; put it in quotes: "42"',
    ),
    # `messages: "one string"` is not a list.
    case(
        "messages-is-one-string",
        "str.yaml",
        GOOD.replace('messages:\n          - "Fixture message one."', 'messages: "one string"'),
        ":10:19: error: the `messages` of theme `test-theme` should be a list (lines starting "
        "with `- `), not text",
    ),
    # `no`, `12:30` and `010` are not text in YAML 1.1: each is reported with a hint to quote.
    case(
        "yaml-1.1-surprises",
        "yaml11.yaml",
        GOOD.replace("title: Test briefing", "title: 12:30")
        .replace("publisher: Test Partnership", "publisher: no")
        .replace("url: https://example.org/test", "url: 010"),
        ":4:12: error: the `title` of briefing `test-2024-01-briefing` should be text, but "
        'YAML read a number; put it in quotes: "12:30"',
        ":5:16: error: the `publisher` of briefing `test-2024-01-briefing` should be text, but "
        'YAML read a true/false value; put it in quotes: "no"',
        ":7:10: error: the `url` of briefing `test-2024-01-briefing` should be text, but "
        'YAML read a number; put it in quotes: "010"',
    ),
    # An unquoted `published: 12/09/2023` is rejected with the ISO form to use.
    case(
        "published-with-slashes",
        "date.yaml",
        GOOD.replace("2024-01-31", "12/09/2023"),
        ":6:16: error: the `published` date of briefing `test-2024-01-briefing` should be "
        "written YYYY-MM-DD (12 September 2023 is 2023-09-12), not '12/09/2023'",
    ),
    # A misspelt key is rejected with the key it probably means.
    case(
        "unknown-key-suggests",
        "typo.yaml",
        GOOD.replace("        messages:", "        mesages:"),
        ":9:9: error: theme `test-theme` of briefing `test-2024-01-briefing` is missing the "
        "required key `messages`",
        ":10:9: error: unknown key `mesages` in theme `test-theme` of briefing "
        "`test-2024-01-briefing`; did you mean `messages`?",
    ),
    # A key given twice is an error naming the first line (PyYAML would keep the last).
    case(
        "duplicate-keys",
        "dupkey.yaml",
        GOOD.replace("    title: Test briefing\n", "    title: Test briefing\n    title: Two\n"),
        ":5:5: error: duplicate key `title` in briefing `test-2024-01-briefing` (first on line 4)",
    ),
    # Two themes of one briefing with the same slug are an error at the second.
    case(
        "duplicate-theme-slugs",
        "dupslug.yaml",
        GOOD + '      - title: Test theme\n        messages: ["x"]\n',
        ":12:9: error: briefing `test-2024-01-briefing` has two themes with the slug "
        "`test-theme` (first on line 9); merge them, or give one another `slug:`",
    ),
    # A briefing id used twice in one file is an error at the second.
    case(
        "duplicate-briefing-ids-in-one-file",
        "twice.yaml",
        GOOD + GOOD.split("briefings:\n")[1],
        ":12:5: error: briefing id `test-2024-01-briefing` is used twice in this file "
        "(first on line 3); give each briefing its own id",
    ),
    # Anchors and aliases are each reported where they are written.
    case(
        "anchors-and-aliases",
        "alias.yaml",
        GOOD.replace("publisher: Test Partnership", "publisher: &who Test Partnership").replace(
            '- "Fixture message one."', "- *who"
        ),
        ":5:16: error: YAML anchors (&who) are not allowed; write the text out in full",
        ":11:13: error: YAML aliases (*who) are not allowed; write the text out in full",
    ),
    # Absurdly deep brackets stop at the parser's depth limit with a position.
    case(
        "deep-nesting",
        "deep.yaml",
        "[" * 100_000,
        ":1:1001: error: YAML: exceeded maximum nesting depth",
    ),
    # A tab used for indentation is pointed at, with the fix.
    case(
        "tab-indented",
        "tabs.yaml",
        GOOD.replace("  - id:", "\t- id:"),
        ":3:1: error: YAML: found character that cannot start any token; "
        "indent with spaces, not tabs",
    ),
    # A file saved as Latin-1 is located at its first non-UTF-8 byte.
    case(
        "latin-1-file",
        "latin1.yaml",
        GOOD.replace("Fixture message one.", "Café - don't assume: cafés").encode("latin-1"),
        ":11:17: error: the file is not UTF-8 text (byte 0xe9); save it with UTF-8 encoding",
    ),
    # A binary file (here a PNG header) is named as not text.
    case(
        "binary-file",
        "image.yaml",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        ":1:1: error: this is not a text file; briefing files are YAML text",
    ),
    # A control character in a message (escaped in quotes) is rejected with its code.
    case(
        "control-character",
        "bell.yaml",
        GOOD.replace("Fixture message", "Fixture\\u0007 message"),
        ":11:13: error: message 1 of theme `test-theme` contains the control character U+0007, "
        "which is not text; delete it (it often comes from copying out of a PDF or Word)",
    ),
    # A key message is one line: an escaped line break in one is an error.
    case(
        "line-break-in-a-message",
        "nl.yaml",
        GOOD.replace("Fixture message", "Fixture\\nmessage"),
        ":11:13: error: message 1 of theme `test-theme` contains a line break; it should be one "
        "line of text (only `summary` and `note` may have several)",
    ),
    # A theme with no messages and no note is an error that says what to add.
    case(
        "empty-messages-need-a-note",
        "nomsg.yaml",
        GOOD.replace('messages:\n          - "Fixture message one."', "messages: []"),
        ":10:19: error: theme `test-theme` has no messages; add a `note:` saying why "
        "(for example, that the source gives none)",
    ),
]


@pytest.mark.parametrize(("name", "text", "lines"), BAD_FILES)
def test_bad_file(
    run: Runner, tmp_path: Path, name: str, text: str | bytes | None, lines: tuple[str, ...]
) -> None:
    """`validate` names each bad file's problems at their line and column, and exits 1."""
    path = tmp_path / name if text is None else write(tmp_path, name, text)
    check(run, path, *lines)


def test_directory_without_yaml(run: Runner, tmp_path: Path) -> None:
    """A directory holding no *.yaml or *.yml file is an error, not silently nothing."""
    write(tmp_path / "notes", "briefing.txt", GOOD)
    check(run, tmp_path / "notes", ": error: no briefing files (*.yaml or *.yml) in this directory")


def test_duplicate_briefing_ids_across_files(run: Runner, tmp_path: Path) -> None:
    """The same briefing id in two files fails the second, naming where the first is."""
    first = write(tmp_path, "a.yaml", GOOD)
    second = write(tmp_path, "b.yaml", GOOD)
    result = run("validate", str(first), str(second))
    assert result.exit_code == 1
    assert result.stdout == f"{first}: OK (1 briefing, 1 theme, 1 message)\n"
    assert result.stderr == (
        f"{second}:3:9: error: briefing `test-2024-01-briefing` is already loaded from "
        f"{first}:3:9, and this file holds the same briefing: remove one of the two copies\n"
        "1 error in 1 of 2 files; fix it and run learnref validate again.\n"
    )


def test_billion_laughs(run: Runner, tmp_path: Path) -> None:
    """A nested alias bomb inside the messages is refused quickly, without expanding it."""
    lines = GOOD.splitlines()[:-1]
    lines.append('          - &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]')
    for level in range(1, 10):
        lines.append(f"          - &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    path = write(tmp_path, "lol.yaml", "\n".join(lines) + "\n")
    began = time.perf_counter()
    result = run("validate", str(path))
    assert time.perf_counter() - began < 5
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    assert errors[0] == (
        f"{path}:11:13: error: YAML anchors (&a0) are not allowed; write the text out in full"
    )
    assert errors[1] == (
        f"{path}:11:13: error: message 1 of theme `test-theme` should be text, but YAML read a list"
    )
    assert (
        f"{path}:12:18: error: YAML aliases (*a0) are not allowed; write the text out in full"
        in errors
    )
    assert errors[-1].endswith("errors in 1 file; fix them and run learnref validate again.")


def test_bom_and_crlf_load_fine(run: Runner, tmp_path: Path) -> None:
    """A UTF-8 file with a byte-order mark and Windows line endings is valid and loads."""
    path = write(tmp_path, "windows.yaml", ("\ufeff" + GOOD).replace("\n", "\r\n").encode())
    result = run("validate", str(path))
    assert result.exit_code == 0, result
    assert result.stdout == f"{path}: OK (1 briefing, 1 theme, 1 message)\n"
    shown = run("--data", str(path), "show", "test-theme")
    assert shown.exit_code == 0, shown
    assert "1. Fixture message one.\n" in shown.stdout


def test_file_over_the_size_limit(run: Runner, tmp_path: Path) -> None:
    """A 60 MB file is refused before it is read, with the limit and what to do."""
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(60 * 1024 * 1024)  # sparse: costs no disk or time
    check(
        run,
        path,
        ": error: the file is 60.0 MB, over the 32 MB limit for one briefing file; "
        "split it into several files",
    )


def test_unreadable_file(run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file that cannot be read is named with the reason (permission denied is simulated,
    since the tests may run as root, who can read anything)."""
    path = write(tmp_path, "secret.yaml", GOOD)
    real = Path.read_bytes

    def deny(self: Path) -> bytes:
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", deny)
    check(run, path, ": error: cannot read the file: permission denied")


@pytest.mark.skipif(os.name == "nt", reason="symlinks need privileges on Windows")
def test_symlink_loop_in_directory(run: Runner, tmp_path: Path) -> None:
    """A symlink loop in a data directory is reported; the directory's good file still passes."""
    directory = tmp_path / "briefings"
    good = write(directory, "a.yaml", GOOD)
    (directory / "loop.yaml").symlink_to(directory / "loop.yaml")
    (directory / "sub").symlink_to(directory)  # a directory loop is not read at all
    result = run("validate", str(directory))
    assert result.exit_code == 1
    assert result.stdout == f"{good}: OK (1 briefing, 1 theme, 1 message)\n"
    assert result.stderr == (
        f"{directory / 'loop.yaml'}: error: cannot read the file: too many levels of symbolic "
        "links\n1 error in 1 of 2 files; fix it and run learnref validate again.\n"
    )


def test_bad_data_file_stops_the_command(run: Runner, tmp_path: Path) -> None:
    """A bad file named with --data stops `list` with exit 1 and the same located errors."""
    path = write(tmp_path, "bad.yaml", GOOD.replace("2024-01-31", "12/09/2023"))
    result = run("--data", str(path), "list")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"{path}:6:16: error: the `published` date of briefing `test-2024-01-briefing` should be "
        "written YYYY-MM-DD (12 September 2023 is 2023-09-12), not '12/09/2023'\n"
        f"Fix the file, then check with: learnref validate {path}\n"
    )


def test_bad_file_in_learnref_data_stops_the_command(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bad file in a LEARNREF_DATA directory stops `search` with the located error."""
    directory = tmp_path / "shared"
    write(directory, "good.yaml", briefing("test-good"))
    bad = write(directory, "bad.yaml", "version: 1\nbriefings: []\n")
    monkeypatch.setenv("LEARNREF_DATA", str(directory))
    result = run("search", "fixture")
    assert result.exit_code == 1
    assert result.stderr == (
        f"{bad}:2:12: error: `briefings` is empty; add at least one briefing\n"
        f"Fix the file, then check with: learnref validate {bad}\n"
    )


def test_missing_data_path_stops_the_command(run: Runner, tmp_path: Path) -> None:
    """A --data path that does not exist is an error saying where it was given."""
    result = run("--data", str(tmp_path / "nope.yaml"), "list")
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"{tmp_path / 'nope.yaml'}: error: no such file or directory (given with --data)\n"
    )


def test_messages_of_one_line_may_be_folded(run: Runner, tmp_path: Path) -> None:
    """A long message folded over several lines with `>` is one line, without a trailing break."""
    text = GOOD.replace(
        '- "Fixture message one."', "- >\n            Fixture message\n            one."
    )
    path = write(tmp_path, "folded.yaml", text)
    result = run("--data", str(path), "show", "test-theme")
    assert result.exit_code == 0, result
    assert "\n1. Fixture message one.\n\nSource:" in result.stdout
