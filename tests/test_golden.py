"""Every format of every content command, compared byte for byte with tests/golden/."""

from __future__ import annotations

import pytest

from .conftest import Runner, assert_golden

BUNDLED = [
    # (arguments, golden file)
    (["list"], "list"),
    (["list", "--briefings"], "list-briefings"),
    (["show", "think-family"], "show-think-family"),
    (["show", "csa"], "show-child-sexual-abuse"),
    (["search", "chronology"], "search-chronology"),
    (["glossary"], "glossary"),
    (["glossary", "CPP"], "glossary-cpp"),
    (["random", "--seed", "7"], "random-seed-7"),
]
FORMATS = [("text", "txt"), ("markdown", "md"), ("json", "json"), ("rich", "rich.txt")]


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
