"""Output: from a command's result to bytes on stdout or in a file.

Each command's core function returns one result type; a renderer (see `contract.Renderer`)
turns it into the text of one format. `RenderSettings` says everything about how output
should look and is passed in, never set globally. `renderer()` picks a format's renderer
from a table and imports its module only then, so a piped `show` never pays for Rich.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from . import console
from .contract import Exporter, Renderer, RenderSettings

if TYPE_CHECKING:
    from ..model import ExportDocument


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


__all__ = ["Exporter", "RenderSettings", "Renderer", "emit", "export", "renderer", "settings_for"]
