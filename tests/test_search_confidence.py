"""Search answers nothing rather than something loose: everyday words met here and there, or
a suggested word beside a word not found, never make a result on their own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import Runner

# Made-up messages for the tests (not guidance).
LIBRARY = """\
version: 1
briefings:
  - id: test-2024-07-confidence
    title: Confidence test
    publisher: Test Partnership
    published: 2024-07-01
    themes:
      - title: Neglect
        messages:
          - "Staff should train together on neglect."
          - "Check the times of every visit."
          - "Give the child time to speak."
          - "Record each injury with a body map."
          - "Use the train times to plan a visit to a rural family."
related:
  - words: [bleed, bleeding]
    suggest: [injury]
"""


@pytest.fixture
def library(tmp_path: Path) -> Path:
    path = tmp_path / "confidence.yaml"
    path.write_text(LIBRARY, encoding="utf-8")
    return path


def search(run: Runner, library: Path, query: str) -> tuple[int, list[str], list[str]]:
    result = run("--no-bundled", "--data", str(library), "search", query, "--format", "json")
    data = json.loads(result.stdout)
    return result.exit_code, [r["text"] for r in data["results"]], data["unmatched_terms"]


def test_everyday_words_met_here_and_there_answer_nothing(run: Runner, library: Path) -> None:
    """`train times to plan a holiday`: each word is in some message, none is a word of
    safeguarding, and no message holds them all: nothing, exit 1."""
    code, texts, unmatched = search(run, library, "train times holiday")
    assert (code, texts, unmatched) == (1, [], ["holiday"])


def test_a_message_holding_the_whole_query_still_answers(run: Runner, library: Path) -> None:
    """Everyday words that one message holds together are a real match."""
    code, texts, _ = search(run, library, "train times")
    assert code == 0
    assert texts[0] == "Use the train times to plan a visit to a rural family."


def test_a_word_of_a_theme_title_answers_beside_a_word_not_found(
    run: Runner, library: Path
) -> None:
    """`neglect` names a theme: with a word the library lacks, it still answers."""
    code, texts, unmatched = search(run, library, "neglect xylophone")
    assert (code, unmatched) == (0, ["xylophone"])
    assert texts[0] == "Staff should train together on neglect."


def test_a_suggestion_beside_a_word_not_found_answers_nothing(run: Runner, library: Path) -> None:
    """`bleed a radiator`: the suggestion of `bleed` (injury) and a word not found make no
    answer; `bleeding` alone finds the injury message."""
    assert search(run, library, "bleed a radiator")[:2] == (1, [])
    code, texts, _ = search(run, library, "bleeding")
    assert (code, texts) == (0, ["Record each injury with a body map."])


def test_an_age_typed_as_a_number_is_read_as_the_word_for_it() -> None:
    """ "15 year old" is a teenager, "6 month old" a baby: words the thesaurus links to a
    briefing's words. A number of years without "old" is left alone."""
    from learnref.search import query_words

    assert query_words("15 year old neglected") == ["teenager", "neglected"]
    assert query_words("6 months old") == ["baby"]
    assert query_words("a 4 yr old") == ["young", "child"]
    assert query_words("19 year old") == ["young", "adult"]
    assert query_words("for 2 years") == ["for", "2", "years"]


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("14yo girl", ["teenager", "girl"]),
        ("a 14 y/o", ["teenager"]),
        ("13yrs", ["teenager"]),
        ("aged 15", ["teenager"]),
        ("9yo translating", ["child", "translating"]),
        ("aged 2 weeks", ["baby"]),
        ("14 weeks pregnant", ["14", "weeks", "pregnant"]),
    ],
)
def test_an_age_as_people_text_it_is_read_as_the_word_for_it(typed: str, read: list[str]) -> None:
    """ "14yo", "14 y/o", "13yrs" and "aged 15" are ages too; weeks of pregnancy are not."""
    from learnref.search import query_words

    assert query_words(typed) == read


