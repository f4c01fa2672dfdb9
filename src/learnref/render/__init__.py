"""The contract between commands and output formats.

Each command's core function returns one result type (see `Renderer`); a renderer turns it
into the text of one format. `RenderSettings` says everything about how output should look
and is passed in, never set globally. `renderer()` picks a format's renderer from a table
and imports its module only then, so a piped `show` never pays for Rich.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, Protocol

from . import console

if TYPE_CHECKING:
    from ..model import (
        BriefingSummary,
        ExportDocument,
        GlossaryEntry,
        RandomMessage,
        ThemeSummary,
        ThemeView,
    )
    from ..search import SearchResult


class RenderSettings(NamedTuple):
    """How output should look: the format, colour, contrast, size and encoding of the
    console it goes to."""

    format: str = "text"  # rich | text | markdown | json (never auto: see `settings_for`)
    color: str = "auto"  # auto | always | never; the environment decides auto
    high_contrast: bool = False
    width: int = 80
    height: int = 25
    encoding: str = "utf-8"


def resolve_format(name: str) -> str:
    """The concrete format for `auto`: rich on a terminal, text otherwise."""
    if name == "auto":
        return "rich" if console.stdout_is_terminal() else "text"
    return name


def settings_for(fmt: str, *, color: str = "auto", high_contrast: bool = False) -> RenderSettings:
    """The settings for output to this process's stdout in format `fmt` (auto allowed)."""
    width, height = console.terminal_size()
    return RenderSettings(
        resolve_format(fmt), color, high_contrast, width, height, console.stdout_encoding()
    )


class Renderer(Protocol):
    """One output format: a method per command result, each giving the text to write."""

    def themes(self, items: list[ThemeSummary]) -> str:
        """`list`: every theme."""

    def briefings(self, items: list[BriefingSummary]) -> str:
        """`list --briefings`: every briefing."""

    def show(self, view: ThemeView) -> str:
        """`show`: one theme from every briefing that has it."""

    def search(self, result: SearchResult) -> str:
        """`search`: ranked key messages."""

    def glossary(self, entries: list[GlossaryEntry]) -> str:
        """`glossary`: terms and what they stand for."""

    def random(self, pick: RandomMessage) -> str:
        """`random`: one key message."""


class Exporter(Protocol):
    """A handout format: a whole document as one text."""

    def export(self, document: ExportDocument) -> str:
        """The whole handout."""


def _text(settings: RenderSettings) -> Renderer:
    from .text_format import TextRenderer

    return TextRenderer()


def _markdown(settings: RenderSettings) -> Renderer:
    from .markdown_format import MarkdownRenderer

    return MarkdownRenderer()


def _json(settings: RenderSettings) -> Renderer:
    from .json_format import JsonRenderer

    return JsonRenderer(settings.encoding)


def _rich(settings: RenderSettings) -> Renderer:
    from .rich_format import RichRenderer

    return RichRenderer(settings)


RENDERERS: dict[str, Callable[[RenderSettings], Renderer]] = {
    "text": _text,
    "markdown": _markdown,
    "json": _json,
    "rich": _rich,
}


def _markdown_export(settings: RenderSettings) -> Exporter:
    from .markdown_format import MarkdownRenderer

    return MarkdownRenderer()


def _html_export(settings: RenderSettings) -> Exporter:
    from .html_format import HtmlExporter

    return HtmlExporter(settings.encoding)


EXPORTERS: dict[str, Callable[[RenderSettings], Exporter]] = {
    "markdown": _markdown_export,
    "html": _html_export,
}


def renderer(settings: RenderSettings) -> Renderer:
    """The renderer for the settings' format."""
    return RENDERERS[settings.format](settings)


def emit(text: str) -> None:
    """Write a renderer's text to stdout, and flush it so a failure is reported here."""
    console.write_out(text)
    console.flush_out()


def export(
    document: ExportDocument, settings: RenderSettings, output: Path | None, *, force: bool = False
) -> None:
    """Write a handout in the settings' format to stdout or, atomically, to a file."""
    if output is None:
        emit(EXPORTERS[settings.format](settings).export(document))
        return
    from ..files import write_file

    # A file is always UTF-8, whatever the console can show.
    text = EXPORTERS[settings.format](settings._replace(encoding="utf-8")).export(document)
    write_file(output, text, force=force, option="--output")
