"""docs/data-format.md: its example is valid, it covers every key, and its walkthrough works."""

from __future__ import annotations

import json
import re
from pathlib import Path

from learnref import loader

from .briefing_files import fill_template, parse, read_bundled
from .conftest import ROOT, Runner

DOC = ROOT / "docs" / "data-format.md"


def test_doc_example_is_valid(tmp_path: Path) -> None:
    """The full example (the first YAML block) passes the validator with no warnings."""
    text = DOC.read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(.*?)```", text, re.DOTALL)
    assert example is not None
    content = parse(example.group(1).encode(), "example")
    assert content.problems == []
    assert content.warnings == []
    assert content.briefings[0].id == "hscp-2023-09-learning-from-reviews"


def test_doc_example_is_copied_faithfully() -> None:
    """Every message in the doc's example is, word for word, a message of the bundled file."""
    text = DOC.read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(.*?)```", text, re.DOTALL)
    assert example is not None
    shown = parse(example.group(1).encode(), "example").briefings[0]
    bundled = read_bundled().briefings[0]
    bundled_messages = {m for theme in bundled.themes for m in theme.messages}
    assert {m for theme in shown.themes for m in theme.messages} <= bundled_messages
    assert shown.remember == bundled.remember
    assert all(
        paragraph in (bundled.summary or "") for paragraph in (shown.summary or "").split("\n\n")
    )


def test_doc_names_every_key_and_the_limit() -> None:
    """Every key the loader accepts is documented, and so is the size limit."""
    text = DOC.read_text(encoding="utf-8")
    for key in {*loader.TOP_KEYS, *loader.BRIEFING_KEYS, *loader.THEME_KEYS, *loader.RESOURCE_KEYS}:
        assert f"`{key}`" in text, key
    assert f"**{loader.MAX_FILE_BYTES // 1048576} MB**" in text
    for source in ("--no-bundled", "LEARNREF_DATA_DIR", "LEARNREF_DATA", "--data", "XDG_DATA_HOME"):
        assert source in text, source


def test_walkthrough_end_to_end(run_installed: Runner, tmp_path: Path) -> None:
    """A new user follows the walkthrough: init, fill in, validate; list, show and search see it."""
    user_dir = tmp_path / "data-home" / "learnref" / "briefings"
    # Step 1: the draft is written outside the data folder.
    draft = tmp_path / "my-briefing.yaml"
    made = run_installed("init", str(draft))
    assert made.exit_code == 0, made
    unfilled = run_installed("validate", str(draft))
    assert unfilled.exit_code == 1
    assert "is a placeholder from the template; replace it with" in unfilled.stderr

    # Steps 2-4: each placeholder replaced with a briefing's own words (made-up test text,
    # not guidance), and a theme the source gives no messages for.
    text = fill_template(draft.read_text(encoding="utf-8"))
    old = "      # - title: Another theme\n      #   messages: []\n      #   note:"
    assert old in text
    text = text.replace(old, "      - title: Neglect\n        messages: []\n        note:")
    draft.write_text(text, encoding="utf-8")

    checked = run_installed("validate", str(draft))
    assert checked.exit_code == 0, checked
    assert checked.stdout == f"{draft}: OK (1 briefing, 2 themes, 2 messages)\n"
    assert checked.stderr == ""

    # Step 6: once it validates, it is moved into the data folder.
    user_dir.mkdir(parents=True)
    draft.rename(user_dir / "my-briefing.yaml")

    listed = run_installed("list", "--format", "json")
    assert listed.exit_code == 0, listed
    assert listed.stderr == ""
    themes = {theme["slug"]: theme for theme in json.loads(listed.stdout)["themes"]}
    assert "neglect" in themes
    assert themes["think-family"]["message_count"] == 5

    shown = run_installed("show", "think-family")
    assert shown.exit_code == 0, shown
    assert shown.stdout.startswith(
        "Think Family\n\n"
        "From: Fixture learning briefing, Fixture Safeguarding Partnership (FSP), 20 May 2024\n\n"
        "1. Fixture message: record each sibling’s lived experience in the chronology.\n"
        "2. Fixture message: ask the health visitor what they have seen at home.\n"
    )
    assert "From: Learning from Reviews, Hampshire" in shown.stdout

    found = run_installed("search", "health visitor at home", "--format", "json")
    assert found.exit_code == 0, found
    first = json.loads(found.stdout)["results"][0]
    assert first["text"] == "Fixture message: ask the health visitor what they have seen at home."
    assert first["briefing"]["id"] == "test-2024-05-fixture-briefing"