def test_a_number_the_library_lacks_is_no_miss(run: Runner, library: Path) -> None:
    """ "300 quid" or "four workers": how many is not what the query is about, so a number
    the library lacks is neither a miss nor a reason to answer nothing."""
    code, texts, unmatched = search(run, library, "four neglect injury 300")
    assert code == 0
    assert unmatched == []
    assert texts[0] in (
        "Record each injury with a body map.",
        "Staff should train together on neglect.",
    )


def test_an_everyday_setting_alone_answers_nothing(run: Runner, tmp_path: Path) -> None:
    """ "baby shower games": `baby` is a word of safeguarding, but as the only one it names a
    setting; a message holding it alone, or another everyday word alone, does not answer."""
    text = LIBRARY.replace(
        '          - "Check the times of every visit."\n',
        '          - "Check the times of every visit."\n'
        '          - "Ask where the baby sleeps."\n'
        '          - "Ask children about the games they play online."\n',
    )
    path = tmp_path / "settings.yaml"
    path.write_text(text, encoding="utf-8")
    assert search(run, path, "baby party games")[:2] == (1, [])
    # Beside a word of safeguarding, the same setting answers.
    code, texts, _ = search(run, path, "baby neglect")
    assert code == 0
    assert texts


def test_beside_a_word_not_found_one_word_alone_does_not_answer(run: Runner, library: Path) -> None:
    """ "speak injury xylophone": `xylophone` is not found, so only a message holding two
    of the other words answers; one holding `speak` or `injury` alone would be a guess."""
    assert search(run, library, "speak injury xylophone") == (1, [], ["xylophone"])
    code, texts, unmatched = search(run, library, "body map injury xylophone")
    assert (code, texts, unmatched) == (0, ["Record each injury with a body map."], ["xylophone"])


def test_who_alone_beside_a_phrase_not_found_answers_nothing(run: Runner) -> None:
    """ "family won't let me in": the bundled briefing lacks the phrase, and a message that
    only says "family" is no answer; what was not found is named."""
    result = run("search", "family won't let me in", "--format", "json")
    data = json.loads(result.stdout)
    assert result.exit_code == 1
    assert (data["results"], data["unmatched_terms"]) == ([], ["will not let me in"])


def test_an_age_not_found_is_named_as_typed(run: Runner) -> None:
    """The bundled briefing has no word for a teenager: "15 year old" is what was not found."""
    result = run("search", "15 year old xylophone", "--format", "json")
    assert json.loads(result.stdout)["unmatched_terms"] == ["15 year old", "xylophone"]


@pytest.mark.parametrize(
    ("question", "read"),
    [
        ("what are the signs of neglect", ["neglect"]),
        ("how do I spot grooming", ["grooming"]),
        ("how would I recognise fabricated illness", ["fabricated", "illness"]),
        ("is it ok to take a phone", ["take", "phone"]),
    ],
)
def test_asking_for_signs_is_question_framing(question: str, read: list[str]) -> None:
    """ "what are the signs of", "how do I spot", "is it ok to": the framing of a question,
    not what it is about."""
    from learnref.search import query_words

    assert query_words(question) == read


def test_a_leading_cannot_is_not_question_framing() -> None:
    """ "can't afford the heating" keeps its negation; "can I share" drops the framing."""
    from learnref.search import query_words

    assert query_words("can't afford the heating") == ["can", "not", "afford", "the", "heating"]
    assert query_words("can I share information") == ["share", "information"]


def test_a_word_is_corrected_only_into_a_word_that_starts_alike(
    run: Runner, tmp_path: Path
) -> None:
    """ "descale" shares a stem with "escalation" one letter apart, but is no typo of it."""
    path = tmp_path / "e.yaml"
    path.write_text(LIBRARY.replace("Check the times", "Escalation of the times"), "utf-8")
    code, texts, unmatched = search(run, path, "descale")
    assert (code, texts, unmatched) == (1, [], ["descale"])
    code, texts, _ = search(run, path, "escalaton")
    assert (code, texts) == (0, ["Escalation of the times of every visit."])


