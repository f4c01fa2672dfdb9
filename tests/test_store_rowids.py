"""The SQLite store: each theme's messages are one contiguous range of rows."""

from __future__ import annotations

from learnref import commands

from .conftest import Runner


def test_message_rows_are_contiguous_per_theme() -> None:
    """Every theme's rowid range holds exactly its own messages, numbered from 1."""
    store = commands.open_library(use_cache=False)
    for summary in store.summaries():
        numbers = [
            (store.message(rowid).theme.slug, store.message(rowid).number)
            for first, last in store.message_range(summary.slug, None)
            for rowid in range(first, last + 1)
        ]
        expected = [(summary.slug, n) for n in range(1, summary.message_count + 1)]
        assert numbers == expected


def test_search_within_a_theme(run: Runner) -> None:
    """search --theme finds every message of that theme and none of another (rowid ranges)."""
    result = run("search", "consider", "--theme", "think-family", "--format", "json")
    assert result.exit_code == 0
    assert '"message_number": 3' in result.stdout
    assert result.stdout.count('"slug": "think-family"') == 1
    other = run("search", "information", "--theme", "think-family", "--format", "json")
    assert '"slug": "working-together-and-sharing-information"' not in other.stdout
