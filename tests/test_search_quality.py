"""Search quality on the bundled briefing: the right message first, nothing for nonsense."""

from __future__ import annotations

import json
import re

import pytest

from .conftest import Runner

WT = "working-together-and-sharing-information"
TF = "think-family"

# Query, then the theme and number of the key message that must come first.
TOP_RESULT = [
    ("chronology", WT, 4),
    ("chronologies", WT, 4),
    ("cronology", WT, 4),
    ("core group", WT, 5),
    ("child protection plan", WT, 5),
    ("CPP", WT, 5),
    ("not engaging", TF, 1),
    ("risk assessment", TF, 1),
    ("day in my life", TF, 2),
    ("Day in my Life tools", TF, 2),
    ("unique experience", TF, 2),
    ("mental health", TF, 3),
    ("mentl helth", TF, 3),
    ("substance misuse", TF, 3),
    ("partner agencies", WT, 2),
    ("already known", WT, 3),
    ("timely", WT, 1),
    ("agreed actions", WT, 5),
    ("allocated social worker", WT, 5),
    ("engagement guidance", TF, 1),
    ("parenting strengths", TF, 3),
    ("HIPS procedures", TF, 1),
    ("analysis of risk", WT, 4),
    ("complex cases", WT, 4),
]

NOTHING = ["xylophone", "quantum entanglement", "spreadsheet macro", "the", "of a in"]


def search_json(run: Runner, *args: str) -> dict[str, object]:
    result = run("search", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data: dict[str, object] = json.loads(result.stdout)
    return data


@pytest.mark.parametrize(("query", "slug", "number"), TOP_RESULT)
def test_right_message_first(run: Runner, query: str, slug: str, number: int) -> None:
    """Each practitioner query ranks its key message first."""
    results = search_json(run, *query.split())["results"]
    assert isinstance(results, list)
    top = results[0]
    assert (top["theme"]["slug"], top["message_number"]) == (slug, number)


@pytest.mark.parametrize("query", NOTHING)
def test_unrelated_queries_find_nothing(run: Runner, query: str) -> None:
    """A query with nothing relevant returns nothing (exit 1), not noise."""
    result = run("search", *query.split())
    assert result.exit_code == 1
    assert result.stdout == ""


def test_scores_are_0_to_100_and_ordered(run: Runner) -> None:
    """Scores are whole numbers from 0 to 100, never increasing down the list."""
    results = search_json(run, "information", "agencies")["results"]
    assert isinstance(results, list)
    scores = [r["score"] for r in results]
    assert scores == sorted(scores, reverse=True)
    assert all(isinstance(s, int) and 0 <= s <= 100 for s in scores)
    assert [r["rank"] for r in results] == list(range(1, len(results) + 1))


def test_json_reports_matched_terms_and_corrections(run: Runner) -> None:
    """json shows what each result matched and how misspelt words were read."""
    data = search_json(run, "mentl", "helth")
    assert data["corrections"] == {"mentl": "mental", "helth": "health"}
    results = data["results"]
    assert isinstance(results, list)
    assert results[0]["matched_terms"] == ["mental", "health"]


def test_acronym_and_expansion_find_each_other(run: Runner) -> None:
    """The glossary expands CPP, and the matched term is reported."""
    results = search_json(run, "CPP")["results"]
    assert isinstance(results, list)
    assert results[0]["matched_terms"] == ["cpp → child protection plan"]


def test_theme_filter(run: Runner) -> None:
    """--theme keeps only that theme's messages, and accepts any name `show` accepts."""
    results = search_json(run, "information", "--theme", "think")["results"]
    assert isinstance(results, list)
    assert {r["theme"]["slug"] for r in results} == {TF}


def test_theme_filter_with_nothing_matching(run: Runner) -> None:
    """A filter that leaves nothing exits 1."""
    result = run("search", "chronology", "--theme", "think-family")
    assert result.exit_code == 1


def test_unknown_theme_filter(run: Runner) -> None:
    """An unknown --theme is reported like an unknown `show` theme."""
    result = run("search", "chronology", "--theme", "thnk-family")
    assert result.exit_code == 1
    assert result.stderr.startswith("No theme 'thnk-family'. Did you mean 'think-family'?")


def test_briefing_filter(run: Runner) -> None:
    """--briefing keeps only that briefing's messages; an unknown id suggests the right one."""
    results = search_json(run, "chronology", "--briefing", "hscp-2023-09-learning-from-reviews")
    assert isinstance(results["results"], list)
    assert len(results["results"]) == 1
    result = run("search", "chronology", "--briefing", "hscp-2023-learning-from-reviews")
    assert result.exit_code == 1
    assert "Did you mean 'hscp-2023-09-learning-from-reviews'?" in result.stderr


def test_rich_output_marks_matches_without_colour_alone(run: Runner) -> None:
    """On a terminal the matched words are bold and underlined, not only coloured."""
    result = run(
        "search", "chronology", "--format", "rich", env={"FORCE_COLOR": "1", "TERM": "xterm"}
    )
    assert result.exit_code == 0
    assert re.search(r"\x1b\[1;4(;\d+)*mchronologies", result.stdout)  # bold + underline
    assert "chronologies" in result.stdout


@pytest.mark.parametrize(
    "query",
    [
        "x" * 10_000,
        "chronology " * 1_000,
        ".*[(",
        '"unbalanced',
        "NEAR(a b) AND OR NOT *",
        "💥🔥 chronology",
        "מידע שיתוף",
        "risk\x07\x1b[31m assessment",
        "‘Day in my Life’",
        "-- --",
    ],
)
def test_odd_queries_never_crash(run: Runner, query: str) -> None:
    """Long, regex-like, FTS-syntax, emoji, right-to-left and control-character queries end
    with results or a clear 'nothing found', never a crash."""
    result = run("search", "--", query)
    assert result.exit_code in (0, 1)
    assert "Traceback" not in result.stderr
    if result.exit_code == 1:
        assert result.stderr.startswith(("No key message matches", "Nothing found for"))
