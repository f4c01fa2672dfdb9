"""The bundled briefing file: valid, and served by the commands."""

from __future__ import annotations

from learnref.loader import load_bundled

from .conftest import Runner


def test_bundled_file_has_no_problems() -> None:
    """The bundled data file validates with no errors and no warnings."""
    content = load_bundled()
    assert content.problems == []
    assert content.warnings == []
    assert [briefing.id for briefing in content.briefings] == ["hscp-2023-09-learning-from-reviews"]


def test_list_shows_bundled_themes(run: Runner) -> None:
    """`list` prints the bundled themes as plain text when piped."""
    result = run("list")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    assert "think-family" in result.stdout
    assert "child-sexual-abuse" in result.stdout
