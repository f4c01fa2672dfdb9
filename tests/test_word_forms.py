"""Word forms the index's stemmer stems apart are still found (made-up messages, not guidance).

The Porter stemmer gives "evidence" the stem evid but "evidenced" evidenc, and "experience"
experi but "experienced" experienc: without help, a library holding one form misses the other.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from learnref.lexicon import forms_apart
from tests.briefing_files import briefing, write

from .conftest import Runner

MESSAGES = (
    "Offer every pregnant woman a routine question about abuse.",
    "Keep the evidence of each visit.",
    "An experienced worker should lead the visit.",
    "Book the conference early.",
    "Check who cares for the child.",
)


@pytest.fixture
def forms_file(tmp_path: Path) -> Path:
    return write(tmp_path, "forms.yaml", briefing(messages=MESSAGES))


@pytest.mark.parametrize(
    ("typed", "first", "read_as"),
    [
        ("women", "Offer every pregnant woman", "women → woman"),
        ("evidenced", "Keep the evidence", "evidenced → evidence"),
        ("evidencing", "Keep the evidence", "evidencing → evidence"),
        ("experience", "An experienced worker", "experience → experienced"),
        ("conferencing", "Book the conference", "conferencing → conference"),
    ],
)
def test_a_form_stemmed_apart_finds_the_other(
    run: Runner, forms_file: Path, typed: str, first: str, read_as: str
) -> None:
    result = run("--no-bundled", "--data", str(forms_file), "search", typed, "--format", "json")
    assert result.exit_code == 0, result.stderr
    hit = json.loads(result.stdout)["results"][0]
    assert hit["text"].startswith(first)
    assert read_as in hit["matched_terms"]


def test_a_word_not_ending_in_e_is_not_read_as_an_e_form(run: Runner, forms_file: Path) -> None:
    """ "car" is not a form of "care" ("cares" is not "car" plus s): nothing is found."""
    result = run("--no-bundled", "--data", str(forms_file), "search", "car", "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["unmatched_terms"] == ["car"]


def test_forms_apart_are_words_only() -> None:
    assert forms_apart("women") == ["woman"]
    assert forms_apart("policeman") == ["policemen"]
    assert forms_apart("men") == []  # three letters: left to the irregular table (men, man)
    assert forms_apart("evidenced") == ["evidence"]
    assert forms_apart("experience") == ["experiencing", "experienced", "experiences"]
    assert forms_apart("caring") == ["care"]
    assert forms_apart("car") == []
    assert forms_apart("wicked") == []  # "wicke" is no word
