"""The search evaluation set (benchmarks/eval): its library validates and its labels are sound."""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from learnref.loader import duplicate_ids, read_file

EVAL = Path(__file__).resolve().parent.parent / "benchmarks" / "eval"
LIBRARY = EVAL / "library"
QUERIES = EVAL / "queries.yaml"

MINIMUM_PER_CATEGORY = {
    "exact": 12,
    "word_form": 12,
    "typo": 12,
    "acronym": 12,
    "paraphrase": 20,
    "question": 20,
    "nonsense": 8,
}
SPLITS = {"dev", "test"}


@cache
def library_messages() -> frozenset[str]:
    """Every key message in the evaluation library."""
    messages: set[str] = set()
    for path in sorted(LIBRARY.glob("*.yaml")):
        content = read_file(path)
        messages.update(m for b in content.briefings for t in b.themes for m in t.messages)
    return frozenset(messages)


@cache
def queries() -> list[dict[str, Any]]:
    """The labelled queries, as written."""
    with QUERIES.open(encoding="utf-8") as stream:
        loaded: list[dict[str, Any]] = yaml.load(stream, Loader=yaml.CSafeLoader)
    return loaded


def test_every_library_file_validates_without_errors() -> None:
    """Each library file loads with learnref's own loader without errors, and ids never clash."""
    files = sorted(LIBRARY.glob("*.yaml"))
    assert len(files) >= 30
    contents = [read_file(path) for path in files]
    for content in contents:
        assert content.problems == [], content.path
        assert content.briefings, content.path
    assert all(not clashes for _, clashes in duplicate_ids(contents))


def test_library_has_enough_messages() -> None:
    """The library is large enough for search to have wrong answers to choose among."""
    assert len(library_messages()) >= 360


def test_every_answer_is_a_library_message() -> None:
    """Every labelled answer is a key message, character for character."""
    messages = library_messages()
    for query in queries():
        for answer in query["answers"]:
            assert answer in messages, (query["query"], answer)


def test_each_query_is_well_formed() -> None:
    """Each query has its four keys, a known category and split, and is written once."""
    seen: set[str] = set()
    for query in queries():
        assert set(query) == {"query", "category", "split", "answers"}, query
        assert isinstance(query["query"], str), query
        assert query["query"].strip(), query
        assert query["query"] not in seen, query["query"]
        seen.add(query["query"])
        assert query["category"] in MINIMUM_PER_CATEGORY, query
        assert query["split"] in SPLITS, query
        assert len(set(query["answers"])) == len(query["answers"]), query["query"]


def test_every_category_has_its_minimum_and_both_splits() -> None:
    """Each category has enough queries, in both the dev and the test split."""
    counts = Counter(query["category"] for query in queries())
    for category, minimum in MINIMUM_PER_CATEGORY.items():
        assert counts[category] >= minimum, category
        splits = {q["split"] for q in queries() if q["category"] == category}
        assert splits == SPLITS, category
    assert sum(counts.values()) >= 100


def test_nonsense_queries_have_no_answers_and_others_have_some() -> None:
    """Nonsense queries expect nothing; every other query expects at least one message."""
    for query in queries():
        if query["category"] == "nonsense":
            assert query["answers"] == [], query["query"]
        else:
            assert query["answers"], query["query"]


def test_test_split_is_about_forty_percent() -> None:
    """About two in five queries are held out for the test split."""
    splits = Counter(query["split"] for query in queries())
    share = splits["test"] / sum(splits.values())
    assert 0.3 <= share <= 0.5


INDEPENDENT_SETS = ("eval2", "eval3", "eval4", "eval5")


@pytest.mark.parametrize("name", INDEPENDENT_SETS)
def test_each_independent_set_validates_and_its_answers_are_its_messages(name: str) -> None:
    """benchmarks/eval2-5: every file loads without errors, and every labelled answer is one
    of its key messages, character for character."""
    folder = EVAL.parent / name
    contents = [read_file(path) for path in sorted((folder / "library").glob("*.yaml"))]
    assert len(contents) >= 10
    assert all(content.problems == [] for content in contents)
    messages = {m for c in contents for b in c.briefings for t in b.themes for m in t.messages}
    with (folder / "queries.yaml").open(encoding="utf-8") as stream:
        entries: list[dict[str, Any]] = yaml.load(stream, Loader=yaml.CSafeLoader)
    assert len(entries) >= 70
    for entry in entries:
        assert entry["category"] in MINIMUM_PER_CATEGORY, entry
        assert (entry["category"] == "nonsense") == (not entry["answers"]), entry["query"]
        for answer in entry["answers"]:
            assert answer in messages, (entry["query"], answer)
