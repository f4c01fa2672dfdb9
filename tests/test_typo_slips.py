"""Typos as people make them: letters swapped, left out, doubled or hit next door.

Each test pins one rule of `Index._correction` with a library that holds both the word
meant and a near word the old rules picked instead. The messages are made up (not guidance).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.briefing_files import briefing, write

from .conftest import Runner

MESSAGES = (
    "Ask the father about his role in the baby's care.",
    "Visit again after the meeting.",
    "Ask about the whole household within the first visit.",
    "Speak with the school about attendance, and with the family.",
    "Remove the child from immediate danger.",
    "Watch how the family moves between addresses.",
    "Plan the care of a disabled child.",
    "Continue to visit when a family stops engaging.",
    "Ask the female carer who else lives at the address.",
    "Ask the male carer who else lives at the address, and take care.",
    "Name a carer for the child, and record who it is.",
    "Record each house move.",
    "Note why the family wanted the move.",
    "A male worker may visit.",
)
# A phrase that holds "continence", whose stem is also the stem of the typo "contine".
RELATED = "related:\n  - words: [night time continence]\n    suggest: [disabled child]\n"


@pytest.fixture
def slips(tmp_path: Path) -> Path:
    return write(tmp_path, "slips.yaml", briefing(messages=MESSAGES) + RELATED)


def corrected(run: Runner, data: Path, typed: str) -> tuple[str | None, str]:
    """What a typed word was corrected to, and the first result's text."""
    result = run("--no-bundled", "--data", str(data), "search", typed, "--format", "json")
    assert result.exit_code == 0, result.stderr
    answer = json.loads(result.stdout)
    return answer["corrections"].get(typed), answer["results"][0]["text"]


@pytest.mark.parametrize(
    ("typed", "meant", "first"),
    [
        ("fahter", "father", "Ask the father"),  # swapped: one slip, not two ("after")
        ("withn", "within", "Ask about the whole household"),  # left out, not added ("with")
        ("rmove", "remove", "Remove the child"),  # starts as typed, not the commoner "move"
        ("fmale", "female", "Ask the female carer"),  # not the commoner "male"
    ],
)
def test_the_slip_people_make_is_the_one_corrected(
    run: Runner, slips: Path, typed: str, meant: str, first: str
) -> None:
    correction, text = corrected(run, slips, typed)
    assert correction == meant
    assert text.startswith(first)


def test_a_typo_one_slip_from_a_library_word_is_not_read_through_a_phrase(
    run: Runner, slips: Path
) -> None:
    """'contine' shares a stem with the phrase "night time continence", but it is one
    letter from 'continue', which the library holds: a typo, corrected and shown."""
    correction, text = corrected(run, slips, "contine")
    assert correction == "continue"
    assert text.startswith("Continue to visit")


def test_slang_a_thesaurus_phrase_holds_as_typed_is_still_read_through_it(
    run: Runner, tmp_path: Path
) -> None:
    """A word people type ("pics", in the phrase "send pics") is read through the phrase,
    not taken for a typo of a library word one letter away ("pins")."""
    messages = ("Talk about sharing images online.", "Keep pins and needles out of reach.")
    related = "related:\n  - words: [send pics]\n    suggest: [sharing images]\n"
    data = write(tmp_path, "pics.yaml", briefing(messages=messages) + related)
    result = run("--no-bundled", "--data", str(data), "search", "pics", "--format", "json")
    answer = json.loads(result.stdout)
    assert answer["corrections"] == {}
    assert answer["results"][0]["text"] == "Talk about sharing images online."


def test_a_typo_inside_a_thesaurus_phrase_is_read_as_the_phrase(
    run: Runner, tmp_path: Path
) -> None:
    """ "young preson" is the phrase "young person" (one thing asked, matched whole and with
    its synonyms), not "young" and "person" anywhere in a message."""
    messages = (
        "A young carer may need a person outside the family to talk to.",
        "Speak to the adolescent alone.",
    )
    synonyms = "synonyms:\n  - [young person, adolescent]\n"
    data = write(tmp_path, "phrase.yaml", briefing(messages=messages) + synonyms)
    result = run("--no-bundled", "--data", str(data), "search", "young preson", "--format", "json")
    answer = json.loads(result.stdout)
    assert answer["corrections"] == {"preson": "person"}
    first = answer["results"][0]
    assert first["text"] == "Speak to the adolescent alone."
    assert first["matched_terms"] == ["young person → adolescent"]


def test_a_typo_of_a_thesaurus_word_is_read_as_that_word(run: Runner, tmp_path: Path) -> None:
    """ "dipaers" is one slip from the thesaurus word "diapers" and two from the library's
    "differs": it is read as "diapers", which the thesaurus links to "nappies"."""
    messages = ("Check the baby's nappies at each visit.", "Practice differs between teams.")
    synonyms = "synonyms:\n  - [nappies, diapers]\n"
    data = write(tmp_path, "nappies.yaml", briefing(messages=messages) + synonyms)
    result = run("--no-bundled", "--data", str(data), "search", "dipaers", "--format", "json")
    answer = json.loads(result.stdout)
    assert answer["corrections"] == {"dipaers": "diapers"}
    assert answer["results"][0]["text"] == "Check the baby's nappies at each visit."
