"""Search reads queries as practitioners write them: each example of the search issue pinned."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from learnref import loader
from learnref.folding import fold, fold_with_offsets, spoken_words
from learnref.search import query_words

from .briefing_files import briefing
from .conftest import Runner

# Made-up messages for the tests (not guidance).
LIBRARY = """\
version: 1
briefings:
  - id: test-2024-05-words
    title: Words test
    publisher: Test Partnership
    published: 2024-05-01
    themes:
      - title: Words
        messages:
          - "The child was abused at home."
          - "The child tells a teacher about the family."
          - "The child spoke to the family about the school."
          - "Record the Maße of the room."
          - "Keep the ﬁle on the system."
          - "Contact the ＭＡＳＨ by phone."
          - "A grandmother cared for the baby."
          - "Be alert to a girl at risk of FGM being taken abroad."
synonyms:
  - [grandmother, grandma, nan]
"""


@pytest.fixture
def words_file(tmp_path: Path) -> Path:
    path = tmp_path / "words.yaml"
    path.write_text(LIBRARY, encoding="utf-8")
    return path


def search(run: Runner, *args: str, data: Path | None = None) -> tuple[int, dict[str, object]]:
    extra = ["--no-bundled", "--data", str(data)] if data else []
    result = run(*extra, "search", *args, "--format", "json")
    return result.exit_code, json.loads(result.stdout)


def texts(data: dict[str, object]) -> list[str]:
    results = data["results"]
    assert isinstance(results, list)
    return [r["text"] for r in results]


def test_contractions_expand_and_fragments_never_match(run: Runner) -> None:
    """`dad isn't engaging` finds the not-engaging message, not a match on the letter t."""
    code, data = search(run, "dad isn't engaging")
    assert code == 0
    assert "not engaging" in texts(data)[0]
    assert query_words("dad isn't engaging") == ["dad", "is", "not", "engaging"]
    assert query_words("mum's can't won't") == ["mum", "can", "not", "will", "not"]


def test_unknown_word_scores_below_and_is_reported(run: Runner) -> None:
    """A word the library does not know lowers the score and is named in every format."""
    _, alone = search(run, "chronology")
    _, with_unknown = search(run, "xylophone chronology")
    assert with_unknown["unmatched_terms"] == ["xylophone"]
    first = alone["results"][0]["score"]  # type: ignore[index]
    second = with_unknown["results"][0]["score"]  # type: ignore[index]
    assert second <= first - 20
    assert "not found: xylophone" in run("search", "xylophone", "chronology").stdout


def test_not_alone_never_matches(run: Runner) -> None:
    """`was not brought` does not match on "not" alone."""
    result = run("search", "was not brought")
    assert result.exit_code == 1
    assert result.stdout == ""


def test_real_words_are_not_corrected(run: Runner) -> None:
    """`missed appointments` is never corrected to "misuse"."""
    code, data = search(run, "missed appointments")
    assert code == 1
    assert data["corrections"] == {}
    # A thesaurus phrase the bundled briefing holds nothing of: one thing asked, not found.
    assert data["unmatched_terms"] == ["missed appointments"]


def test_correction_is_shown(run: Runner) -> None:
    """Every format says what was corrected."""
    result = run("search", "cronology")
    assert result.stdout.startswith('Showing results for "chronologies" (you typed "cronology")\n')


def test_six_meaningful_words_are_kept() -> None:
    """A query of six meaningful words keeps all six (the old cap kept three)."""
    from learnref import commands
    from learnref.search import Index

    store = commands.open_library(use_cache=False, user=False)
    reading = Index(store).understand("record family stops answering door chronology xylophone")
    kept = [c.label for c in reading.concepts] + reading.unmatched
    assert len(kept) == 6


def test_csa_points_to_the_theme(run: Runner) -> None:
    """`search CSA` points to the Child Sexual Abuse theme and its note."""
    result = run("search", "CSA")
    assert result.exit_code == 1
    assert "See the theme 'Child Sexual Abuse': learnref show child-sexual-abuse" in result.stderr
    assert "captured text carries no key messages" in result.stderr


def test_json_no_match_is_one_object(run: Runner) -> None:
    """JSON on no match: one object with empty results and suggestions, exit 1."""
    code, data = search(run, "xylophone")
    assert code == 1
    assert set(data) == {
        "version",
        "query",
        "results",
        "unmatched_terms",
        "ignored_terms",
        "corrections",
        "suggestions",
    }
    assert data["results"] == []
    assert data["suggestions"][-1]["command"] == "learnref list"  # type: ignore[index]


def test_rare_words_outweigh_common_ones(run: Runner, words_file: Path) -> None:
    """The distinctive word decides: "abused" beats "tells" and "family"."""
    _, data = search(run, "child", "tells", "abused", data=words_file)
    assert texts(data)[0] == "The child was abused at home."


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("Maße", "Record the Maße of the room."),
        ("masse", "Record the Maße of the room."),
        ("ﬁle", "Keep the ﬁle on the system."),
        ("file", "Keep the ﬁle on the system."),
        ("ＭＡＳＨ", "Contact the ＭＡＳＨ by phone."),
        ("mash", "Contact the ＭＡＳＨ by phone."),
    ],
)
def test_folded_text_is_found(run: Runner, words_file: Path, query: str, text: str) -> None:
    """NFKC and casefold on both sides: ß, ligatures and full-width letters are found."""
    assert texts(search(run, query, data=words_file)[1])[0] == text


def test_highlight_maps_back_to_the_text_as_written() -> None:
    """Offsets in folded text map back to the original characters."""
    folded, origin = fold_with_offsets("Maße ok")
    assert folded == "masse ok"
    assert origin[folded.index("ok")] == 5
    assert fold("ＭＡＳＨ") == "mash"
    assert spoken_words("isn't") == ["is", "not"]


def test_synonym_expansion_is_shown(run: Runner, words_file: Path) -> None:
    """A thesaurus match names the expansion in matched_terms."""
    _, data = search(run, "grandma", data=words_file)
    assert data["results"][0]["matched_terms"] == ["grandma → grandmother"]  # type: ignore[index]


def test_related_english_words_help_and_are_shown(run: Runner, words_file: Path) -> None:
    """An English word that neither the library nor the thesaurus holds is matched through
    related words (WordNet) when another word of the query is found as typed, and each
    relation is shown."""
    code, data = search(run, "missy taken afield for FGM", data=words_file)
    assert code == 0
    assert texts(data)[0] == "Be alert to a girl at risk of FGM being taken abroad."
    terms = data["results"][0]["matched_terms"]  # type: ignore[index]
    assert "missy ≈ girl" in terms
    assert "afield ≈ abroad" in terms


def test_related_english_words_are_synonyms_not_broader_terms(run: Runner) -> None:
    """Only the other words of a word's commonest sense are used: WordNet's broader terms
    drift too far (upstairs ≈ part, call ≈ cry)."""
    from learnref.lexicon import related_words

    assert related_words("daughter") == ["girl"]
    assert "part" not in related_words("upstairs")
    assert "cry" not in related_words("call")


def test_related_words_alone_never_answer(run: Runner) -> None:
    """A query found only through related words gets no answer: "insurance" is related to
    "protection", which the bundled briefing holds, yet nothing comes back."""
    code, data = search(run, "insurance")
    assert code == 1
    assert data["results"] == []


def test_text_leaves_out_scores_unless_asked(run: Runner) -> None:
    """Text output shows scores only with --scores."""
    assert "Score:" not in run("search", "chronology").stdout
    assert "   Score: 85" in run("search", "chronology", "--scores").stdout


def test_synonyms_validation(tmp_path: Path) -> None:
    """Synonym groups are validated with located errors; a shared entry is a warning."""
    path = tmp_path / "t.yaml"
    path.write_text(
        "version: 1\nsynonyms:\n  - [a, b]\n  - [b, c]\n  - [x]\n  - []\n  - [d, D]\n  - 5\n",
        encoding="utf-8",
    )
    content = loader.read_file(path)
    assert [(p.line, p.column) for p in content.problems] == [(5, 5), (6, 5), (7, 9), (8, 5)]
    assert [str(w).split(": ", 1)[1] for w in content.warnings] == [
        "warning: `b` is also in the synonym group on line 3; the two groups are joined"
    ]
    assert loader.merge_synonyms([("a", "b"), ("B", "c"), ("d", "e")]) == (
        ("a", "b", "c"),
        ("d", "e"),
    )


def test_file_with_only_a_thesaurus_is_valid(tmp_path: Path) -> None:
    """A file may hold only `synonyms:` (or only `glossary:`); one with none is an error."""
    path = tmp_path / "t.yaml"
    path.write_text("version: 1\nsynonyms:\n  - [a, b]\n", encoding="utf-8")
    assert loader.read_file(path).problems == []
    path.write_text("version: 1\n", encoding="utf-8")
    assert "has no `briefings`" in loader.read_file(path).problems[0].message


def test_bundled_thesaurus_loads_without_the_bundled_briefing(
    run: Runner, words_file: Path
) -> None:
    """--no-bundled leaves out the bundled briefing, never the thesaurus."""
    text = LIBRARY.replace("synonyms:\n  - [grandmother, grandma, nan]\n", "")
    words_file.write_text(text, encoding="utf-8")
    _, data = search(run, "granny", data=words_file)
    assert texts(data) == ["A grandmother cared for the baby."]


def test_a_pasted_book_is_cheap_and_safe(run: Runner) -> None:
    """A query of tens of thousands of words is read by its first words, without an error."""
    result = run("search", "chronology " * 40_000)
    assert result.exit_code == 0
    assert "Use chronologies" in result.stdout


def test_a_phrase_of_common_words_the_library_lacks_is_not_found(run: Runner) -> None:
    """`won't let me in` is a thesaurus phrase made of common words: when the library holds
    none of its group, it is reported as not found rather than vanishing as common words."""
    code, data = search(run, "child won't let me in")
    assert code == 1
    assert data["unmatched_terms"] == ["will not let me in"]


@pytest.mark.parametrize(
    "query", ["chronology", "sharing information agencies", "family not engaging"]
)
def test_a_smaller_limit_lists_the_same_first_results(run: Runner, query: str) -> None:
    """--limit cuts the list; it never changes which results come first."""
    _, everything = search(run, query)
    _, first = search(run, query, "--limit", "1")
    assert texts(first) == texts(everything)[:1]


TYPOS = """\
version: 1
briefings:
  - id: test-2024-06-typos
    title: Typos test
    publisher: Test Partnership
    published: 2024-06-01
    themes:
      - title: Radicalisation
        messages:
          - "Notice sudden changes in friendships and interests."
      - title: School
        messages:
          - "Treat exclusion from school as a time of risk."
          - "Do not let poverty excuse neglect."
