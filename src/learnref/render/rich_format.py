"""Rich: panels and tables for a terminal. Content is always `Text`, never markup.

Styles are named (`learnref.heading`, ...) and a theme gives them their look, so the
high-contrast theme changes every style in one place. Meaning never rests on colour
alone: headings and labels are bold, matches bold and underlined, notes carry the word
"Note:". When the console's encoding cannot hold a character, content is degraded before
layout (so panels stay aligned) and Rich draws ASCII boxes.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import IO, TYPE_CHECKING, Any, Literal

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from rich.theme import Theme

from ..model import BriefingSummary, RandomMessage, ThemeSummary, ThemeView
from . import SafeStream, Settings, color_policy, degrade

if TYPE_CHECKING:
    from ..search import SearchResult

HEADING = "learnref.heading"
LABEL = "learnref.label"
MATCH = "learnref.match"
SOURCE = "learnref.source"
NOTE = "learnref.note"
BORDER = "learnref.border"

# Standard colours only: the terminal's palette decides their exact shade. Every style
# that carries meaning also differs in weight or underline, so it survives NO_COLOR.
STYLES: dict[str, dict[str, str]] = {
    "default": {
        HEADING: "bold cyan",
        LABEL: "bold",
        MATCH: "bold underline magenta",
        SOURCE: "dim",
        NOTE: "bold yellow",
        BORDER: "cyan",
    },
    # The terminal's own foreground and background, nothing dim or italic, bold for
    # emphasis and reverse video for matches: readable on light and dark backgrounds.
    "high-contrast": {
        HEADING: "bold",
        LABEL: "bold",
        MATCH: "bold reverse",
        SOURCE: "none",
        NOTE: "bold",
        BORDER: "none",
    },
}

# Below this width panels lose their inner margins, so the words keep the room.
NARROW = 50
# Narrower than this, panels would have no room for words at all (COLUMNS=1 left nothing):
# they are drawn this wide and the terminal wraps them, so no message is lost.
MIN_WIDTH = 30


def _size() -> tuple[int, int]:
    """COLUMNS and LINES when set, else the size of the terminal stdout is, else 80x25."""
    columns, lines = os.environ.get("COLUMNS", ""), os.environ.get("LINES", "")
    width, height = 80, 25
    try:
        if sys.stdout.isatty():
            width, height = os.get_terminal_size(sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    width = int(columns) if columns.isdigit() and int(columns) > 0 else width or 80
    height = int(lines) if lines.isdigit() and int(lines) > 0 else height or 25
    return width, height


def _color_system() -> Literal["standard", "256", "truecolor"]:
    colorterm = os.environ.get("COLORTERM", "").strip().lower()
    if colorterm in ("truecolor", "24bit"):
        return "truecolor"
    if os.environ.get("TERM", "").endswith("256color"):
        return "256"
    return "standard"


def console(
    settings: Settings,
    *,
    file: IO[str] | None = None,
    record: bool = False,
    width: int | None = None,
) -> Console:
    """A console for stdout (or `file`) that never interprets markup or emoji in content,
    coloured as `settings` and the environment ask (see `color_policy`)."""
    policy = color_policy(settings.color)
    columns, height = _size()
    width = max(width or columns, MIN_WIDTH)
    theme = "high-contrast" if settings.high_contrast else "default"
    stream: Any = file if file is not None else SafeStream(sys.stdout)
    return Console(
        file=stream,
        width=width,
        height=height,
        force_terminal=policy.escapes,
        color_system=_color_system() if policy.escapes else None,
        no_color=not policy.colour,
        theme=Theme(STYLES[theme]),
        markup=False,
        emoji=False,
        highlight=False,
        record=record,
        legacy_windows=False,
    )


def emit(kind: str, payload: Any, settings: Settings) -> None:
    """Render `payload` as `kind` and print it on a console made for `settings`."""
    out = console(settings)
    renderer: Callable[..., list[RenderableType]] = globals()[kind]
    for renderable in renderer(payload, encoding=out.encoding):
        out.print(renderable)


class Card:
    """A panel whose title moves inside when the terminal is too narrow to show it whole."""

    def __init__(
        self,
        body: Sequence[RenderableType],
        title: Text,
        subtitle: Text | None = None,
        *,
        title_align: Any = "center",
        roomy: bool = True,
    ) -> None:
        self.body = list(body)
        self.title = title
        self.subtitle = subtitle
        self.title_align = title_align
        self.roomy = roomy

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """A Panel fitted to the width it is given."""
        width = options.max_width
        # Panel puts " title " between two corners and two border characters.
        title = self.title if self.title.cell_len + 6 <= width else None
        body = self.body if title is not None else [self.title, Text(""), *self.body]
        # A subtitle that does not fit is left out: the Source line says the same.
        subtitle = self.subtitle
        if subtitle is not None and subtitle.cell_len + 6 > width:
            subtitle = None
        padding = (1, 2) if self.roomy and width >= NARROW else (0, 1)
        yield Panel(
            Group(*body),
            title=title,
            subtitle=subtitle,
            title_align=self.title_align,
            box=box.ROUNDED,
            border_style=BORDER,
            padding=padding,
        )


class _Builder:
    """Builds renderables; every piece of content passes through `text`."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding

    def text(self, content: str, style: str = "") -> Text:
        return Text(degrade(content, self.encoding), style=style)

    def labelled(self, label: str, content: str, style: str = "", label_style: str = LABEL) -> Text:
        line = Text()  # styles on the parts: a Text's own style would cover the content too
        line.append(f"{label}: ", style=label_style)
        line.append(degrade(content, self.encoding), style=style)
        return line

    def table(self, columns: Sequence[str]) -> Table:
        table = Table(box=box.ROUNDED, header_style=HEADING, border_style=BORDER)
        for column in columns:
            table.add_column(column, overflow="fold")
        return table

    def messages_grid(self, messages: Sequence[str]) -> Table:
        grid = Table.grid(padding=(0, 1))
        grid.add_column(justify="right", no_wrap=True)
        grid.add_column(overflow="fold")
        for number, message in enumerate(messages, start=1):
            grid.add_row(Text(f"{number}."), self.text(message))
        return grid

    def themes(self, items: list[ThemeSummary]) -> list[RenderableType]:
        table = self.table(["Theme", "Messages", "Title", "Briefing"])
        table.columns[1].justify = "right"
        for theme in items:
            table.add_row(
                self.text(theme.slug),
                Text(str(theme.message_count)),
                self.text(theme.title),
                self.text(theme.briefing_label()),
            )
        return [table]

    def briefings(self, items: list[BriefingSummary]) -> list[RenderableType]:
        table = self.table(["Briefing", "Published", "Title", "Publisher"])
        for briefing, _, _ in items:
            table.add_row(
                self.text(briefing.id),
                Text(briefing.published),
                self.text(briefing.title),
                self.text(briefing.publisher_label),
            )
        return [table]

    def show(self, view: ThemeView) -> list[RenderableType]:
        cards: list[RenderableType] = []
        for entry in view.entries:
            briefing, theme = entry.briefing, entry.theme
            parts: list[RenderableType] = []
            if theme.messages:
                parts.append(self.messages_grid(theme.messages))
            if theme.note:
                parts.append(self.labelled("Note", theme.note, label_style=NOTE))
            if theme.questions:
                parts += [Text(""), Text("Questions to reflect on", style=HEADING)]
                parts += [self.text(f"- {question}") for question in theme.questions]
            if briefing.remember:
                parts += [Text(""), self.labelled("Remember", briefing.remember)]
            parts += [Text(""), self.labelled("Source", briefing.citation(), SOURCE)]
            cards.append(
                Card(
                    parts,
                    self.text(view.title, HEADING),
                    self.text(f"{briefing.title}, {briefing.published_label}"),
                )
            )
        return cards

    def search(self, result: SearchResult) -> list[RenderableType]:
        cards: list[RenderableType] = []
        if result.corrections:
            cards.append(
                self.text(
                    f'Showing results for "{result.corrected_query}" (you typed "{result.query}")'
                )
            )
        if result.unmatched_terms:
            cards.append(self.text("not found: " + ", ".join(result.unmatched_terms)))
        for hit in result.hits:
            message = hit.message
            text, position = Text(), 0
            for span_start, end in sorted(hit.spans):
                start = max(span_start, position)
                text.append(degrade(message.text[position:start], self.encoding))
                text.append(degrade(message.text[start:end], self.encoding), style=MATCH)
                position = end
            text.append(degrade(message.text[position:], self.encoding))
            heading = Text()
            heading.append(f"{hit.rank}. ", style=HEADING)
            heading.append(degrade(message.theme.title, self.encoding), style=HEADING)
            heading.append(f"  (score {hit.score})")
            source = self.labelled("Source", message.briefing.citation(), SOURCE)
            cards.append(Card([text, Text(""), source], heading, title_align="left", roomy=False))
        return cards

    def glossary(self, entries: list[tuple[str, str]]) -> list[RenderableType]:
        table = Table(box=box.ROUNDED, header_style=HEADING, border_style=BORDER)
        table.add_column("Term", no_wrap=True)
        table.add_column("Meaning", overflow="fold")
        for term, meaning in entries:
            table.add_row(self.text(term, LABEL), self.text(meaning))
        return [table]

    def random(self, pick: RandomMessage) -> list[RenderableType]:
        message = pick.message
        briefing = message.briefing
        body: list[RenderableType] = [
            self.text(message.text),
            Text(""),
            self.labelled("Theme", f"{message.theme.title}, message {message.number}"),
            self.labelled("Source", briefing.citation(), SOURCE),
        ]
        return [Card(body, self.text(message.theme.title, HEADING))]


def themes(items: list[ThemeSummary], encoding: str = "utf-8") -> list[RenderableType]:
    """The themes as a table."""
    return _Builder(encoding).themes(items)


def briefings(items: list[BriefingSummary], encoding: str = "utf-8") -> list[RenderableType]:
    """The briefings as a table."""
    return _Builder(encoding).briefings(items)


def show(view: ThemeView, encoding: str = "utf-8") -> list[RenderableType]:
    """One panel per briefing that has the theme: numbered messages, questions, remember
    line, source."""
    return _Builder(encoding).show(view)


def search(result: SearchResult, encoding: str = "utf-8") -> list[RenderableType]:
    """Ranked results, matched words in bold and underlined."""
    return _Builder(encoding).search(result)


def glossary(entries: list[tuple[str, str]], encoding: str = "utf-8") -> list[RenderableType]:
    """The glossary as a two-column table."""
    return _Builder(encoding).glossary(entries)


def random(pick: RandomMessage, encoding: str = "utf-8") -> list[RenderableType]:
    """One key message in a panel titled by its theme, with its source."""
    return _Builder(encoding).random(pick)
