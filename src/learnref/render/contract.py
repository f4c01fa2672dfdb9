"""The contract between commands and output formats: the settings every renderer is given,
and what each format must offer, one method per command result."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

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

if TYPE_CHECKING:
    from typing import NamedTuple
else:
    from .._records import NamedTuple


class RenderSettings(NamedTuple):
    """How output should look: the format, colour, contrast, size and encoding of the
    console it goes to."""

    format: str = "text"  # rich | text | markdown | json (never auto: see `settings_for`)
    color: str = "auto"  # auto | always | never; the environment decides auto
    high_contrast: bool = False
    width: int = 80
    height: int = 25
    encoding: str = "utf-8"


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