"""


@pytest.mark.parametrize(
    ("query", "corrected", "first"),
    [
        # A word of a theme's title is a word of its messages: its typo is corrected too.
        ("radicalisaton", "radicalisation", "Notice sudden changes in friendships and interests."),
        # A whole word one letter away beats a word that only shares a stem (excus-).
        ("excusion from school", "exclusion", "Treat exclusion from school as a time of risk."),
    ],
)
def test_typos_are_corrected_into_the_nearest_whole_word(
    run: Runner, tmp_path: Path, query: str, corrected: str, first: str
) -> None:
    """Corrections reach the words of themes, and prefer the nearest whole word."""
    path = tmp_path / "typos.yaml"
    path.write_text(TYPOS, encoding="utf-8")
    code, data = search(run, query, data=path)
    assert code == 0
    assert corrected in data["corrections"].values()  # type: ignore[attr-defined]
    assert texts(data)[0] == first


IRREGULAR = """\
version: 1
briefings:
  - id: test-2024-07-forms
    title: Forms test
    publisher: Test Partnership
    published: 2024-07-01
    themes:
      - title: Babies
        messages:
          - "Never shake a baby; explain to every carer how to cope with crying."
          - "Take a child to the emergency department when a head injury is suspected."
"""


@pytest.mark.parametrize(
    ("query", "term"),
    [
        ("shaken", "shaken → shake"),  # an irregular form the stemmer cannot see
        ("shook", "shook → shake"),
        ("A&E", "a e → emergency department"),  # one-letter parts of a thesaurus phrase
    ],
)
def test_irregular_forms_and_short_phrases_are_found(
    run: Runner, tmp_path: Path, query: str, term: str
) -> None:
    """Irregular forms (WordNet's exception lists) and phrases of one-letter parts find the
    messages that hold their base or their thesaurus group."""
    path = tmp_path / "forms.yaml"
    path.write_text(IRREGULAR, encoding="utf-8")
    code, data = search(run, query, data=path)
    assert code == 0
    assert term in data["results"][0]["matched_terms"]  # type: ignore[index]


def test_a_known_phrase_never_falls_back_to_one_of_its_words(run: Runner) -> None:
    """`child in need` is one thing asked: the bundled briefing holds nothing of its group,
    so it is not found, and "child" alone never answers it."""
    code, data = search(run, "child in need")
    assert code == 1
    assert data["unmatched_terms"] == ["child in need"]


def test_words_past_the_sixth_are_named_as_not_searched(run: Runner) -> None:
    """A long question is read for its first six meaningful words; the rest are named, in
    JSON and in text, never dropped without a word."""
    query = "urgent concern today from neighbour worried about little boy with bruise"
    _, data = search(run, query)
    assert data["ignored_terms"] == ["bruise"]
    result = run("search", query)
    assert "not searched (a query is read for its first six meaningful words): bruise" in (
        result.stderr
    )


@pytest.mark.parametrize(
    ("query", "read"),
    [
        ("I'm worried about did not attend", ["did", "not", "attend"]),
        ("we are really concerned that a baby is bruised", ["baby", "is", "bruised"]),
        ("when should I worry about was not brought", ["was", "not", "brought"]),
        ("how do I deal with neglect", ["neglect"]),
        ("how do I handle a disclosure", ["disclosure"]),
        ("where can I find guidance on elective home education", ["elective", "home", "education"]),
        ("what does the guidance say about chronologies", ["chronologies"]),
        ("help with core groups please", ["core", "groups", "please"]),
        ("advice on safe sleep", ["safe", "sleep"]),
        # Not framing: the words are the request itself.
        ("early help with housing", ["early", "help", "with", "housing"]),
        ("worried", ["worried"]),
        ("information sharing", ["information", "sharing"]),
    ],
)
def test_request_framing_is_not_content(query: str, read: list[str]) -> None:
    assert query_words(query) == read


@pytest.mark.parametrize(
    "framing",
    ["I'm worried about {}", "when should I worry about {}", "what does the guidance say about {}"],
)
def test_a_framed_request_finds_what_the_words_alone_do(run: Runner, framing: str) -> None:
    _, plain = search(run, "chronology")
    _, framed = search(run, framing.format("chronology"))
    assert texts(framed)[:1] == texts(plain)[:1]
    assert framed["unmatched_terms"] == []


def test_a_thesaurus_phrase_that_opens_like_a_request_is_kept() -> None:
    """ "worried about a colleague" is a phrase of the bundled thesaurus (the LADO's work):
    alone it is the request itself; after a question's opening it is framing."""
    assert query_words("worried about a colleague") == ["worried", "about", "colleague"]
    assert query_words("when should I worry about a colleague") == ["colleague"]


RELATED_FRAMED = briefing(
    "test-2024-07-framed",
    theme="Missing",
    messages=(
        "Hold a return interview after each missing episode.",
        "Make a referral to children's social care.",
    ),
) + (
    "related:\n"
    "  - words: [does a runner]\n"
    "    suggest: [missing episode]\n"
    "  - words: [who should I ring]\n"
    "    suggest: [referral]\n"
)


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("does a runner", "Hold a return interview"),
        ("who should I ring", "Make a referral"),
        # Framing that begins no phrase is still set aside.
        ("how do I make a referral", "Make a referral"),
    ],
)
def test_a_phrase_that_begins_like_a_question_is_read_whole(
    run: Runner, tmp_path: Path, query: str, first: str
) -> None:
    data = tmp_path / "framed.yaml"
    data.write_text(RELATED_FRAMED, encoding="utf-8")
    code, answer = search(run, query, data=data)
    assert code == 0
    assert texts(answer)[0].startswith(first)
