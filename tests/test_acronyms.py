"""An acronym, or its expansion, finds the messages that say it before those that only
say something like it (made-up messages, not guidance)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.briefing_files import write

from .conftest import Runner

LIBRARY = """\
version: 1
briefings:
  - id: test-2024-06-acronyms
    title: Acronyms test
    publisher: Test Partnership
    published: 2024-06-01
    themes:
      - title: Health
        messages:
          - "Adult health services should ask about children."
          - "Keep in touch while a young person waits for CAMHS."
          - "Ask the doctor about the injury."
          - "Tell the GP."
      - title: Honour-based abuse and forced marriage
        messages:
          - "Speak to the young person alone."
      - title: Families
        messages:
          - "Consider honour-based abuse when several relatives, including members of the
            extended family living elsewhere, are involved in the control of a young person."
      - title: Help
        messages:
          - "Offer early help as soon as a need is seen."
          - "Children in elective home education may not be seen."
glossary:
  CAMHS: Child and Adolescent Mental Health Services
  GP: General Practitioner
  HBA: Honour-Based Abuse
  EH: Early Help
  EHE: Elective Home Education
synonyms:
  - [GP, doctor]
"""


@pytest.fixture
def acronyms(tmp_path: Path) -> Path:
    return write(tmp_path, "acronyms.yaml", LIBRARY)


def first(run: Runner, data: Path, query: str) -> dict[str, object]:
    result = run("--no-bundled", "--data", str(data), "search", query, "--format", "json")
    assert result.exit_code == 0, result.stderr
    hit: dict[str, object] = json.loads(result.stdout)["results"][0]
    return hit


@pytest.mark.parametrize(
    ("query", "says"),
    [
        # The word itself before another word for it (GP ~ doctor).
        ("GP", "Tell the GP."),
        # The acronym before the last two words of its expansion ("health services").
        ("CAMHS", "Keep in touch while a young person waits for CAMHS."),
        ("child and adolescent mental health services", "Keep in touch while"),
        # A message that says it before one only under a theme whose title does.
        ("HBA", "Consider honour-based abuse"),
        # EH is early help here, though the stemmer gives EHE the same stem.
        ("EH", "Offer early help"),
        ("EHE", "Children in elective home education"),
    ],
)
def test_the_message_that_says_it_comes_first(
    run: Runner, acronyms: Path, query: str, says: str
) -> None:
    assert str(first(run, acronyms, query)["text"]).startswith(says)


def test_a_hyphenated_expansion_has_no_heart(run: Runner, acronyms: Path) -> None:
    """ "Honour-Based Abuse" is two words: "based abuse" alone never stands for it."""
    hit = first(run, acronyms, "HBA")
    assert hit["matched_terms"] == ["hba → honour-based abuse"]


def test_early_help_is_not_elective_home_education(run: Runner, acronyms: Path) -> None:
    result = run("--no-bundled", "--data", str(acronyms), "search", "EH", "--format", "json")
    texts = [hit["text"] for hit in json.loads(result.stdout)["results"]]
    assert "Children in elective home education may not be seen." not in texts
