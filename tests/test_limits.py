"""Limits where no real briefing file goes, invisible characters and UTF-16 files: each a
located error from validate, and nothing a file or a query holds makes a command slow."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from learnref.commands import capped_query
from learnref.limits import MAX_LINE_CHARS

from .briefing_files import GOOD, briefing, write
from .runner import installed


def _validate(tmp_path: Path, text: str | bytes) -> tuple[int, str]:
    path = write(tmp_path, "file.yaml", text)
    done = installed("validate", str(path))
    assert b"Traceback" not in done.stderr
    return done.returncode, (done.stdout + done.stderr).decode("utf-8")


def _with_theme_lines(*lines: str) -> str:
    """GOOD with LINES added to its theme."""
    return GOOD + "".join(f"        {line}\n" for line in lines)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            briefing(messages=("a" * 2001,)),
            ":11:13: error: message 1 of theme `test-theme` is 2,001 characters long; a key "
            "message is a sentence or two, and learnref refuses more than 2,000 "
            "(see docs/security.md)",
        ),
        (
            GOOD.replace("title: Test briefing", "title: " + "t" * 2001),
            ":4:12: error: the `title` of briefing `test-2024-01-briefing` is 2,001 characters "
            "long; one line of text is a sentence or two, and learnref refuses more than 2,000",
        ),
        (
            _with_theme_lines("note: " + "n" * 20_001),
            ":12:15: error: the `note` of theme `test-theme` is 20,001 characters long; a "
            "summary or note is a few paragraphs, and learnref refuses more than 20,000",
        ),
        (
            _with_theme_lines("aliases: [" + ", ".join(f"a{n}" for n in range(51)) + "]"),
            ":12:18: error: the `aliases` of theme `test-theme` has 51 items; learnref reads "
            "at most 50 (a limit no real briefing file reaches; see docs/security.md)",
        ),
        (
            _with_theme_lines("tags: [" + ", ".join(f"t{n}" for n in range(51)) + "]"),
            ":12:15: error: the `tags` of theme `test-theme` has 51 items; "
            "learnref reads at most 50",
        ),
        (
            GOOD + "glossary:\n" + "".join(f"  T{n}: term {n}\n" for n in range(5001)),
            ":13:3: error: `glossary` has 5,001 terms; learnref reads at most 5,000 "
            "(a limit no real glossary reaches; see docs/security.md)",
        ),
    ],
)
def test_limits_are_located_errors(tmp_path: Path, text: str, expected: str) -> None:
    """Past each limit, validate fails with FILE:LINE:COLUMN and says the limit."""
    code, output = _validate(tmp_path, text)
    assert code == 1, output
    assert expected in output


def test_ten_thousand_briefings_is_the_limit(tmp_path: Path) -> None:
    """More than 10,000 briefings in one file is a located error."""
    body = "".join(
        f"  - id: b-{n}\n    title: B\n    publisher: P\n    published: 2024-01-31\n"
        f"    url: https://example.org/\n    themes: [{{title: T, messages: [m]}}]\n"
        for n in range(10_001)
    )
    code, output = _validate(tmp_path, "version: 1\nbriefings:\n" + body)
    assert code == 1
    assert ":3:3: error: `briefings` has 10,001 items; learnref reads at most 10,000" in output


def test_the_longest_allowed_message_passes_with_a_warning(tmp_path: Path) -> None:
    """2,000 characters is allowed: only the long-message warning."""
    code, output = _validate(tmp_path, briefing(messages=("a" * MAX_LINE_CHARS,)))
    assert code == 0, output
    assert "is 2000 characters long (over 600)" in output


@pytest.mark.parametrize(
    ("char", "name"),
    [
        ("\u202e", "a right-to-left override (U+202E)"),
        ("\u202a", "a left-to-right embedding (U+202A)"),
        ("\u2066", "a left-to-right isolate (U+2066)"),
        ("\u2069", "a pop directional isolate (U+2069)"),
        ("\u200b", "a zero-width space (U+200B)"),
        ("\u2060", "a word joiner (U+2060)"),
        ("\ufeff", "a byte-order mark (U+FEFF)"),
        ("\u2028", "a line separator (U+2028)"),
        ("\u2029", "a paragraph separator (U+2029)"),
    ],
)
@pytest.mark.parametrize("field", ["message", "title", "note"])
def test_invisible_characters_are_located_errors(
    tmp_path: Path, char: str, name: str, field: str
) -> None:
    """Bidi controls, zero-width characters and Unicode line separators are refused, in
    one-line fields and in notes alike."""
    text = {
        "message": GOOD.replace("Fixture message", f"Fixture{char} message"),
        "title": GOOD.replace("title: Test briefing", f'title: "Test{char} briefing"'),
        "note": _with_theme_lines(f'note: "A{char} note"'),
    }[field]
    code, output = _validate(tmp_path, text)
    assert code == 1, output
    assert f"contains {name}, an invisible character" in output
    assert char not in output


@pytest.mark.parametrize("text", ["👨\u200d👩\u200d👧 family", "می\u200cخواهم", "क्\u200dष"])
def test_joiners_inside_words_are_allowed(tmp_path: Path, text: str) -> None:
    """A zero-width joiner in an emoji sequence or an Indic word, and a non-joiner in a
    Persian word, are real writing."""
    code, output = _validate(tmp_path, briefing(messages=(text,)))
    assert code == 0, output


@pytest.mark.parametrize("text", ["\u200dword", "word\u200c", "a \u200d b"])
def test_joiners_at_a_word_edge_are_refused(tmp_path: Path, text: str) -> None:
    """A joiner beside a space or at the end joins nothing: refused."""
    code, output = _validate(tmp_path, briefing(messages=(text,)))
    assert code == 1
    assert "outside a word" in output


@pytest.mark.parametrize(
    ("encoding", "name"),
    [
        ("utf-16", "UTF-16"),
        ("utf-16-le", "UTF-16"),
        ("utf-16-be", "UTF-16"),
        ("utf-32", "UTF-32"),
        ("utf-32-le", "UTF-32"),
    ],
)
def test_utf16_and_utf32_files_are_named(tmp_path: Path, encoding: str, name: str) -> None:
    """A file saved as Windows Notepad's "Unicode" is called that, with how to fix it."""
    code, output = _validate(tmp_path, GOOD.encode(encoding))
    assert code == 1
    assert (
        f':1:1: error: this file is {name} text (Windows Notepad\'s "Unicode"); save it as '
        "UTF-8: in Notepad, File > Save As, then Encoding: UTF-8"
    ) in output


