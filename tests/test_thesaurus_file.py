"""The bundled thesaurus (data/thesaurus.yaml) keeps the rules its header states."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

THESAURUS = Path(__file__).resolve().parent.parent / "data" / "thesaurus.yaml"
ACRONYM = re.compile(r"[A-Z0-9&-]+")


# Words so general that, suggested, they would match almost every message.
TOO_GENERAL = frozenset(
    """child children family parent parents help support work concern concerns safeguarding
    risk practitioner practitioners professional professionals agency agencies assessment
    plan""".split()  # noqa: SIM905 - reads better as prose
)


def document() -> dict[str, Any]:
    """The file, read with PyYAML alone so the check does not depend on the loader."""
    found: dict[str, Any] = yaml.safe_load(THESAURUS.read_text(encoding="utf-8"))
    assert set(found) == {"version", "synonyms", "related"}
    assert found["version"] == 1
    return found


def groups() -> list[list[Any]]:
    """The `synonyms:` groups."""
    found: list[list[Any]] = document()["synonyms"]
    return found


def related() -> list[dict[str, Any]]:
    """The `related:` entries."""
    found: list[dict[str, Any]] = document()["related"]
    return found


def plain(entry: object) -> bool:
    """One to four single-spaced ASCII words, lower case except acronyms."""
    return (
        isinstance(entry, str)
        and entry.isascii()
        and entry == " ".join(entry.split())
        and 1 <= len(entry.split()) <= 4
        and all(word == word.lower() or ACRONYM.fullmatch(word) for word in entry.split())
    )


def test_there_are_enough_groups() -> None:
    """A thesaurus with a few groups would leave most everyday words unmatched."""
    assert len(groups()) >= 300


def test_each_group_has_at_least_two_short_plain_entries() -> None:
    """Entries are strings of one to four words, plain ASCII, single-spaced."""
    for group in groups():
        assert isinstance(group, list), group
        assert len(group) >= 2, group
        for entry in group:
            assert isinstance(entry, str), (entry, group)
            assert entry.isascii(), entry
            assert entry == " ".join(entry.split()), entry
            assert 1 <= len(entry.split()) <= 4, entry


def test_entries_are_lower_case_except_acronyms() -> None:
    """A word with a capital is an acronym written wholly in capitals (DNA, S47, A&E)."""
    for group in groups():
        for entry in group:
            for word in entry.split():
                assert word == word.lower() or ACRONYM.fullmatch(word), entry


def test_no_entry_is_in_two_groups() -> None:
    """A shared entry would silently join two groups into one."""
    home: dict[str, int] = {}
    for number, group in enumerate(groups()):
        keys = [entry.lower() for entry in group]
        assert len(keys) == len(set(keys)), f"an entry is twice in {group}"
        for key in keys:
            assert key not in home, f"{key!r} is in two groups"
            home[key] = number


def test_no_group_repeats_another() -> None:
    """Each group appears once."""
    keys = [frozenset(entry.lower() for entry in group) for group in groups()]
    assert len(keys) == len(set(keys))


def test_everyday_words_meet_their_professional_terms() -> None:
    """A few pairs practitioners rely on sit in the same group."""
    group_of = {entry: number for number, group in enumerate(groups()) for entry in group}
    pairs = [
        ("DNA", "was not brought"),
        ("WNB", "missed appointment"),
        ("mum", "mother"),
        ("co-sleeping", "bed sharing"),
        ("won't let me in", "no access"),
        ("keeps cancelling", "not engaging"),
        ("running away", "missing episode"),
        ("S47", "child protection enquiry"),
        ("EHE", "home schooling"),
        ("AHT", "shaken baby"),
    ]
    for one, other in pairs:
        assert group_of[one] == group_of[other], (one, other)


def test_there_are_enough_related_entries() -> None:
    """Related words cover the everyday words of every topic, not a handful."""
    assert len(related()) >= 300


def test_related_entries_are_short_plain_and_point_somewhere_specific() -> None:
    """Each entry has everyday words and professional suggestions, short and plain; no
    suggestion is a word so general that it would match almost every message."""
    for entry in related():
        assert set(entry) == {"words", "suggest"}, entry
        assert 1 <= len(entry["words"]) <= 25, entry
        assert 1 <= len(entry["suggest"]) <= 8, entry
        for phrase in entry["words"] + entry["suggest"]:
            assert plain(phrase), (phrase, entry)
        for phrase in entry["suggest"]:
            assert phrase.lower() not in TOO_GENERAL, (phrase, entry)
        words = {phrase.lower() for phrase in entry["words"]}
        assert not words & {phrase.lower() for phrase in entry["suggest"]}, entry
