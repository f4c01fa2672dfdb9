"""The SQLite store: message row ids line up with their themes."""

from __future__ import annotations

import sqlite3

from learnref.model import Briefing, Library, Theme
from learnref.store import Store


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