def test_a_binary_file_is_still_not_text(tmp_path: Path) -> None:
    """Bytes that are not wide text keep the "not a text file" message."""
    code, output = _validate(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert code == 1
    assert "this is not a text file" in output


# Speed: nothing a file or a query holds makes a command slow.


def _timed(*args: str, data: Path | None = None) -> tuple[float, int]:
    start = time.monotonic()
    done = installed(*args, data=data)
    assert b"Traceback" not in done.stderr
    return time.monotonic() - start, done.returncode


def test_a_one_megabyte_message_is_refused_quickly(tmp_path: Path) -> None:
    """A 1 MB message is refused by validate and, in LEARNREF_DATA, by search, fast."""
    path = write(tmp_path, "huge.yaml", briefing(messages=("risk " * 200_000,)))
    seconds, code = _timed("validate", str(path))
    assert code == 1
    assert seconds < 2
    done = installed("search", "risk", env={"LEARNREF_DATA": str(path)})
    assert done.returncode == 1
    assert b"refuses more than 2,000" in done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["search", "risk"],
        ["search", "risk", "--format", "markdown"],
        ["show", "test-theme", "--format", "rich"],
        ["show", "test-theme", "--format", "text"],
        ["random", "--format", "rich"],
        ["export", "--format", "html"],
    ],
)
def test_the_longest_allowed_messages_stay_fast(tmp_path: Path, args: list[str]) -> None:
    """A theme of twenty 2,000-character messages full of the query word: under 2 s."""
    messages = tuple("risk " * 399 + f"r{n}" for n in range(20))
    path = write(tmp_path, "long.yaml", briefing(messages=messages))
    seconds, code = _timed(*args, data=path)
    assert code == 0
    assert seconds < 2


def test_a_query_of_two_thousand_stop_words_is_quick() -> None:
    """Only the first 200 words of a query are read: 2,000 common words answer at once."""
    query = " ".join(["the", "and", "of", "to", "a"] * 400)
    seconds, code = _timed("search", query)
    assert code == 1
    assert seconds < 5


def test_a_long_query_of_real_words_is_quick() -> None:
    """2,000 different words, on one line or one per line: quick."""
    words = [f"word{n}" for n in range(2000)]
    for query in (" ".join(words), "\n".join(words)):
        seconds, _ = _timed("search", query)
        assert seconds < 5


@pytest.mark.parametrize(
    ("query", "capped"),
    [
        ("chronology", "chronology"),
        ("a  b", "a  b"),
        (" ".join(["w"] * 201), " ".join(["w"] * 200)),
        ("x" * 2001, "x" * 2000),
        ("\n".join(["w"] * 300), " ".join(["w"] * 200)),
    ],
)
def test_capped_query(query: str, capped: str) -> None:
    """Short queries are left alone; long ones are cut to 200 words and 2,000 characters."""
    assert capped_query(query) == capped


# Small things.


def test_validate_of_an_empty_path_is_a_usage_error() -> None:
    """validate '' does not check the current folder."""
    done = installed("validate", "")
    assert done.returncode == 2
    assert b"the path is empty; give a file or a folder." in done.stderr


