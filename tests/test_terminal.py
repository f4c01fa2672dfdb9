"""Colour, high contrast, width and encoding: output for every terminal and every reader."""

from __future__ import annotations

import io
import re

import pytest
from rich.cells import cell_len

from learnref import render

from .conftest import Runner, assert_golden, golden
from .runner import installed

SGR = re.compile(r"\x1b\[([0-9;]*)m")


def sgr_codes(text: str) -> set[str]:
    """Every SGR parameter used in the text, e.g. {'1', '4', '35'}."""
    return {code for match in SGR.findall(text) for code in match.split(";") if code}


def colour_codes(text: str) -> set[str]:
    """The SGR parameters that set a foreground or background colour."""
    colours = {str(n) for n in [*range(30, 50), *range(90, 108)]}
    return sgr_codes(text) & colours


def test_color_always_colours_a_pipe(run: Runner) -> None:
    """`--color always` with --format rich gives colour even when stdout is a pipe."""
    result = run("--color", "always", "search", "chronology", "--format", "rich")
    assert (result.exit_code, result.stderr) == (0, "")
    assert_golden("search-chronology.color.ansi", result.stdout)
    assert colour_codes(result.stdout) == {"35", "36"}


def test_force_color_is_honoured(run: Runner) -> None:
    """FORCE_COLOR colours Rich output in a pipe, as --color always does."""
    result = run("search", "chronology", "--format", "rich", env={"FORCE_COLOR": "1"})
    assert result.stdout == golden("search-chronology.color.ansi")


def test_no_color_keeps_weight_and_underline(run: Runner) -> None:
    """NO_COLOR removes every colour but keeps bold headings and bold underlined matches."""
    env = {"FORCE_COLOR": "1", "NO_COLOR": "1"}
    result = run("search", "chronology", "--format", "rich", env=env)
    assert (result.exit_code, result.stderr) == (0, "")
    assert_golden("search-chronology.no-color.ansi", result.stdout)
    assert colour_codes(result.stdout) == set()
    assert "\x1b[1;4mchronologies\x1b[0m" in result.stdout


def test_color_always_overrides_no_color(run: Runner) -> None:
    """An explicit --color always wins over NO_COLOR in the environment."""
    result = run("--color", "always", "search", "chronology", "-f", "rich", env={"NO_COLOR": "1"})
    assert result.stdout == golden("search-chronology.color.ansi")


