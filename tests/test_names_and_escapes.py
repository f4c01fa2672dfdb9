"""A theme's own slug is never hidden by another theme's alias; a backslash in double quotes
is named with what to write instead; validate checks ids against the bundled briefing."""

from __future__ import annotations

from pathlib import Path

from learnref.sources import bundled_data_path

from .conftest import Runner

SLUGS = """\
version: 1
briefings:
  - id: test-2024-08-slugs
    title: Slugs test
    publisher: Test Partnership
    published: 2024-08-01
    url: https://test.example/
    themes:
      - title: Neglect
        aliases: [parenting]
        messages:
          - "A message about neglect."
      - title: Parenting
        messages:
          - "A message about parenting."
"""

BACKSLASHES = r"""version: 1
briefings:
  - id: test-2024-08-escapes
    title: Escapes test
    publisher: Test Partnership
    published: 2024-08-01
    url: https://test.example/
    summary: "Templates are on the shared drive at G:\templates\neglect."
    themes:
      - title: Words
        messages:
          - "See the news page."
"""

HINT = (
    "has a tab made by a backslash in double quotes, which starts a special character (\\t is "
    "a tab, \\n a line break): write \\\\ for a backslash, or put the text in single quotes"
)


def test_a_slug_beats_another_themes_alias(run: Runner, tmp_path: Path) -> None:
    """`show parenting` shows the theme whose slug is parenting, not the theme that has
    parenting as an alias."""
    path = tmp_path / "slugs.yaml"
    path.write_text(SLUGS, encoding="utf-8")
    result = run("--no-bundled", "--data", str(path), "show", "parenting")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Parenting\n")


def test_backslashes_in_double_quotes_are_named(run: Runner, tmp_path: Path) -> None:
    """A tab made by a backslash in a double-quoted summary (G:\\templates) is a warning
    that says so and what to write instead; --strict fails on it."""
    path = tmp_path / "escapes.yaml"
    path.write_text(BACKSLASHES, encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"{path}:8:14: warning: the `summary` of briefing `test-2024-08-escapes` {HINT}"
    ]
    assert run("validate", "--strict", str(path)).exit_code == 1


def test_validate_finds_an_id_the_bundled_briefing_has(run: Runner, tmp_path: Path) -> None:
    """A copy of the bundled file would be skipped when loaded: validate says so first."""
    path = tmp_path / "mine.yaml"
    path.write_bytes(bundled_data_path().read_bytes())
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert "is already loaded from bundled data (briefings.yaml)" in result.stderr
    assert run("validate", str(bundled_data_path())).exit_code == 0
