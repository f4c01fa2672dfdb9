"""Briefing files for tests: a valid one to start from, and helpers to write and read files."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from learnref.loader import FileContent, read_file
from learnref.sources import BUNDLED_DISPLAY, bundled_data_path

# A small valid file. Its text is made up for the tests and says so: it is not guidance.
GOOD = """\
version: 1
briefings:
  - id: test-2024-01-briefing
    title: Test briefing
    publisher: Test Partnership
    published: 2024-01-31
    url: https://example.org/test
    themes:
      - title: Test Theme
        messages:
          - "Fixture message one."
"""


def briefing(
    briefing_id: str = "test-2024-01-briefing",
    *,
    theme: str = "Test Theme",
    messages: tuple[str, ...] = ("Fixture message one.",),
    published: str = "2024-01-31",
) -> str:
    """A valid one-briefing file with one theme."""
    lines = [
        "version: 1",
        "briefings:",
        f"  - id: {briefing_id}",
        f"    title: Test briefing {briefing_id}",
        "    publisher: Test Partnership",
        f"    published: {published}",
        f"    url: https://example.org/{briefing_id}",
        "    themes:",
        f"      - title: {theme}",
        "        messages:",
        *(f'          - "{message}"' for message in messages),
    ]
    return "\n".join(lines) + "\n"


def write(directory: Path, name: str, text: str | bytes) -> Path:
    """Write a file (text as UTF-8) into a directory, creating it; return its path."""
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def read_bundled() -> FileContent:
    """The bundled briefing file, read and validated as learnref reads it."""
    return read_file(bundled_data_path(), BUNDLED_DISPLAY)


def parse(raw: bytes, name: str) -> FileContent:
    """Read bytes as a briefing file; problems name `name` as their file."""
    with tempfile.TemporaryDirectory() as directory:
        return read_file(write(Path(directory), "briefing.yaml", raw), name)


# A person's answers to each `FILL IN:` line of the `learnref init` template (made-up test
# text, not guidance).
TEMPLATE_ANSWERS = {
    "FILL IN: an id such as partnership-2024-01-learning-briefing": "test-2024-05-fixture-briefing",
    "FILL IN: the briefing's title, as published": "Fixture learning briefing",
    "FILL IN: who published the briefing, in full": "Fixture Safeguarding Partnership",
    "FILL IN: the publisher's short name, e.g. ESCP": "FSP",
    "FILL IN: the date it was published, as YYYY-MM-DD": "2024-05-20",
    "FILL IN: the kind of briefing, e.g. Learning from reviews": "Learning from reviews",
    "FILL IN: the address where the briefing is published, https://...": "https://example.org/b",
    "FILL IN: the theme's heading, as published": "Think Family",
    "FILL IN: the first key message, exactly as published": (
        "Fixture message: record each sibling’s lived experience in the chronology."
    ),
    "FILL IN: the next key message, exactly as published": (
        "Fixture message: ask the health visitor what they have seen at home."
    ),
}


def fill_template(text: str) -> str:
    """The template with every placeholder answered, as a person fills it in."""
    for placeholder, answer in TEMPLATE_ANSWERS.items():
        assert f'"{placeholder}"' in text, placeholder
        text = text.replace(f'"{placeholder}"', f'"{answer}"')
    assert not re.search(r'^[^#]*"FILL IN', text, flags=re.M)
    return text
