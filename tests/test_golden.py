"""Every format of every content command, compared byte for byte with tests/golden/."""

from __future__ import annotations

import pytest

from .conftest import Runner, assert_golden

# SOURCE_DATE_EPOCH fixes the export date: 1 May 2025.
EXPORT_ENV = {"SOURCE_DATE_EPOCH": "1746057600"}

BUNDLED = [
    # (arguments, golden file)
    (["list"], "list"),
    (["list", "--briefings"], "list-briefings"),
    (["show", "think-family"], "show-think-family"),
    (["show", "csa"], "show-child-sexual-abuse"),
    (["search", "chronology"], "search-chronology"),
    (["search", "cronology", "xylophone", "risk"], "search-corrected-not-found"),
    (["glossary"], "glossary"),
    (["glossary", "CPP"], "glossary-cpp"),
    (["random", "--seed", "7"], "random-seed-7"),
]
FORMATS = [("text", "txt"), ("markdown", "md"), ("json", "json"), ("rich", "rich.txt")]


@pytest.mark.parametrize(("fmt", "ext"), [*FORMATS[:3]])
def test_search_no_match_output(run: Runner, fmt: str, ext: str) -> None:
    """A search with no match: JSON prints one object on stdout, the others nothing; all
    exit 1 and point on stderr to the theme the words name."""
    result = run("search", "CSA", "--format", fmt)
    assert result.exit_code == 1
    assert "See the theme 'Child Sexual Abuse': learnref show child-sexual-abuse" in result.stderr
    assert_golden(f"search-no-match.{ext}", result.stdout)


@pytest.mark.parametrize(("fmt", "ext"), FORMATS)
@pytest.mark.parametrize(("args", "name"), BUNDLED)
def test_bundled_output(run: Runner, args: list[str], name: str, fmt: str, ext: str) -> None:
    """Each content command prints exactly its golden output in each format."""
    result = run(*args, "--format", fmt)
    assert (result.exit_code, result.stderr) == (0, "")
    assert_golden(f"{name}.{ext}", result.stdout)


@pytest.mark.parametrize(("fmt", "ext"), FORMATS)
def test_questions_in_every_format(run: Runner, questions_data: object, fmt: str, ext: str) -> None:
    """`show` prints a theme's reflection questions under its messages, in every format."""
    result = run("show", "think-family", "--format", fmt)
    assert (result.exit_code, result.stderr) == (0, "")
    assert_golden(f"questions-show-think-family.{ext}", result.stdout)


EXPORTS = [
    ([], "export-all"),
    (["--briefing", "hscp-2023-09-learning-from-reviews"], "export-briefing"),
    (["--theme", "think-family"], "export-theme-think-family"),
]


@pytest.mark.parametrize("fmt", ["markdown", "html"])
@pytest.mark.parametrize(("args", "name"), EXPORTS)
def test_export_output(run: Runner, args: list[str], name: str, fmt: str) -> None:
    """`export` writes each scope as exactly its golden Markdown or HTML."""
    result = run("export", *args, "--format", fmt, env=EXPORT_ENV)
    assert (result.exit_code, result.stderr) == (0, "")
    assert_golden(f"{name}.{'md' if fmt == 'markdown' else 'html'}", result.stdout)


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_export_with_questions(run: Runner, questions_data: object, fmt: str) -> None:
    """An export carries questions, notes and context, with every special character escaped."""
    result = run("export", "--format", fmt, env=EXPORT_ENV)
    assert (result.exit_code, result.stderr) == (0, "")
    assert_golden(f"questions-export-all.{'md' if fmt == 'markdown' else 'html'}", result.stdout)
