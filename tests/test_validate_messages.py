"""`validate` says what to do for the mistakes people make most by hand: a date that does not
exist, an unquoted colon, a wrong indent, text that YAML reads as a key, an unclosed quote."""

from __future__ import annotations

from pathlib import Path

import pytest

from learnref.yaml_hints import impossible_date_problem, placeholder_problem

from .briefing_files import GOOD
from .conftest import Runner


def _first_error(run: Runner, tmp_path: Path, text: str) -> str:
    path = tmp_path / "b.yaml"
    path.write_text(text, encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{path}:")
    return first[len(str(path)) :]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "published: 2024-01-31",
            "published: 2024-02-31",
            ":6:16: error: the `published` date of briefing `test-2024-01-briefing` is not a "
            "date: 31 February 2024 does not exist (February 2024 has 29 days); check the day "
            "and the month",
        ),
        (
            "published: 2024-01-31",
            "published: 2024-13-01",
            ":6:16: error: the `published` date of briefing `test-2024-01-briefing`, "
            "2024-13-01, is not a date: there is no month 13; write YYYY-MM-DD, with the month "
            "from 01 to 12",
        ),
        (
            "    title: Test briefing",
            "    title: Test: briefing",
            ":4:16: error: this text has `: ` in it, which YAML reads as the start of a new key; "
            "put the whole text in double quotes",
        ),
        (
            "    publisher: Test Partnership",
            "     publisher: Test Partnership",
            ":5:15: error: this line is indented differently from the one above, so YAML reads "
            "it as part of that line; indent it like the one above",
        ),
        (
            "    publisher: Test Partnership",
            "   publisher: Test Partnership",
            ":5:4: error: this line is not indented like the lines it belongs with; indent it "
            "like the other keys (or list items) at its level",
        ),
        (
            '          - "Fixture message one."',
            "          - Note: the fixture message",
            ":11:13: error: message 1 of theme `test-theme` should be text, but YAML read a "
            "mapping; the text has `: ` in it, which YAML reads as a key and a value: put the "
            "whole text in double quotes",
        ),
        (
            "    title: Test briefing",
            '    title: "Test" briefing',
            ":4:19: error: the text goes on after its closing quote; put the whole text inside "
            'the quotes, and write a quote mark inside it as \\" in double quotes or as two '
            "quote marks ('') in single quotes",
        ),
        (
            '          - "Fixture message one."',
            '          - "Fixture message one.',
            ":11:13: error: a quote is opened but never closed; end the text with the same "
            "quote mark",
        ),
    ],
)
def test_common_mistakes_say_what_to_do(
    run: Runner, tmp_path: Path, old: str, new: str, expected: str
) -> None:
    """Each common mistake gets a located message that says what to change."""
    assert old in GOOD
    assert _first_error(run, tmp_path, GOOD.replace(old, new)) == expected


def test_placeholder_and_date_helpers() -> None:
    """The helpers leave ordinary values alone."""
    assert placeholder_problem("Fill in the form", "x") is None
    assert placeholder_problem("FILL IN:", "x") == (
        "x is a placeholder from the template; replace it with the published text"
    )
    assert impossible_date_problem("31/02/2024", "b") is None
