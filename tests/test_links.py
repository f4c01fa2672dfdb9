"""One link rule for every Markdown and HTML writer: a briefing's address cannot end its
link or start HTML, and only http(s) addresses become links, checked by rendering
learnref's Markdown with a CommonMark renderer."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from learnref.render.links import link_address

from .briefing_files import write
from .runner import installed

PAYLOAD_URL = 'https://www.hampshirescp.org.uk/) <img src="x" onerror="alert(1)"> ('
HOSTILE = f"""\
version: 1
briefings:
  - id: test-2024-01-briefing
    title: 'Test briefing <img src=x onerror=alert(2)>'
    publisher: 'Test Partnership](javascript:alert(3))'
    published: 2024-01-31
    url: '{PAYLOAD_URL}'
    themes:
      - title: Test Theme
        messages:
          - "Fixture message one <script>alert(4)</script>."
    resources:
      - title: Run me
        url: "javascript:alert(5)"
      - title: Data
        url: "data:text/html,<script>alert(6)</script>"
      - title: Fine
        url: "HTTPS://example.org/a b(c)<d>"
"""


class _Tags(HTMLParser):
    """Every start tag with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def _assert_nothing_runs(html: str) -> None:
    parser = _Tags()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert tag not in ("img", "script", "iframe", "svg", "object"), html
        for name, value in attrs:
            assert not name.startswith("on"), html
            if name in ("href", "src"):
                assert (value or "").lower().startswith(("https://", "http://")), value
    assert "<img" not in html
    assert "javascript:" not in "".join(str(attrs) for _, attrs in parser.tags)


@pytest.fixture
def hostile_file(tmp_path: Path) -> Path:
    return write(tmp_path, "hostile.yaml", HOSTILE)


@pytest.mark.parametrize(
    "args",
    [
        ["show", "test-theme", "--format", "markdown"],
        ["search", "fixture", "--format", "markdown"],
        ["random", "--theme", "test-theme", "--format", "markdown"],
        ["export", "--format", "markdown"],
        ["export", "--briefing", "test-2024-01-briefing", "--format", "markdown"],
        ["list", "--briefings", "--format", "markdown"],
    ],
)
def test_markdown_rendered_by_commonmark_runs_nothing(hostile_file: Path, args: list[str]) -> None:
    """Every Markdown writer's output, rendered as CommonMark with raw HTML on, holds no tag,
    event handler or non-web link from the briefing file."""
    done = installed(*args, data=hostile_file)
    assert done.returncode == 0, done
    markdown = done.stdout.decode("utf-8")
    _assert_nothing_runs(MarkdownIt("commonmark").render(markdown))


def test_html_export_runs_nothing(hostile_file: Path) -> None:
    """The HTML export follows the same rule."""
    done = installed("export", "--format", "html", data=hostile_file)
    assert done.returncode == 0, done
    body = done.stdout.decode("utf-8")
    _assert_nothing_runs(body[body.index("<body") :])


def test_the_source_link_keeps_the_address_whole(hostile_file: Path) -> None:
    """The payload address stays one link, percent-encoded, to the same place."""
    done = installed("show", "test-theme", "--format", "markdown", data=hostile_file)
    html = MarkdownIt("commonmark").render(done.stdout.decode("utf-8"))
    assert (
        'href="https://www.hampshirescp.org.uk/)%20%3Cimg%20src=%22x%22%20onerror=%22alert(1)'
        '%22%3E%20("'
    ) in html.replace("%28", "(").replace("%29", ")")


@pytest.mark.parametrize(
    ("url", "address"),
    [
        ("https://example.org/a b", "https://example.org/a%20b"),
        ("HTTPS://example.org/x?a=1&b=2#top", "HTTPS://example.org/x?a=1&b=2#top"),
        ("https://example.org/)<img>", "https://example.org/%29%3Cimg%3E"),
        ("https://example.org/%41", "https://example.org/%41"),
        ("https://example.org/café", "https://example.org/caf%C3%A9"),
        ("javascript:alert(1)", None),
        ("  https://example.org", None),
        ("data:text/html,x", None),
        ("", None),
        (None, None),
    ],
)
def test_link_address(url: str | None, address: str | None) -> None:
    """Only http(s) addresses (any case) are linked, with markup characters encoded."""
    assert link_address(url) == address
