"""Building the store on two threads: the word list and thesaurus rows worked out beside the
search index are those a plain reading gives, and no thread outlives a build that fails."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from learnref import cache, commands, store
from learnref.folding import WORD, fold
from learnref.model import Briefing, Library, Theme
from learnref.store import Store, stem_phrases

# ASCII letters, digits, punctuation and spaces, with the non-ASCII kinds folded text holds:
# letters with and without marks, another script, digits that are not 0-9, a lone mark.
TEXT = st.text(
    alphabet=st.sampled_from(list("abcXYZ019 _-'.,;\t\n") + list("éßσςΣ日本½²\u0301ﬁ٣")),
    max_size=40,
)

MESSAGES = (
    "The café's staff_room had MASH forms; file them under_score 12 3a",
    "Ελληνικά σοφία, naïve résumé, straße: 日本語 and हिन्दी with 4½ and x²",
    "Plain ASCII message about chronology and risk_assessment 2023",
)


def _library() -> Library:
    themes = (
        Theme("Café culture", "cafe-culture", MESSAGES, aliases=("coffee",), tags=("naive",)),
        Theme("Second theme", "second", ("Chronology chronologies; assess assessments.",)),
        Theme("Empty", "empty", (), note="none given"),
    )
    return Library(
        (Briefing("b", "B", "P", "2024-01-01", themes),),
        {"MASH": "Multi-Agency Safeguarding Hub"},
        (("chronology", "timeline"),),
    )


def _reference_counts(texts: list[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(set(WORD.findall(text.replace("_", " "))))
    return counts


@given(st.lists(TEXT, max_size=6))
def test_word_counts_are_those_of_the_regular_expression(texts: list[str]) -> None:
    """SQLite's tokenizer, which counts ASCII text, finds the same words in folded text as
    `WORD`, each counted once a text."""
    folded = [fold(text) for text in texts]
    counts = store._word_counts(sqlite3.connect(":memory:"), folded)
    assert counts == _reference_counts(folded)


def test_words_past_the_tokenizer_limit_are_counted_whole() -> None:
    """A text longer than SQLite's tokenizer takes whole is split by `WORD` itself."""
    long_word = "a" * (store.WORD_TOKENIZER_LIMIT + 10)
    texts = [f"{long_word} b", "b c_d", "b"]
    counts = store._word_counts(sqlite3.connect(":memory:"), texts)
    assert counts == {long_word: 1, "b": 3, "c": 1, "d": 1}


WORDS = st.lists(
    st.text(alphabet=st.sampled_from(list("aeiouxyzst019") + list("éßσ日½")), min_size=1),
    max_size=8,
)


@given(WORDS)
def test_word_stems_are_those_of_stem_phrases(words: list[str]) -> None:
    """Words stemmed as one text get the stems each would get alone."""
    db = sqlite3.connect(":memory:")
    assert store._word_stems(db, words) == stem_phrases(db, words)


def test_long_words_are_stemmed_alone() -> None:
    """A word past the tokenizer's limit is stemmed as `stem_phrases` stems it."""
    words = ["running", "a" * (store.WORD_TOKENIZER_LIMIT + 1), "files"]
    db = sqlite3.connect(":memory:")
    assert store._word_stems(db, words) == stem_phrases(db, words)


def _word_list(db: sqlite3.Connection) -> set[tuple[str, str, int]]:
    import marshal

    return {
        entry
        for (data,) in db.execute("SELECT data FROM word_bucket WHERE by = 'word'")
        for entry in zip(*marshal.loads(data), strict=True)
    }


