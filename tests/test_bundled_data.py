"""The bundled briefing: valid, served by the commands, and faithful to the published text character
for character."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from learnref.loader import FileContent, read_file
from learnref.sources import bundled_data_path

from .briefing_files import read_bundled
from .conftest import DATA, Runner

# The published page's text, as captured when the bundled file was written from it.
SEED_FILE = DATA / "seed" / "hscp-learning-from-reviews.txt"


def seed_text() -> str:
    return SEED_FILE.read_text(encoding="utf-8")


def seed_bullets() -> list[str]:
    return [line.strip()[2:] for line in seed_text().splitlines() if line.strip().startswith("•")]


def _read_by_path() -> FileContent:
    return read_file(bundled_data_path())


@pytest.mark.parametrize(
    "read", [read_bundled, _read_by_path], ids=["as-the-bundled-file", "by-its-path"]
)
def test_bundled_file_is_valid_without_warnings(read: Callable[[], FileContent]) -> None:
    """The release never ships a bundled file with problems or warnings."""
    content = read()
    assert content.problems == []
    assert content.warnings == []
    assert [briefing.id for briefing in content.briefings] == ["hscp-2023-09-learning-from-reviews"]


def test_bundled_file_is_in_the_checkout() -> None:
    """In a checkout the bundled file is data/briefings.yaml at the top."""
    assert bundled_data_path() == Path(__file__).resolve().parent.parent / "data" / "briefings.yaml"


def test_list_shows_bundled_themes(run: Runner) -> None:
    """`list` prints the bundled themes as plain text when piped."""
    result = run("list")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert "think-family" in result.stdout
    assert "child-sexual-abuse" in result.stdout


def test_briefing_metadata() -> None:
    """Title, publisher, date, category and link are those of the published page."""
    (briefing,) = read_file(bundled_data_path()).briefings
    assert briefing.title == "Learning from Reviews"
    assert briefing.publisher == "Hampshire Safeguarding Children Partnership"
    assert briefing.publisher_short == "HSCP"
    assert briefing.published == "2023-09-12"
    assert briefing.category == "Training"
    assert briefing.url == "https://www.hampshirescp.org.uk/learning-from-reviews/"
    assert briefing.remember == (
        "If you do one thing, share information in a way that can be understood by everyone."
    )
    assert [(r.title, r.url) for r in briefing.resources] == [
        ("HSCP Child and Family Engagement Guidance", None),
        ("HIPS Procedures website", "https://hipsprocedures.org.uk/"),
        ("‘Day in my Life’ tools", None),
    ]


def test_themes_and_counts() -> None:
    """Three themes as published: 5 and 3 messages, and Child Sexual Abuse with a note only."""
    (briefing,) = read_file(bundled_data_path()).briefings
    assert [(t.title, t.slug, len(t.messages)) for t in briefing.themes] == [
        ("Working Together and Sharing Information", "working-together-and-sharing-information", 5),
        ("Think Family", "think-family", 3),
        ("Child Sexual Abuse", "child-sexual-abuse", 0),
    ]
    csa = briefing.themes[2]
    assert csa.note is not None
    assert "no key messages" in csa.note
    assert briefing.url is not None
    assert briefing.url in csa.note


def test_every_message_is_verbatim_from_the_seed() -> None:
    """Every bullet of the published text is a message, in order, character for character."""
    (briefing,) = read_file(bundled_data_path()).briefings
    messages = [message for theme in briefing.themes for message in theme.messages]
    assert messages == seed_bullets()
    assert len(messages) == 8


def test_summary_and_remember_are_verbatim() -> None:
    """The three introductory paragraphs and the remember line appear exactly in the seed."""
    (briefing,) = read_file(bundled_data_path()).briefings
    assert briefing.summary is not None
    paragraphs = briefing.summary.split("\n\n")
    assert len(paragraphs) == 3
    text = seed_text()
    for paragraph in paragraphs:
        assert paragraph in text
    assert f"Remember: {briefing.remember}" in text


def test_glossary_has_the_acronyms_practitioners_meet() -> None:
    """The glossary expands the seed's acronyms and the common ones of the field."""
    glossary = read_file(bundled_data_path()).glossary
    expected = {
        "HSCP": "Hampshire Safeguarding Children Partnership",
        "LIG": "Learning and Inquiry Group",
        "HIPS": "Hampshire, Isle of Wight, Portsmouth and Southampton",
        "CPP": "Child Protection Plan",
        "CIN": "Child in Need",
        "CSPR": "Child Safeguarding Practice Review",
        "LSCP": "Local Safeguarding Children Partnership",
        "MASH": "Multi-Agency Safeguarding Hub",
        "DSL": "Designated Safeguarding Lead",
        "CSA": "Child Sexual Abuse",
        "CSE": "Child Sexual Exploitation",
        "DA": "Domestic Abuse",
        "MARAC": "Multi-Agency Risk Assessment Conference",
        "LADO": "Local Authority Designated Officer",
        "EHA": "Early Help Assessment",
    }
    for term, expansion in expected.items():
        assert glossary.get(term) == expansion, term