def test_a_phrase_typed_twice_is_asked_for_once(run: Runner, library: Path) -> None:
    """ "bleeding bleeding" asks for one thing, so its one message matches the whole query."""
    result = run(
        "--no-bundled", "--data", str(library), "search", "bleeding bleeding", "-f", "json"
    )
    data = json.loads(result.stdout)
    assert [r["matched_terms"] for r in data["results"]] == [["bleeding ≈ injury"]]


def test_what_happened_outweighs_who_it_happened_to(run: Runner, tmp_path: Path) -> None:
    """ "mum is depressed": the message about low mood comes before one that only names a
    mother, though "mother" is the rarer word in this library."""
    text = LIBRARY.replace(
        '          - "Record each injury with a body map."\n',
        '          - "Record each injury with a body map."\n'
        '          - "Ask every mother about her birth plan."\n'
        '          - "Notice low mood in a parent and offer help early."\n'
        '          - "Ask about low mood in a young person who stops eating."\n',
    )
    path = tmp_path / "people.yaml"
    path.write_text(text, encoding="utf-8")
    code, texts, _ = search(run, path, "mum is depressed")
    assert code == 0
    assert "low mood" in texts[0].lower()


def test_who_a_query_is_about_points_to_no_theme(run: Runner) -> None:
    """With nothing found, "kids" does not point to the Child Sexual Abuse theme (its word
    "child" is who, not what); "CSA" still does."""
    result = run("search", "kids xylophone zebra", "--format", "json")
    data = json.loads(result.stdout)
    assert (result.exit_code, data["results"]) == (1, [])
    assert [s["kind"] for s in data["suggestions"]] == ["command"]
    pointed = json.loads(run("search", "CSA", "--format", "json").stdout)["suggestions"]
    assert pointed[0]["title"] == "Child Sexual Abuse"


def test_a_shorter_phrase_is_read_when_a_longer_one_falls_back(run: Runner, tmp_path: Path) -> None:
    """ "dad drinks" is a related phrase the library cannot answer: "dad" is still read
    through its synonym group (father), not looked up as the bare word."""
    path = tmp_path / "dad.yaml"
    path.write_text(
        LIBRARY.replace(
            "Check the times of every visit.", "Ask the father about his week."
        ).replace("Give the child time to speak.", "Ask who drinks at home.")
        + "  - words: [dad drinks]\n    suggest: [alcohol misuse]\n",
        encoding="utf-8",
    )
    result = run("--no-bundled", "--data", str(path), "search", "dad drinks", "-f", "json")
    found = {r["text"]: r["matched_terms"] for r in json.loads(result.stdout)["results"]}
    assert found["Ask the father about his week."] == ["dad → father"]


def test_when_weighs_less_than_what(run: Runner, tmp_path: Path) -> None:
    """ "bleeding for weeks": the injury message comes before one that only says "weeks"."""
    path = tmp_path / "weeks.yaml"
    path.write_text(
        LIBRARY.replace("Check the times of every visit.", "Visit again within two weeks."),
        encoding="utf-8",
    )
    code, texts, _ = search(run, path, "bleeding for weeks")
    assert (code, texts[0]) == (0, "Record each injury with a body map.")


def test_a_glossary_heart_of_common_words_matches_nothing(run: Runner, tmp_path: Path) -> None:
    """TAF (Team Around the Family) does not match a message for saying "the family"; CPP
    (Child Protection Plan) still matches "protection plan"."""
    path = tmp_path / "heart.yaml"
    path.write_text(
        LIBRARY.replace("Check the times of every visit.", "Ask the family about school.").replace(
            "Give the child time to speak.", "Review the protection plan monthly."
        )
        + "glossary:\n  TAF: Team Around the Family\n  CPP: Child Protection Plan\n",
        encoding="utf-8",
    )
    assert search(run, path, "TAF")[:2] == (1, [])
    assert search(run, path, "CPP")[1] == ["Review the protection plan monthly."]