def test_color_never_on_a_terminal_still_draws_panels(
    run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--color never` on a terminal gives Rich panels with bold, and no colour."""
    monkeypatch.setattr(render.console, "stdout_is_terminal", lambda: True)
    result = run("--color", "never", "search", "chronology")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == golden("search-chronology.no-color.ansi")


def test_color_auto_on_a_terminal_is_coloured(run: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a terminal, format auto is Rich and colour auto is on."""
    monkeypatch.setattr(render.console, "stdout_is_terminal", lambda: True)
    result = run("search", "chronology")
    assert result.stdout == golden("search-chronology.color.ansi")


def test_rich_in_a_pipe_has_no_escapes(run: Runner) -> None:
    """--format rich into a pipe draws panels without a single escape sequence."""
    result = run("search", "chronology", "--format", "rich")
    assert result.stdout == golden("search-chronology.rich.txt")
    assert "\x1b" not in result.stdout


@pytest.mark.parametrize(("term", "expected"), [("dumb", "text"), ("xterm-256color", "rich")])
def test_term_dumb_terminal_gets_text(
    monkeypatch: pytest.MonkeyPatch, term: str, expected: str
) -> None:
    """On a terminal, format auto is text when TERM=dumb and Rich otherwise."""
    tty = io.StringIO()
    monkeypatch.setattr(tty, "isatty", lambda: True)
    monkeypatch.setattr("sys.stdout", tty)
    monkeypatch.setenv("TERM", term)
    assert render.resolve_format("auto") == expected


def test_high_contrast(run: Runner) -> None:
    """--high-contrast: no colour, nothing dim or italic; bold emphasis, reverse matches."""
    result = run("--high-contrast", "--color", "always", "search", "chronology", "-f", "rich")
    assert (result.exit_code, result.stderr) == (0, "")
    assert_golden("search-chronology.high-contrast.ansi", result.stdout)
    assert sgr_codes(result.stdout) == {"0", "1", "7"}


def test_high_contrast_show(run: Runner) -> None:
    """The high-contrast `show` uses the terminal's own colours: only bold, never dim."""
    result = run("--high-contrast", "--color", "always", "show", "think-family", "-f", "rich")
    assert_golden("show-think-family.high-contrast.ansi", result.stdout)
    assert sgr_codes(result.stdout) == {"0", "1"}


def test_learnref_theme_high_contrast(run: Runner) -> None:
    """LEARNREF_THEME=high-contrast does what --high-contrast does."""
    env = {"LEARNREF_THEME": "high-contrast"}
    result = run("--color", "always", "search", "chronology", "-f", "rich", env=env)
    assert result.stdout == golden("search-chronology.high-contrast.ansi")


def test_unknown_learnref_theme_is_noted(run: Runner) -> None:
    """An unknown LEARNREF_THEME is named on stderr and the default look is used."""
    result = run("search", "chronology", "-f", "rich", env={"LEARNREF_THEME": "dark"})
    assert result.exit_code == 0
    assert result.stderr == "LEARNREF_THEME='dark' is not a theme; use default or high-contrast.\n"
    assert result.stdout == golden("search-chronology.rich.txt")


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (["show", "working-together"], "show-working-together.columns-30.rich.txt"),
        (["search", "chronology"], "search-chronology.columns-30.rich.txt"),
        (["random", "--seed", "7"], "random-seed-7.columns-30.rich.txt"),
    ],
)
def test_columns_30(run: Runner, args: list[str], name: str) -> None:
    """At COLUMNS=30 panels fit: no line is wider, titles move inside, URLs fold."""
    result = run(*args, "--format", "rich", env={"COLUMNS": "30"})
    assert (result.exit_code, result.stderr) == (0, "")
    assert_golden(name, result.stdout)
    assert max(cell_len(line) for line in result.stdout.splitlines()) == 30


def test_columns_120(run: Runner) -> None:
    """COLUMNS sets the width of Rich panels."""
    result = run("show", "think-family", "--format", "rich", env={"COLUMNS": "120"})
    assert {cell_len(line) for line in result.stdout.splitlines()} == {120}


def test_text_is_never_wrapped(run: Runner) -> None:
    """Piped text ignores COLUMNS: each message stays on one line for notes apps to wrap."""
    result = run("show", "think-family", env={"COLUMNS": "30"})
    assert result.stdout == golden("show-think-family.txt")


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (["show", "think-family", "--format", "rich"], "show-think-family.ascii.rich.txt"),
        (["show", "think-family"], "show-think-family.ascii.txt"),
        (["random", "--seed", "1", "--format", "markdown"], "random-seed-1.ascii.md"),
    ],
)
def test_ascii_console(run_installed: Runner, args: list[str], name: str) -> None:
    """With PYTHONIOENCODING=ascii output degrades (straight quotes, ASCII boxes), never crashes."""
    result = run_installed(*args, env={"PYTHONIOENCODING": "ascii"})
    assert (result.exit_code, result.stderr) == (0, "")
    assert_golden(name, result.stdout)
    assert result.stdout.isascii()


def test_ascii_console_error_message(run_installed: Runner) -> None:
    """An error naming a character the console cannot show is degraded, not a traceback."""
    result = run_installed("show", "café", env={"PYTHONIOENCODING": "ascii"})
    assert result.exit_code == 1
    assert result.stderr == "No theme 'cafe'.\nSee every theme with: learnref list\n"


def test_cp1252_console_keeps_what_it_can() -> None:
    """A cp1252 console keeps its curly quotes and gets ASCII boxes, which it can show."""
    completed = installed(
        "show", "think-family", "--format", "rich", env={"PYTHONIOENCODING": "cp1252"}
    )
    assert (completed.returncode, completed.stderr) == (0, b"")
    expected = golden("show-think-family.ascii.rich.txt").replace(
        "'Day in my Life'", "‘Day in my Life’"
    )
    assert completed.stdout.decode("cp1252") == expected


@pytest.mark.parametrize(
    ("text", "encoding", "expected"),
    [
        ("‘Day’ – “quoted” … café • £5", "ascii", "'Day' - \"quoted\" ... cafe * GBP 5"),
        ("‘Day’ – “quoted” … café • £5", "cp1252", "‘Day’ – “quoted” … café • £5"),
        ("e\u0301 → ≥ ✓", "ascii", "e -> >= ?"),
        ("plain", "utf-8", "plain"),
    ],
)
def test_degrade(text: str, encoding: str, expected: str) -> None:
    """degrade() keeps what the encoding holds and swaps the rest for plain stand-ins."""
    assert render.console.degrade(text, encoding) == expected
