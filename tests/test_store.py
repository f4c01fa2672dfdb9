"""The SQLite store: each theme's messages are one contiguous range of rows, and search within a
theme uses that range."""

from __future__ import annotations

import sqlite3

from learnref import commands
from learnref.model import Briefing, Library, Theme
from learnref.store import Store

from .conftest import Runner


def _library() -> Library:
    themes = (
        Theme("First", "first", ("one", "two", "three")),
        Theme("Second", "second", ("four", "five")),
        Theme("Empty", "empty", (), note="none given"),
        Theme("Third", "third", ("six",)),
    )
    return Library((Briefing("b", "B", "P", "2024-01-01", themes),), {})


def test_message_rows_are_contiguous_per_theme() -> None:
    """Each theme's messages get consecutive row ids, so a theme's range holds only its own."""
    store = Store.build(sqlite3.connect(":memory:"), _library(), {"key": ""})
    for slug, texts in (("first", ["one", "two", "three"]), ("second", ["four", "five"])):
        ((first, last),) = store.message_range(slug, None)
        assert [store.message(rowid).text for rowid in range(first, last + 1)] == texts
        assert {store.message(rowid).theme.slug for rowid in range(first, last + 1)} == {slug}
    assert store.message_range("empty", None) == []
    ((first, last),) = store.message_range("third", None)
    assert store.message(first).text == "six"
    assert first == last


def test_bundled_message_rows_are_contiguous_per_theme() -> None:
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
