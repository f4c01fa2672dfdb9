"""Related words (`related:` in the data format): validated with located problems, merged
across files, kept by the cache, and used by search one way, only as a fallback."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from learnref import loader
from learnref.model import Related
from learnref.store import Store

from .briefing_files import briefing
from .conftest import Runner

# Made-up messages for the tests (not guidance).
LIBRARY = """\
version: 1
briefings:
  - id: test-2024-06-related
    title: Related words test
    publisher: Test Partnership
    published: 2024-06-01
    themes:
      - title: Home
        messages:
          - "Ask about domestic abuse at every contact."
          - "A relative caring for a child needs an assessment too."
          - "The boy punched a wall at school."
          - "Invite the father of the new baby to the assessment."
          - "Check the home conditions on every visit."
related:
  - words: [punch, slap, beat up]
    suggest: [domestic abuse, assault]
  - words: [gran, auntie]
    suggest: [relative, kinship carer]
"""


@pytest.fixture
def library_file(tmp_path: Path) -> Path:
    path = tmp_path / "related.yaml"
    path.write_text(LIBRARY, encoding="utf-8")
    return path


def search(run: Runner, data: Path, query: str) -> dict[str, object]:
    result = run("--no-bundled", "--data", str(data), "search", query, "--format", "json")
    assert result.exit_code in (0, 1), result.stderr
    found: dict[str, object] = json.loads(result.stdout)
    return found


def results(data: dict[str, object]) -> list[tuple[str, list[str]]]:
    found = data["results"]
    assert isinstance(found, list)
    return [(r["text"], r["matched_terms"]) for r in found]


def problems(tmp_path: Path, text: str) -> list[tuple[int, int, str]]:
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    return [(p.line, p.column, p.message) for p in loader.read_file(path).problems]


def test_a_file_of_related_words_alone_is_valid(tmp_path: Path) -> None:
    """A file may hold only `related:`; its entries are read as written."""
    path = tmp_path / "r.yaml"
    path.write_text(
        "version: 1\nrelated:\n  - words: [gran, nan]\n    suggest: [relative]\n", "utf-8"
    )
    content = loader.read_file(path)
    assert content.problems == []
    assert content.related == [Related(("gran", "nan"), ("relative",))]


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        (
            "  - [gran, relative]\n",
            (3, 5, "related entry 1 should be a mapping of `key: value` lines, not a list"),
        ),
        (
            "  - words: [gran]\n",
            (3, 5, "related entry 1 is missing the required key `suggest`"),
        ),
        (
            "  - words: [gran]\n    suggest: []\n",
            (4, 14, "`suggest` of related entry 1 is empty; give at least one word or phrase"),
        ),
        (
            "  - words: [gran, Gran]\n    suggest: [relative]\n",
            (3, 19, "`Gran` is in `words` of related entry 1 twice"),
        ),
        (
            "  - words: [gran]\n    suggest: [GRAN, relative]\n",
            (
                4,
                14,
                "`gran` is in both `words` and `suggest` of related entry 1; "
                "a word cannot suggest itself",
            ),
        ),
        (
            "  - words: [gran]\n    suggest: [relative]\n    see: [x]\n",
            (5, 5, "unknown key `see` in related entry 1; expected one of: words, suggest"),
        ),
        (
            "  - words: gran\n    suggest: [relative]\n",
            (
                3,
                12,
                "`words` of related entry 1 should be a list (lines starting with `- `), not text",
            ),
        ),
    ],
)
def test_related_entries_are_validated_with_located_problems(
    tmp_path: Path, entry: str, expected: tuple[int, int, str]
) -> None:
    """Each mistake in an entry is a problem at its line and column, saying what to do."""
    assert problems(tmp_path, "version: 1\nrelated:\n" + entry) == [expected]


def test_related_entries_merge_across_files_and_round_trip_through_the_cache(
    tmp_path: Path,
) -> None:
    """Entries from every file are kept, in load order, and the cache gives them back."""
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text("version: 1\nrelated:\n  - words: [gran]\n    suggest: [relative]\n")
    second.write_text("version: 1\nrelated:\n  - words: [slap]\n    suggest: [assault, harm]\n")
    library = loader.merge([loader.read_file(first), loader.read_file(second)])
    assert library.related == (
        Related(("gran",), ("relative",)),
        Related(("slap",), ("assault", "harm")),
    )
    store = Store.build(sqlite3.connect(":memory:"), library, {})
    assert store.related() == list(library.related)


def test_an_everyday_word_finds_what_it_suggests(run: Runner, library_file: Path) -> None:
    """`gran` finds the message about a relative, and says how it was read."""
    data = search(run, library_file, "gran")
    assert results(data) == [
        ("A relative caring for a child needs an assessment too.", ["gran ≈ relative"])
    ]


def test_a_synonym_of_the_word_suggests_the_same(run: Runner, library_file: Path) -> None:
    """`grandma` is in the bundled thesaurus group of `gran`, so it suggests `relative` too."""
    data = search(run, library_file, "grandma")
    assert results(data)[0][1] == ["grandma ≈ relative"]


def test_suggestions_work_one_way(run: Runner, library_file: Path) -> None:
    """`domestic abuse` never finds a message because it says `punched`."""
    data = search(run, library_file, "domestic abuse")
    assert [text for text, _ in results(data)] == ["Ask about domestic abuse at every contact."]


def test_a_word_the_library_holds_is_not_replaced(run: Runner, library_file: Path) -> None:
    """`punch` is in a message: that message answers, not the ones it would suggest."""
    data = search(run, library_file, "punch")
    assert results(data) == [("The boy punched a wall at school.", ["punch"])]


def test_a_suggested_word_scores_below_the_word_itself(run: Runner, library_file: Path) -> None:
    """A message found through a suggestion is ranked as a looser match than one that
    holds the typed word."""
    exact = search(run, library_file, "relative")
    suggested = search(run, library_file, "gran")
    assert isinstance(exact["results"], list)
    assert isinstance(suggested["results"], list)
    assert suggested["results"][0]["score"] < exact["results"][0]["score"]


def test_a_phrase_the_library_lacks_is_read_by_its_words(run: Runner, library_file: Path) -> None:
    """`baby's father` (a thesaurus phrase no message holds) finds the message holding both
    words apart; `child in need`, with one meaningful word, is not found rather than matched
    on `child` alone."""
    data = search(run, library_file, "baby's father")
    assert results(data)[0] == (
        "Invite the father of the new baby to the assessment.",
        ["baby father"],
    )
    missing = search(run, library_file, "child in need")
    assert (missing["results"], missing["unmatched_terms"]) == ([], ["child in need"])


# Made-up words (zorbled, blimmed) that no English word list or bundled entry holds.
LOOSE_MESSAGES = briefing(
    "test-2024-06-loose",
    theme="Home",
    messages=(
        "Record each episode of a young person going missing.",
        "Notice when a family is avoiding professionals who visit.",
        "Mum was seen at the clinic.",
        "A blimp was seen over the school.",
    ),
)
LOOSE_LIBRARY = (
    LOOSE_MESSAGES
    + """related:
  - words: [blimmed off]
    suggest: [missing episode]
  - words: [zorbling us off, zorbling me off]
    suggest: [avoiding professionals]
