"""The loader: every problem located and worded for the person fixing the file."""

from __future__ import annotations

from pathlib import Path

from learnref.errors import Problem
from learnref.loader import read_file

from .briefing_files import GOOD, parse


def problems(text: str | bytes) -> list[str]:
    """The problems and warnings of some file content, as printed."""
    raw = text.encode() if isinstance(text, str) else text
    content = parse(raw, "f.yaml")
    return [str(problem) for problem in content.problems + content.warnings]


def test_good_file_builds_the_model() -> None:
    """A valid file gives its briefing, theme and message, with no problems."""
    content = parse(GOOD.encode(), "f.yaml")
    assert content.problems == []
    assert content.warnings == []
    (briefing,) = content.briefings
    assert briefing.id == "test-2024-01-briefing"
    assert briefing.themes[0].slug == "test-theme"
    assert briefing.themes[0].messages == ("Fixture message one.",)
    assert briefing.source == "f.yaml"
    assert content.ids == {"test-2024-01-briefing": (3, 9)}


def test_briefing_missing_several_keys() -> None:
    """A briefing missing several required keys reports each one (it used to crash)."""
    text = "version: 1\nbriefings:\n  - id: x\n    title: T\n"
    assert problems(text) == [
        "f.yaml:3:5: error: briefing `x` is missing the required key `publisher`",
        "f.yaml:3:5: error: briefing `x` is missing the required key `published`",
        "f.yaml:3:5: error: briefing `x` is missing the required key `themes`",
        "f.yaml:3:5: warning: briefing `x` has no `url`; readers cannot check the source",
    ]


def test_problems_come_in_line_order() -> None:
    """Problems are sorted by line and column, whatever order they were found in."""
    text = GOOD.replace("title: Test briefing", "title: 42").replace(
        "        messages:", "        x: 1\n        messages:"
    )
    found = problems(text)
    lines = [int(line.split(":")[1]) for line in found]
    assert lines == sorted(lines)
    assert len(found) == 2


def test_alias_is_located_where_written() -> None:
    """An alias is reported at the alias, not at the anchor it repeats, and only once."""
    text = GOOD.replace("title: Test briefing", "title: &t Test briefing").replace(
        "publisher: Test Partnership", "publisher: *t"
    )
    assert problems(text) == [
        "f.yaml:4:12: error: YAML anchors (&t) are not allowed; write the text out in full",
        "f.yaml:5:16: error: YAML aliases (*t) are not allowed; write the text out in full",
    ]


def test_non_utf8_column_counts_characters() -> None:
    """The column of a bad byte counts characters, not bytes, before it on the line."""
    raw = "version: 1\n# é é ".encode() + b"\xff\n"
    assert problems(raw) == [
        "f.yaml:2:7: error: the file is not UTF-8 text (byte 0xff); save it with UTF-8 encoding"
    ]


def test_tab_inside_a_line_is_pointed_at() -> None:
    """A tab after a key is named as a tab, with the fix."""
    text = GOOD.replace("    title: Test briefing", "    title:\tTest briefing\n\t")
    found = problems(text)
    assert len(found) == 1
    assert found[0].endswith("; indent with spaces, not tabs")


def test_glossary_term_that_yaml_reads_as_false() -> None:
    """A glossary term such as NO is read by YAML 1.1 as false: reported with a hint to quote."""
    assert problems(GOOD + "glossary:\n  NO: Not Ours\n") == [
        "f.yaml:13:3: error: a glossary term should be text, but YAML read a true/false value; "
        'put it in quotes: "NO"'
    ]


def test_tab_in_summary_is_allowed_but_not_in_title() -> None:
    """`summary` may hold tabs and line breaks; a title may not. A tab made by a backslash
    in double quotes is only a warning, naming the backslash (it is rarely meant)."""
    summary = GOOD.replace("    themes:", '    summary: "One\\tTwo\\nThree"\n    themes:')
    assert [line.split(": ", 2)[1] for line in problems(summary)] == ["warning"]
    assert "has a tab made by a backslash in double quotes" in problems(summary)[0]
    title = GOOD.replace("title: Test briefing", 'title: "Test\\tbriefing"')
    assert problems(title) == [
        "f.yaml:4:12: error: the `title` of briefing `test-2024-01-briefing` contains a tab; it "
        "should be one line of text (only `summary` and `note` may have several)"
    ]


def test_file_level_problem_has_no_position(tmp_path: Path) -> None:
    """A file that cannot be read prints as FILE: error: ..., without a line number."""
    content = read_file(tmp_path / "gone.yaml")
    assert content.problems == [
        Problem(
            str(tmp_path / "gone.yaml"), 0, 0, "cannot read the file: no such file or directory"
        )
    ]
    assert str(content.problems[0]) == (
        f"{tmp_path / 'gone.yaml'}: error: cannot read the file: no such file or directory"
    )


def test_directory_read_as_file(tmp_path: Path) -> None:
    """A directory given where a file is expected says so."""
    assert [str(p) for p in read_file(tmp_path).problems] == [
        f"{tmp_path}: error: this is a directory, not a briefing file"
    ]
