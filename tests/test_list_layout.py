"""`learnref list` on a terminal never breaks a slug, at any width, shows a short alias beside
a long slug, and no theme draws content dim."""

from __future__ import annotations

import re

import pytest

from learnref.render.rich_format import STYLES

from .conftest import Runner, assert_golden

SLUGS = ("working-together-and-sharing-information", "think-family", "child-sexual-abuse")


@pytest.mark.parametrize("columns", [100, 60, 35])
def test_list_never_breaks_a_slug(run: Runner, columns: int) -> None:
    """At 100, 60 and 35 columns each slug is whole on one line, to copy."""
    result = run("list", "--format", "rich", env={"COLUMNS": str(columns)})
    assert result.exit_code == 0
    assert_golden(f"list.columns-{columns}.rich.txt", result.stdout)
    lines = result.stdout.splitlines()
    for slug in SLUGS:
        assert any(slug in line for line in lines), slug
    assert "or working-together" in result.stdout
    assert "or csa" in result.stdout


def test_narrow_list_wraps_titles_not_slugs(run: Runner) -> None:
    """Below the table's width the list stacks: only the slug line may be wider."""
    result = run("list", "--format", "rich", env={"COLUMNS": "35"})
    for line in result.stdout.splitlines():
        assert len(line) <= 35 or line.strip() in SLUGS, line


@pytest.mark.parametrize("theme", sorted(STYLES))
def test_no_style_is_dim(theme: str) -> None:
    """Content is never dim (nor italic) in any theme: it must read in high contrast."""
    for name, style in STYLES[theme].items():
        assert not re.search(r"\b(dim|italic)\b", style), (theme, name, style)