"""
)


@pytest.fixture
def loose_file(tmp_path: Path) -> Path:
    path = tmp_path / "loose.yaml"
    path.write_text(LOOSE_LIBRARY, encoding="utf-8")
    return path


def test_a_suggested_phrase_matches_its_words_close_together(run: Runner, loose_file: Path) -> None:
    """`missing episode` is one partnership's wording; "each episode of a young person going
    missing" says it too, in another order and form."""
    data = search(run, loose_file, "blimmed off")
    assert results(data) == [
        (
            "Record each episode of a young person going missing.",
            ["blimmed off ≈ missing episode"],
        )
    ]


def test_a_word_only_thesaurus_phrases_hold_is_read_through_them(
    run: Runner, loose_file: Path
) -> None:
    """`zorbled` is in no message and no entry by itself, only in the phrase `zorbling us
    off`: beside a word found, it is searched through what that phrase suggests, shown
    with ≈; alone, like a related English word, it answers nothing."""
    data = search(run, loose_file, "zorbled home visits")
    assert results(data)[0] == (
        "Notice when a family is avoiding professionals who visit.",
        ["zorbled ≈ avoiding professionals", "home visits"],
    )
    alone = search(run, loose_file, "zorbled")
    assert (alone["results"], alone["unmatched_terms"]) == ([], ["zorbled"])


def test_a_slip_from_a_library_word_is_a_typo_though_a_phrase_shares_its_stem(
    run: Runner, loose_file: Path
) -> None:
    """`blims` is no English word and one letter from the library's `blimp`; the phrase
    `blimmed off` shares only its stem, not the word as typed, so it is corrected (slang a
    phrase holds as typed is never corrected: tests/test_typo_slips.py)."""
    result = run("--no-bundled", "--data", str(loose_file), "search", "blims", "--format", "json")
    data = json.loads(result.stdout)
    assert (result.exit_code, data["corrections"]) == (0, {"blims": "blimp"})
    assert data["results"][0]["text"] == "A blimp was seen over the school."


