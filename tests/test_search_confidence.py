"""Search answers nothing rather than something loose: everyday words met here and there, or
a suggested word beside a word not found, never make a result on their own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import Runner

# Made-up messages for the tests (not guidance).
LIBRARY = """\
version: 1
briefings:
  - id: test-2024-07-confidence
    title: Confidence test
    publisher: Test Partnership
    published: 2024-07-01
    themes:
      - title: Neglect
        messages:
          - "Staff should train together on neglect."
          - "Check the times of every visit."
          - "Give the child time to speak."
          - "Record each injury with a body map."
          - "Use the train times to plan a visit to a rural family."
related:
  - words: [bleed, bleeding]
    suggest: [injury]
"""


@pytest.fixture
def library(tmp_path: Path) -> Path:
    path = tmp_path / "confidence.yaml"
    path.write_text(LIBRARY, encoding="utf-8")
    return path


def search(run: Runner, library: Path, query: str) -> tuple[int, list[str], list[str]]:
    result = run("--no-bundled", "--data", str(library), "search", query, "--format", "json")
    data = json.loads(result.stdout)
    return result.exit_code, [r["text"] for r in data["results"]], data["unmatched_terms"]


def test_everyday_words_met_here_and_there_answer_nothing(run: Runner, library: Path) -> None:
    """`train times to plan a holiday`: each word is in some message, none is a word of
    safeguarding, and no message holds them all: nothing, exit 1."""
    code, texts, unmatched = search(run, library, "train times holiday")
    assert (code, texts, unmatched) == (1, [], ["holiday"])


def test_a_message_holding_the_whole_query_still_answers(run: Runner, library: Path) -> None:
    """Everyday words that one message holds together are a real match."""
    code, texts, _ = search(run, library, "train times")
    assert code == 0
    assert texts[0] == "Use the train times to plan a visit to a rural family."


def test_a_word_of_a_theme_title_answers_beside_a_word_not_found(
    run: Runner, library: Path
) -> None:
    """`neglect` names a theme: with a word the library lacks, it still answers."""
    code, texts, unmatched = search(run, library, "neglect xylophone")
    assert (code, unmatched) == (0, ["xylophone"])
    assert texts[0] == "Staff should train together on neglect."


def test_a_suggestion_beside_a_word_not_found_answers_nothing(run: Runner, library: Path) -> None:
    """`bleed a radiator`: the suggestion of `bleed` (injury) and a word not found make no
    answer; `bleeding` alone finds the injury message."""
    assert search(run, library, "bleed a radiator")[:2] == (1, [])
    code, texts, _ = search(run, library, "bleeding")
    assert (code, texts) == (0, ["Record each injury with a body map."])
