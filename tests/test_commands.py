"""`list`, `search`, `glossary`, `--version` and `--help`: output, exit codes and messages."""

from __future__ import annotations

import json

import pytest

from learnref import __version__
from learnref.cli import DISCLAIMER

from .conftest import ROOT, Runner


def test_list_text(run: Runner) -> None:
    """`list` in a pipe prints the themes as aligned plain columns."""
    result = run("list")
    assert result.exit_code == 0
    assert result.stdout == (
        "THEME                                     MESSAGES  TITLE                                 "
        "    BRIEFING\n"
        "working-together-and-sharing-information  5         Working Together and Sharing Informa"
        "tion  Learning from Reviews (HSCP, 2023-09-12)\n"
        "think-family                              3         Think Family                        "
        "      Learning from Reviews (HSCP, 2023-09-12)\n"
        "child-sexual-abuse                        0         Child Sexual Abuse                  "
        "      Learning from Reviews (HSCP, 2023-09-12)\n"
    )


def test_list_json(run: Runner) -> None:
    """`list --format json` gives each theme's slug, title, aliases, count and briefings."""
    data = json.loads(run("list", "--format", "json").stdout)
    assert data["version"] == 1
    assert [(t["slug"], t["message_count"]) for t in data["themes"]] == [
        ("working-together-and-sharing-information", 5),
        ("think-family", 3),
        ("child-sexual-abuse", 0),
    ]
    assert data["themes"][1]["briefings"] == ["hscp-2023-09-learning-from-reviews"]


def test_list_briefings(run: Runner) -> None:
    """`list --briefings` lists each briefing with its date and counts."""
    result = run("list", "--briefings")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1].split() == [
        "hscp-2023-09-learning-from-reviews",
        "2023-09-12",
        "3",
        "8",
        "Learning",
        "from",
        "Reviews",
        "Hampshire",
        "Safeguarding",
        "Children",
        "Partnership",
        "(HSCP)",
    ]


def test_search_finds_chronologies(run: Runner) -> None:
    """`search chronology` ranks the chronologies message first, with theme and source."""
    result = run("search", "chronology")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:3] == [
        "1. Use chronologies for complex cases, to ensure that you are sharing information and "
        "your analysis of risk clearly.",
        "   Theme: Working Together and Sharing Information "
        "(working-together-and-sharing-information), message 4",
        "   Source: Hampshire Safeguarding Children Partnership (HSCP), Learning from Reviews, "
        "12 September 2023, https://www.hampshirescp.org.uk/learning-from-reviews/",
    ]


def test_search_tolerates_typos(run: Runner) -> None:
    """A misspelt word still finds its message."""
    result = run("search", "cronology", "--format", "json")
    data = json.loads(result.stdout)
    assert data["results"][0]["text"].startswith("Use chronologies for complex cases")
    assert data["corrections"] == {"cronology": "chronologies"}


def test_search_limit(run: Runner) -> None:
    """--limit caps the number of results."""
    data = json.loads(run("search", "information", "--limit", "2", "--format", "json").stdout)
    assert [r["rank"] for r in data["results"]] == [1, 2]


def test_search_nothing_found(run: Runner) -> None:
    """A query matching nothing exits 1 with a message on stderr and nothing on stdout."""
    result = run("search", "xylophone")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "No key message matches 'xylophone'.\n"
        "not found: xylophone\n"
        "See every theme with: learnref list\n"
    )


def test_search_only_common_words(run: Runner) -> None:
    """Common words alone never match anything, and the message says why."""
    result = run("search", "the", "of", "a")
    assert result.exit_code == 1
    assert result.stderr.startswith("Nothing found for 'the of a': it has only common words.")


@pytest.mark.parametrize("args", [["search", ""], ["search", "  "]])
def test_search_empty_query_is_usage_error(run: Runner, args: list[str]) -> None:
    """An empty or blank query is a usage error (exit 2)."""
    result = run(*args)
    assert result.exit_code == 2
    assert "the search query is empty" in result.stderr


@pytest.mark.parametrize("limit", ["0", "-3"])
def test_search_bad_limit_is_usage_error(run: Runner, limit: str) -> None:
    """--limit below 1 is a usage error (exit 2)."""
    result = run("search", "chronology", "--limit", limit)
    assert result.exit_code == 2
    assert "--limit" in result.stderr


def test_unknown_format_is_usage_error(run: Runner) -> None:
    """An unknown --format value is a usage error naming the valid ones."""
    result = run("show", "think-family", "--format", "pdf")
    assert result.exit_code == 2
    assert "'pdf' is not one of 'auto', 'rich', 'text', 'markdown', 'json'" in result.stderr


def test_glossary_term_any_case(run: Runner) -> None:
    """`glossary cpp` finds CPP whatever the case."""
    result = run("glossary", "cpp")
    assert result.exit_code == 0
    assert result.stdout == "TERM  MEANING\nCPP   Child Protection Plan\n"


def test_glossary_word_in_expansions(run: Runner) -> None:
    """A word that is not a term lists the terms whose meaning contains it."""
    result = run("glossary", "exploitation")
    assert result.stdout == (
        "TERM  MEANING\n"
        "CCE   Child Criminal Exploitation\n"
        "CEOP  Child Exploitation and Online Protection\n"
        "CSE   Child Sexual Exploitation\n"
        "MACE  Multi-Agency Child Exploitation\n"
    )


def test_glossary_daily_acronyms(run: Runner) -> None:
    """Acronyms met daily in appointments and infant care are in the glossary, in any case."""
    assert run("glossary", "DNA").stdout == "TERM  MEANING\nDNA   Did Not Attend\n"
    assert run("glossary", "wnb").stdout == "TERM  MEANING\nWNB   Was Not Brought\n"
    assert run("glossary", "s47").stdout == "TERM  MEANING\nS47   Section 47 Enquiry\n"
    assert run("glossary", "SUDI").stdout == (
        "TERM  MEANING\nSUDI  Sudden Unexpected Death in Infancy\n"
    )


def test_glossary_unknown_term(run: Runner) -> None:
    """An unknown term exits 1 with a suggestion."""
    result = run("glossary", "MASHH")
    assert result.exit_code == 1
    assert result.stderr == (
        "'MASHH' is not in the glossary. Did you mean 'MASH'?\n"
        "See every term with: learnref glossary\n"
    )


def test_version(run: Runner) -> None:
    """--version prints the version and the bundled briefing count."""
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"learnref {__version__} (1 bundled briefing)\n"


def test_help_carries_the_disclaimer(run: Runner) -> None:
    """--help says once that learnref is not procedure and where urgent concerns go."""
    result = run("--help")
    assert result.exit_code == 0
    assert " ".join(DISCLAIMER.split()) in " ".join(result.stdout.split())
    assert "999" in DISCLAIMER


def test_readme_carries_the_disclaimer() -> None:
    """The README repeats the disclaimer word for word."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert DISCLAIMER in " ".join(readme.split())


def test_no_arguments_shows_the_start_screen(run: Runner) -> None:
    """`learnref` alone shows the themes and what to try next (exit 0), not a usage error."""
    result = run()
    assert result.exit_code == 0
    assert "Every command and option: learnref --help" in result.stdout