@pytest.mark.parametrize(("phrases", "read"), [(2, True), (3, False)])
def test_an_english_word_stands_for_at_most_two_phrases(
    run: Runner, tmp_path: Path, phrases: int, read: bool
) -> None:
    """`lantern` is an English word with everyday senses: inside two thesaurus phrases it is
    read through them, inside three it says too little by itself and is not found."""
    entries = "".join(
        f"  - words: [lantern {word}]\n    suggest: [avoiding professionals]\n"
        for word in ("parade", "festival", "procession")[:phrases]
    )
    path = tmp_path / "lantern.yaml"
    path.write_text(LOOSE_MESSAGES + "related:\n" + entries, "utf-8")
    data = search(run, path, "lantern home visits")
    matched = [term for _, terms in results(data) for term in terms]
    assert ("lantern ≈ avoiding professionals" in matched) is read
    assert ("lantern" in data["unmatched_terms"]) is not read  # type: ignore[operator]


def test_the_shipped_thesaurus_reads_the_same_fast_or_checked() -> None:
    """The bundled thesaurus is read without node-by-node checks; it gives exactly what the
    checked reader gives, and the checked reader finds nothing wrong with it."""
    from learnref.sources import thesaurus_path

    checked = loader.read_file(thesaurus_path(), "t")
    fast = loader.read_shipped_words(thesaurus_path(), "t")
    assert fast is not None
    assert (checked.problems, checked.warnings) == ([], [])
    assert (fast.synonyms, fast.related) == (checked.synonyms, checked.related)


@pytest.mark.parametrize(
    "text",
    [
        "version: 2\nsynonyms:\n  - [a, b]\n",
        "version: 1\nsynonyms:\n  - [a]\n",
        "version: 1\nsynonyms:\n  - [a, no]\n",
        "version: 1\nbriefings: []\n",
        "version: 1\nrelated:\n  - words: [a]\n",
        "version: 1\nrelated:\n  - words: []\n    suggest: [b]\n",
        "[a, b]\n",
        "version: 1\nsynonyms: [a: b\n",
    ],
)
def test_an_odd_shipped_thesaurus_is_left_to_the_checked_reader(tmp_path: Path, text: str) -> None:
    """Anything but the expected shape is read by read_file, which says what is wrong."""
    path = tmp_path / "t.yaml"
    path.write_text(text, encoding="utf-8")
    assert loader.read_shipped_words(path, "t") is None


def test_the_compiled_thesaurus_is_current() -> None:
    """data/thesaurus.json was compiled from data/thesaurus.yaml as it is now; after an
    edit, run scripts/compile_thesaurus.py."""
    from learnref.sources import thesaurus_path
    from learnref.thesaurus import compile_thesaurus, compiled_path

    source = thesaurus_path()
    assert compiled_path(source).read_text(encoding="utf-8") == compile_thesaurus(source)


def test_a_stale_or_damaged_compiled_thesaurus_is_not_used(tmp_path: Path) -> None:
    """The compiled form is read only when it was compiled from the source as it is; any
    other file is ignored, and the source is read instead."""
    from learnref.thesaurus import compile_thesaurus, compiled_path, read_compiled

    source = tmp_path / "t.yaml"
    source.write_text("version: 1\nsynonyms:\n  - [gran, nan]\n", encoding="utf-8")
    compiled = compiled_path(source)
    assert read_compiled(source, "t") is None  # none yet
    compiled.write_text(compile_thesaurus(source), encoding="utf-8")
    content = read_compiled(source, "t")
    assert content is not None
    assert (content.synonyms, content.stems) == ([("gran", "nan")], {"gran": "gran", "nan": "nan"})
    source.write_text("version: 1\nsynonyms:\n  - [gran, nana]\n", encoding="utf-8")
    assert read_compiled(source, "t") is None  # the source changed since
    compiled.write_text(compile_thesaurus(source)[:-20], encoding="utf-8")
    assert read_compiled(source, "t") is None  # cut short
    source.write_text("version: 1\nsynonyms:\n  - [a]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="only one entry"):
        compile_thesaurus(source)


def test_known_stems_are_trusted_only_when_this_sqlite_agrees() -> None:
    """Stems compiled elsewhere that this SQLite would not give are ignored: the phrases
    are stemmed again, and search still finds them."""
    library = loader.merge([])._replace(
        synonyms=(("grandmother", "grandma"),),
        known_stems={"grandmother": "wrong", "grandma": "wrong"},
    )
    store = Store.build(sqlite3.connect(":memory:"), library, {})
    rows = store.db.execute("SELECT phrase, stems FROM equivalent ORDER BY rowid").fetchall()
    assert rows == [("grandmother", "grandmoth"), ("grandma", "grandma")]


def test_text_and_markdown_name_the_related_words_searched(run: Runner, library_file: Path) -> None:
    """A reader sees that `gran` was searched as `relative`, to judge the looser match;
    nothing is said when every word was found as typed."""
    note = 'related words searched: relative (for "gran")'
    for output in ("text", "markdown", "rich"):
        result = run("--no-bundled", "--data", str(library_file), "search", "gran", "-f", output)
        assert note in result.stdout, output
    exact = run("--no-bundled", "--data", str(library_file), "search", "relative")
    assert "related words searched" not in exact.stdout
