"""Pins what a new practitioner meets in the first hour: the start screen, `show` alone, help
metavars, JSON on not-found, ranked glossary lookups and briefing ids by a unique start."""

from __future__ import annotations

import json
import re

import pytest

from learnref.cli import registry
from learnref.errors import NotFoundError
from learnref.lookup import find_briefing_id, find_terms

from .conftest import ROOT, Runner

BRIEFING = "hscp-2023-09-learning-from-reviews"


def test_show_unknown_theme_as_json_prints_one_error_object(run: Runner) -> None:
    """`show` with an unknown theme in JSON prints one object with the suggestions, exit 1,
    and keeps the message on stderr."""
    result = run("show", "think-famly", "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == {
        "version": 1,
        "error": "No theme 'think-famly'. Did you mean 'think-family'?",
        "hint": "See every theme with: learnref list",
        "suggestions": ["think-family"],
    }
    assert result.stderr.startswith("No theme 'think-famly'.")


def test_glossary_unknown_term_as_json_prints_one_error_object(run: Runner) -> None:
    """`glossary` with an unknown term in JSON prints one object and exits 1."""
    result = run("glossary", "ZZZQ", "-f", "json")
    assert result.exit_code == 1
    printed = json.loads(result.stdout)
    assert printed["version"] == 1
    assert printed["error"] == "'ZZZQ' is not in the glossary."
    assert printed["hint"] == "See every term with: learnref glossary"
    assert printed["suggestions"] == []
    assert "'ZZZQ' is not in the glossary." in result.stderr


def test_not_found_in_text_format_prints_nothing_on_stdout(run: Runner) -> None:
    """Only a JSON run gets the error object: text output stays empty, the message on stderr."""
    result = run("show", "nope", "-f", "text")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "No theme 'nope'." in result.stderr


def test_glossary_ranks_term_starts_before_expansion_substrings(run: Runner) -> None:
    """`glossary MA`: terms starting with MA come first, a substring of an expansion last."""
    result = run("glossary", "MA", "-f", "json")
    terms = [entry["term"] for entry in json.loads(result.stdout)["terms"]]
    starting = [term for term in terms if term.startswith("MA")]
    assert {"MAPPA", "MARAC", "MASH"} <= set(starting)
    assert terms[: len(starting)] == starting
    assert terms.index("FGM") > terms.index("MASH")


def test_glossary_ranking_tiers() -> None:
    """Exact term alone; else term starts, then whole words in expansions, then substrings."""
    glossary = {
        "ABC": "Zebra text",
        "XAB": "Something ab here",
        "QQ": "Grab bag",
        "AB": "Exact",
    }
    assert [entry.term for entry in find_terms(glossary, "ab")] == ["AB"]
    assert [entry.term for entry in find_terms(glossary, "gra")] == ["QQ"]
    del glossary["AB"]
    assert [entry.term for entry in find_terms(glossary, "ab")] == ["ABC", "XAB", "QQ"]


def test_briefing_id_by_unique_start(run: Runner) -> None:
    """`--briefing hscp` means the one briefing whose id starts with hscp."""
    assert find_briefing_id([BRIEFING, "lscp-2024"], "hscp") == BRIEFING
    result = run("export", "--briefing", "hscp")
    assert result.exit_code == 0, result.stderr
    assert "Learning from Reviews" in result.stdout


def test_briefing_id_ambiguous_or_mistyped_gets_did_you_mean() -> None:
    """Two ids with the same start, or a typo, say which ids were meant."""
    with pytest.raises(NotFoundError) as ambiguous:
        find_briefing_id(["lscp-2024-01", "lscp-2024-02"], "lscp")
    assert "could be more than one briefing" in ambiguous.value.message
    assert "Did you mean 'lscp-2024-01' or 'lscp-2024-02'?" in ambiguous.value.message
    assert ambiguous.value.suggestions == ["lscp-2024-01", "lscp-2024-02"]
    with pytest.raises(NotFoundError) as typo:
        find_briefing_id([BRIEFING], "hscp-2023-09-learning-from-reveiws")
    assert f"Did you mean '{BRIEFING}'?" in typo.value.message


def test_bare_learnref_shows_the_themes_and_four_commands(run: Runner) -> None:
    """Bare `learnref` prints the themes as `learnref list` does, then four commands; exit 0."""
    result = run()
    assert result.exit_code == 0, result.stderr
    listed = run("list").stdout
    assert result.stdout.startswith(listed)
    assert result.stdout[len(listed) :] == (
        "\nTry:\n"
        "  learnref show think-family  a theme's key messages, with their source\n"
        "  learnref search chronology  search the key messages (typos are fine)\n"
        "  learnref glossary CPP       what an acronym stands for\n"
        "  learnref random             one key message, to open a meeting\n"
        "\nEvery command and option: learnref --help\n"
    )


def test_bare_learnref_through_the_entry_point(run_installed: Runner) -> None:
    """The installed command with no arguments exits 0 with the start screen."""
    result = run_installed()
    assert result.exit_code == 0, result.stderr
    assert "think-family" in result.stdout
    assert "learnref --help" in result.stdout


def test_show_alone_lists_the_themes(run: Runner) -> None:
    """`learnref show` with no theme lists the themes (exit 0), in any format."""
    for fmt in ("text", "json"):
        result = run("show", "--format", fmt)
        assert result.exit_code == 0
        assert result.stdout == run("list", "--format", fmt).stdout


def test_help_still_prints_help(run: Runner) -> None:
    """`learnref --help` is unchanged by the start screen."""
    result = run("--help")
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: learnref [OPTIONS] COMMAND [ARGS]...")


COMMANDS = [str(info.name) for info in registry.registered_commands]
# Typer's own metavars: <int range>, <str>, <path>, <a|b>, {THEME}, [TERM].
MACHINE_METAVAR = re.compile(r"<[^>\n]*>|\{[^}\n]*\}|\[(?!OPTIONS\]|ARGS\])[A-Z][A-Z_.]*\]")


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_help_metavars_are_plain_words(run: Runner, command: str) -> None:
    """Every --help names values in plain words (N, THEME, FILE), with no Typer braces."""
    result = run(*command.split(), "--help")
    assert result.exit_code == 0
    assert MACHINE_METAVAR.findall(result.stdout) == []


def test_machine_metavar_pattern_catches_typer_forms() -> None:
    """The scan above would notice each form Typer prints."""
    sample = "-n, --limit <int range>  -t <str>  show {THEME}  glossary [TERM]  [OPTIONS]"
    assert MACHINE_METAVAR.findall(sample) == ["<int range>", "<str>", "{THEME}", "[TERM]"]


def test_readme_first_screen_is_bare_learnref() -> None:
    """The README shows, before anything else, what bare `learnref` prints (kept true by
    scripts/readme_examples.py and tests/test_docs.py), and how to fix a PATH after install."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert text.index("<!-- output: learnref -->\n```text\nTHEME") < text.index("## Start")
    assert "uv tool update-shell" in text
    assert "pipx install ." in text
