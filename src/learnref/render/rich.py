"""Rich: panels and tables for a terminal. Content is always `Text`, never markup."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..model import BriefingSummary, ThemeSummary, ThemeView

if TYPE_CHECKING:
    from ..search import SearchResult

# Emphasis never rests on colour alone: headings are bold, matches bold and underlined.
HEADING = "bold"
LABEL = "bold"
MATCH = "bold underline"
SOURCE = "dim"


def console() -> Console:
    """A console for stdout that never interprets markup or emoji in content."""
    return Console(markup=False, emoji=False, highlight=False)


def print_renderables(renderables: Sequence[RenderableType]) -> None:
    """Print each renderable in turn."""
    out = console()
    for renderable in renderables:
        out.print(renderable)


def _labelled(label: str, text: str, style: str = "") -> Text:
    line = Text(f"{label}: ", style=LABEL)
    line.append(text, style=style)
    return line


def _messages_grid(messages: Sequence[str]) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(overflow="fold")
    for number, message in enumerate(messages, start=1):
        grid.add_row(Text(f"{number}."), Text(message))
    return grid


def themes(items: list[ThemeSummary]) -> list[RenderableType]:
    """The themes as a table."""
    table = Table(box=box.ROUNDED, header_style=HEADING)
    table.add_column("Theme", overflow="fold")
    table.add_column("Messages", justify="right")
    table.add_column("Title", overflow="fold")
    table.add_column("Briefing", overflow="fold")
    for theme in items:
        table.add_row(
            Text(theme.slug),
            Text(str(theme.message_count)),
            Text(theme.title),
            Text("; ".join(ref.title for ref in theme.briefings)),
        )
    return [table]


def briefings(items: list[BriefingSummary]) -> list[RenderableType]:
    """The briefings as a table."""
    table = Table(box=box.ROUNDED, header_style=HEADING)
    for column in ("Briefing", "Published", "Title", "Publisher"):
        table.add_column(column, overflow="fold")
    for briefing, _, _ in items:
        table.add_row(
            Text(briefing.id),
            Text(briefing.published),
            Text(briefing.title),
            Text(briefing.publisher_label),
        )
    return [table]


def show(view: ThemeView) -> list[RenderableType]:
    """One panel per briefing that has the theme: numbered messages, remember line, source."""
    panels: list[RenderableType] = []
    for entry in view.entries:
        briefing, theme = entry.briefing, entry.theme
        parts: list[RenderableType] = []
        if theme.messages:
            parts.append(_messages_grid(theme.messages))
        if theme.note:
            parts.append(_labelled("Note", theme.note))
        if theme.questions:
            parts += [Text(""), Text("Questions to reflect on", style=HEADING)]
            parts += [Text(f"- {question}") for question in theme.questions]
        if briefing.remember:
            parts += [Text(""), _labelled("Remember", briefing.remember)]
        parts += [Text(""), _labelled("Source", briefing.citation(), SOURCE)]
        panels.append(
            Panel(
                Group(*parts),
                title=Text(view.title, style=HEADING),
                subtitle=Text(f"{briefing.title}, {briefing.published_label}"),
                box=box.ROUNDED,
                padding=(1, 2),
            )
        )
    return panels


def search(result: SearchResult) -> list[RenderableType]:
    """Ranked results, matched words in bold and underlined."""
    rows: list[RenderableType] = []
    for hit in result.hits:
        message = hit.message
        text = Text(message.text)
        for start, end in hit.spans:
            text.stylize(MATCH, start, end)
        heading = Text(f"{hit.rank}. ", style=HEADING)
        heading.append(message.theme.title, style=HEADING)
        heading.append(f"  (score {hit.score})")
        rows.append(
            Panel(
                Group(text, Text(""), _labelled("Source", message.briefing.citation(), SOURCE)),
                title=heading,
                title_align="left",
                box=box.ROUNDED,
            )
        )
    return rows


def glossary(entries: list[tuple[str, str]]) -> list[RenderableType]:
    """The glossary as a two-column table."""
    table = Table(box=box.ROUNDED, header_style=HEADING)
    table.add_column("Term", no_wrap=True)
    table.add_column("Meaning", overflow="fold")
    for term, meaning in entries:
        table.add_row(Text(term, style=LABEL), Text(meaning))
    return [table]