def test_data_of_an_empty_path_is_a_usage_error() -> None:
    """--data '' is refused the same way."""
    done = installed("--data", "", "list")
    assert done.returncode == 2
    assert b"the path is empty" in done.stderr


@pytest.mark.parametrize("option", ["--briefing", "--theme"])
def test_empty_filters_are_errors(option: str) -> None:
    """search --briefing '' and --theme '' are both errors, never a dropped filter."""
    done = installed("search", "chronology", option, "")
    assert done.returncode == 1
    assert done.stderr.startswith(b"No briefing ''." if option == "--briefing" else b"No theme ''.")


def test_url_check_is_case_insensitive(tmp_path: Path) -> None:
    """HTTPS:// in capitals is a web address: no warning, and the export links it."""
    text = GOOD.replace("https://example.org/test", "HTTPS://Example.org/test")
    code, output = _validate(tmp_path, text)
    assert code == 0
    assert "warning" not in output
    done = installed("export", "--format", "html", data=write(tmp_path, "u.yaml", text))
    assert b'<a href="HTTPS://Example.org/test">' in done.stdout


def test_a_theme_of_ten_thousand_and_one_messages_is_refused(tmp_path: Path) -> None:
    """Lists of themes, messages, questions and resources stop at 10,000 items."""
    code, output = _validate(tmp_path, briefing(messages=tuple(f"m{n}" for n in range(10_001))))
    assert code == 1
    assert "error: the `messages` of theme `test-theme` has 10,001 items" in output


# The same rules in-process, one function at a time.


def test_limit_functions_in_process() -> None:
    """text_problem, list_problem, glossary_problem and wide_encoding on their own."""
    from learnref import limits

    assert limits.text_problem("fine", "message 1 of theme `t`", block=False) is None
    assert "a key message is a sentence or two" in (
        limits.text_problem("a" * 2001, "message 1 of theme `t`", block=False) or ""
    )
    assert "a few paragraphs" in (
        limits.text_problem("a" * 20_001, "the `note` of theme `t`", block=True) or ""
    )
    assert "right-to-left override" in (
        limits.text_problem("a\u202eb", "the `title`", block=False) or ""
    )
    assert limits.text_problem("a\u200db", "the `title`", block=False) is None
    assert limits.list_problem(50, "the `aliases` of theme `t`") is None
    assert limits.list_problem(51, "the `aliases` of theme `t`")
    assert limits.list_problem(10**6, "a list with no name") is None
    assert limits.glossary_problem(5000) is None
    assert limits.glossary_problem(5001)
    assert limits.wide_encoding(GOOD.encode("utf-16-le")) == "UTF-16"
    assert limits.wide_encoding(GOOD.encode("utf-32-be")) == "UTF-32"
    assert limits.wide_encoding(GOOD.encode("utf-8")) is None
    assert limits.wide_encoding(b"a\x00") is None


def test_validate_in_process(run: Any, tmp_path: Path) -> None:
    """validate through the CLI runner reports limits and wide encodings."""
    long = write(tmp_path, "long.yaml", briefing(messages=("a" * 2001,)))
    wide = write(tmp_path, "wide.yaml", GOOD.encode("utf-16"))
    many = write(
        tmp_path, "many.yaml", GOOD + "glossary:\n" + "".join(f"  T{n}: t\n" for n in range(5001))
    )
    tags = write(
        tmp_path,
        "tags.yaml",
        _with_theme_lines("tags: [" + ", ".join(f"t{n}" for n in range(51)) + "]"),
    )
    result = run("validate", str(long), str(wide), str(many), str(tags))
    assert result.exit_code == 1
    for expected in ("refuses more than 2,000", "UTF-16 text", "5,001 terms", "51 items"):
        assert expected in result.stderr


def test_environment_values_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """terminal_size caps and ignores COLUMNS with one warning each; no home folder gives
    None folders and one warning."""
    from learnref import paths
    from learnref.render import console

    monkeypatch.setattr(console, "_warned", set())
    warnings: list[str] = []
    monkeypatch.setattr(console, "write_error", warnings.append)
    monkeypatch.setenv("COLUMNS", "99999999")
    monkeypatch.setenv("LINES", "x")
    assert console.terminal_size() == (1000, 25)
    assert console.terminal_size() == (1000, 25)
    assert len(warnings) == 2
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.delenv("HOME", raising=False)

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    assert paths.folder_or_none(paths.user_data_dir) is None
    assert paths.folder_or_none(paths.cache_dir) is not None  # LEARNREF_CACHE_DIR is set
    with pytest.raises(paths.NoHomeError):
        paths.subscriptions_dir()
    assert warnings[-1].startswith("learnref: warning: there is no home folder")
