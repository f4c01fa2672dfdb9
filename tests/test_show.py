"""`learnref show`: finding a theme by any reasonable name, and its output in every format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from learnref.loader import read_file
from learnref.sources import bundled_data_path

from .conftest import Runner, golden

MESSAGES = [
    message
    for theme in read_file(bundled_data_path()).briefings[0].themes
    for message in theme.messages
]


@pytest.mark.parametrize(
    ("fmt", "name"),
    [
        ("text", "show-think-family.txt"),
        ("markdown", "show-think-family.md"),
        ("json", "show-think-family.json"),
    ],
)
def test_show_matches_golden_file(run: Runner, fmt: str, name: str) -> None:
    """`show think-family` prints exactly the golden output in text, markdown and json."""
    result = run("show", "think-family", "--format", fmt)
    assert result.exit_code == 0
    assert result.stdout == golden(name)
    assert result.stderr == ""


def test_piped_show_defaults_to_text(run: Runner) -> None:
    """Without --format, output that is not a terminal is the plain text format."""
    assert run("show", "think-family").stdout == golden("show-think-family.txt")


@pytest.mark.parametrize("fmt", ["text", "markdown", "rich"])
@pytest.mark.parametrize("slug", ["working-together-and-sharing-information", "think-family"])
def test_every_message_verbatim_in_every_format(run: Runner, fmt: str, slug: str) -> None:
    """Each key message appears character for character, on one line, in each format."""
    result = run("show", slug, "--format", fmt, env={"COLUMNS": "400"})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    for message in MESSAGES[:5] if slug.startswith("working") else MESSAGES[5:]:
        assert any(message in line for line in lines), message


def test_every_message_verbatim_in_json(run: Runner) -> None:
    """The json output carries every message of the theme unchanged."""
    data = json.loads(run("show", "working-together", "--format", "json").stdout)
    texts = [m["text"] for entry in data["entries"] for m in entry["messages"]]
    assert texts == MESSAGES[:5]


@pytest.mark.parametrize(
    "name",
    ["think-family", "think", "THINK-FAMILY", "Think Family", "think family", "  think family "],
)
def test_theme_names_people_type(run: Runner, name: str) -> None:
    """Slug, unique start, any case and the title (one or several words) all find the theme."""
    result = run("show", *name.split(" ") if name == "think family" else [name])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Think Family\n")


def test_alias_finds_theme(run: Runner) -> None:
    """An alias from the data file finds its theme."""
    result = run("show", "csa")
    assert result.exit_code == 0
    assert result.stdout.startswith("Child Sexual Abuse\n")


def test_theme_without_messages_shows_its_note(run: Runner) -> None:
    """Child Sexual Abuse has no captured messages: show says so and never invents any."""
    result = run("show", "child-sexual-abuse")
    assert result.exit_code == 0
    assert "Note: The published page lists this theme, but its captured text carries no key " in (
        result.stdout
    )
    assert "\n1. " not in result.stdout


def test_unknown_theme_suggests(run: Runner) -> None:
    """A mistyped theme exits 1 with a did-you-mean on stderr and nothing on stdout."""
    result = run("show", "think-famly")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "No theme 'think-famly'. Did you mean 'think-family'?\n"
        "See every theme with: learnref list\n"
    )


def test_nonsense_theme_has_no_suggestion(run: Runner) -> None:
    """A name like nothing known exits 1 and points to `learnref list`."""
    result = run("show", "xylophone")
    assert result.exit_code == 1
    assert result.stderr == "No theme 'xylophone'.\nSee every theme with: learnref list\n"


def use_data(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Load tests/data/NAME in place of the bundled file."""
    data = Path(__file__).parent / "data" / name
    monkeypatch.setattr("learnref.sources.bundled_data_path", lambda: data)


def test_ambiguous_start_lists_the_candidates(run: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    """A start shared by several themes exits 1 naming each of them."""
    use_data(monkeypatch, "two-briefings.yaml")
    result = run("show", "think")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "'think' could be more than one theme. Did you mean 'think-family' or 'think-safety'?\n"
        "Type more of the name, or see every theme with: learnref list\n"
    )


def test_theme_in_two_briefings_shows_newest_first(
    run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A slug in several briefings is one theme, its briefings newest first, each cited."""
    use_data(monkeypatch, "two-briefings.yaml")
    result = run("show", "think-family")
    assert result.exit_code == 0
    assert result.stdout == golden("show-merged.txt")


def test_missing_theme_lists_the_themes(run: Runner) -> None:
    """`learnref show` with no theme lists the themes (exit 0), as `learnref list` does."""
    result = run("show")
    assert result.exit_code == 0
    assert result.stdout == run("list").stdout


def test_markup_in_content_prints_literally(run: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    """Square brackets and :emoji: codes in a message print as written in the rich format."""
    use_data(monkeypatch, "markup.yaml")
    result = run("show", "markup", "--format", "rich", env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    assert "Use [chronologies] and [bold]care[/bold] :warning: always." in result.stdout
