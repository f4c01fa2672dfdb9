"""`learnref validate`: one OK line per valid file, every problem located, warnings, --strict."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .briefing_files import GOOD, briefing, write
from .conftest import ROOT, Runner

LONG = "x" * 601


def test_valid_files_print_ok(run: Runner, tmp_path: Path) -> None:
    """Each valid file gets one OK line with its counts; exit 0 and nothing on stderr."""
    first = write(tmp_path, "a.yaml", briefing("a", messages=("One.", "Two.")))
    second = write(tmp_path, "b.yml", briefing("b"))
    result = run("validate", str(first), str(second))
    assert result.exit_code == 0, result
    assert result.stdout == (
        f"{first}: OK (1 briefing, 1 theme, 2 messages)\n"
        f"{second}: OK (1 briefing, 1 theme, 1 message)\n"
    )
    assert result.stderr == ""


def test_bundled_file_validates(run: Runner) -> None:
    """The bundled data file passes, even with --strict."""
    path = ROOT / "data" / "briefings.yaml"
    result = run("validate", "--strict", str(path))
    assert result.exit_code == 0, result
    assert result.stdout == f"{path}: OK (1 briefing, 3 themes, 8 messages)\n"


def test_directory_is_expanded(run: Runner, tmp_path: Path) -> None:
    """A directory stands for its *.yaml and *.yml files, by name; others are ignored."""
    write(tmp_path / "d", "b.yaml", briefing("b"))
    write(tmp_path / "d", "a.yml", briefing("a"))
    write(tmp_path / "d", "readme.txt", "hello")
    result = run("validate", str(tmp_path / "d"))
    assert result.exit_code == 0, result
    assert result.stdout == (
        f"{tmp_path / 'd' / 'a.yml'}: OK (1 briefing, 1 theme, 1 message)\n"
        f"{tmp_path / 'd' / 'b.yaml'}: OK (1 briefing, 1 theme, 1 message)\n"
    )


def test_every_problem_in_one_run(run: Runner, tmp_path: Path) -> None:
    """Problems in several files are all reported, in line order, with a summary."""
    good = write(tmp_path, "good.yaml", GOOD)
    text = GOOD.replace("publisher: Test Partnership", "publisher: yes").replace(
        "url: https://example.org/test", "ur1: https://example.org/test"
    )
    bad = write(tmp_path, "bad.yaml", text)
    result = run("validate", str(bad), str(good))
    assert result.exit_code == 1
    assert result.stdout == f"{good}: OK (1 briefing, 1 theme, 1 message)\n"
    assert result.stderr == (
        f"{bad}:3:5: warning: briefing `test-2024-01-briefing` has no `url`; readers cannot check "
        "the source\n"
        f"{bad}:5:16: error: the `publisher` of briefing `test-2024-01-briefing` should be text, "
        'but YAML read a true/false value; put it in quotes: "yes"\n'
        f"{bad}:7:5: error: unknown key `ur1` in briefing `test-2024-01-briefing`; did you mean "
        "`url`?\n"
        "2 errors in 1 of 2 files; fix them and run learnref validate again.\n"
    )


def test_warnings_do_not_fail(run: Runner, tmp_path: Path) -> None:
    """A long message and a missing url are warnings: printed, but the file is OK."""
    text = GOOD.replace("Fixture message one.", LONG).replace(
        "    url: https://example.org/test\n", ""
    )
    path = write(tmp_path, "warn.yaml", text)
    result = run("validate", str(path))
    assert result.exit_code == 0
    assert result.stdout == f"{path}: OK (1 briefing, 1 theme, 1 message; 2 warnings)\n"
    assert result.stderr == (
        f"{path}:3:5: warning: briefing `test-2024-01-briefing` has no `url`; readers cannot "
        "check the source\n"
        f"{path}:10:13: warning: message 1 of theme `test-theme` is 601 characters long (over "
        "600); check it is one key message, not several run together\n"
    )


def test_strict_fails_on_warnings(run: Runner, tmp_path: Path) -> None:
    """--strict turns warnings into a failure (exit 1) and says so."""
    path = write(tmp_path, "warn.yaml", GOOD.replace("Fixture message one.", LONG))
    result = run("validate", "--strict", str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"{path}:11:13: warning: message 1 of theme `test-theme` is 601 characters long (over "
        "600); check it is one key message, not several run together\n"
        "1 warning (--strict fails on warnings) in 1 file; fix it and run learnref validate "
        "again.\n"
    )


def test_url_without_scheme_warns(run: Runner, tmp_path: Path) -> None:
    """A url that does not start with http(s):// is a warning."""
    path = write(tmp_path, "www.yaml", GOOD.replace("https://example.org/test", "www.example.org"))
    result = run("validate", str(path))
    assert result.exit_code == 0
    assert result.stderr == (
        f"{path}:7:10: warning: the `url` of briefing `test-2024-01-briefing` should start with "
        "https:// or http://\n"
    )


def test_block_fields_keep_line_breaks(run: Runner, tmp_path: Path) -> None:
    """`summary` and `note` may hold paragraphs and tabs; they pass."""
    text = GOOD.replace(
        "    themes:\n",
        "    summary: |\n      First paragraph.\n\n      Second\tparagraph.\n    themes:\n",
    )
    path = write(tmp_path, "summary.yaml", text)
    result = run("validate", str(path))
    assert result.exit_code == 0, result


def test_no_path_is_a_usage_error(run: Runner) -> None:
    """`validate` with no path is a usage error (exit 2) that names the missing argument."""
    result = run("validate")
    assert result.exit_code == 2
    assert "Missing argument 'PATH...'" in result.stderr


def test_installed_validate(run_installed: Runner, tmp_path: Path) -> None:
    """The installed command prints the same located error and summary, with no traceback."""
    path = write(tmp_path, "bad.yaml", GOOD.replace("version: 1", "version: 2"))
    result = run_installed("validate", str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"{path}:1:10: error: unsupported data format version '2'; this learnref reads "
        "version 1 (write `version: 1`)\n"
        "1 error in 1 file; fix it and run learnref validate again.\n"
    )


@pytest.mark.skipif(os.name == "nt", reason="Windows file names are always Unicode")
def test_odd_file_name_on_an_ascii_console(run_installed: Runner, tmp_path: Path) -> None:
    """A file name that is not valid UTF-8, shown on an ASCII console, is degraded, not a crash."""
    directory = tmp_path / "d"
    write(directory, os.fsdecode(b"caf\xe9.yaml"), GOOD)
    result = run_installed("validate", str(directory), env={"PYTHONIOENCODING": "ascii"})
    assert result.exit_code == 0, result
    assert result.stdout == f"{directory}/caf?.yaml: OK (1 briefing, 1 theme, 1 message)\n"