def test_word_list_holds_every_word_with_its_stem_and_count() -> None:
    """Every whole word of the messages and theme names (digits left out), with the stem the
    index gives it and how many messages hold it."""
    library = _library()
    db = sqlite3.connect(":memory:")
    Store.build(db, library, {"key": ""})
    themes = library.briefings[0].themes
    counts = _reference_counts([fold(text) for theme in themes for text in theme.messages])
    for theme in themes:
        names = fold(" ".join((theme.title, *theme.aliases, *theme.tags)).replace("-", " "))
        for word in set(WORD.findall(names)):
            counts[word] += len(theme.messages)
    words = [word for word in counts if not word.isdigit() and counts[word]]
    stems = stem_phrases(sqlite3.connect(":memory:"), words)
    expected = {(word, stem, counts[word]) for word, stem in zip(words, stems, strict=True)}
    assert _word_list(db) == expected
    assert ("cafe", "cafe", 4) in expected  # three messages, and the theme title's word
    assert ("日本語", "日本語", 1) in expected


def _tables(db: sqlite3.Connection) -> dict[str, list[Any]]:
    """Every table's rows, word buckets as sets (their order is of no account)."""
    import marshal

    names = [
        name
        for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if not name.endswith(("_data", "_idx", "_config", "_docsize"))
        and name not in ("message", "theme_title")
    ]
    tables: dict[str, list[Any]] = {}
    for name in names:
        rows = list(db.execute(f'SELECT * FROM "{name}"'))
        if name == "word_bucket":
            rows = [(by, n, sorted(zip(*marshal.loads(data), strict=True))) for by, n, data in rows]
        tables[name] = sorted(rows, key=repr)
    return tables


def test_index_built_later_gives_the_same_rows() -> None:
    """A store built with its index (the cache) and one whose index is built on the first
    search (in memory) hold the same rows."""
    library = _library()
    whole = sqlite3.connect(":memory:")
    Store.build(whole, library, {"key": ""})
    later = sqlite3.connect(":memory:")
    Store.build(later, library, {"key": ""}, search_index=False).ensure_search_index()
    assert _tables(whole) == _tables(later)
    assert len(_tables(whole)["equivalent"]) > 0


def _build_threads() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name == "learnref-build"]


def test_failed_background_work_is_raised_and_no_thread_is_left(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What the second thread raises is raised by the build itself."""

    def broken(*args: object) -> None:
        raise MemoryError

    monkeypatch.setattr(store, "_search_rows", broken)
    with pytest.raises(MemoryError):
        Store.build(sqlite3.connect(":memory:"), _library(), {"key": ""})
    assert _build_threads() == []


class _FailingIndex(sqlite3.Connection):
    """A connection whose statement filling the index fails with `error`."""

    error: BaseException = sqlite3.OperationalError("database or disk is full")

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        if sql.startswith("INSERT INTO message(rowid"):
            raise self.error
        return super().execute(sql, *args)


@pytest.mark.parametrize(
    "error", [sqlite3.OperationalError("database or disk is full"), KeyboardInterrupt()]
)
def test_failed_index_waits_for_the_second_thread(
    monkeypatch: pytest.MonkeyPatch, error: BaseException
) -> None:
    """A full disk or Ctrl-C while the index is filled stops the build only once the second
    thread has finished: none is left behind."""
    finished: list[bool] = []
    search_rows = store._search_rows

    def slow(*args: Any) -> store._SearchRows:
        time.sleep(0.2)
        rows = search_rows(*args)
        finished.append(True)
        return rows

    monkeypatch.setattr(store, "_search_rows", slow)
    monkeypatch.setattr(_FailingIndex, "error", error)
    db = sqlite3.connect(":memory:", factory=_FailingIndex)
    with pytest.raises(type(error)):
        Store.build(db, _library(), {"key": ""})
    assert finished == [True]
    assert _build_threads() == []


def test_ctrl_c_in_the_second_thread_leaves_no_temporary_file_nor_thread(
    isolated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build stopped while its second thread works leaves nothing behind."""

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    search_rows = store._search_rows
    monkeypatch.setattr(store, "_search_rows", interrupted)
    with pytest.raises(KeyboardInterrupt):
        commands.open_library()
    assert list(isolated_env.iterdir()) == []
    assert _build_threads() == []
    monkeypatch.setattr(store, "_search_rows", search_rows)
    assert commands.open_library().has_briefings()
    assert [path.name for path in isolated_env.iterdir()] == [
        cache._file_name(commands.open_library().meta("key") or "")
    ]
