"""Rich: panels and tables for a terminal. Content is always `Text`, never markup.

Styles are named (`learnref.heading`, ...) and a theme gives them their look, so the
high-contrast theme changes every style in one place. Meaning never rests on colour
alone: headings and labels are bold, matches bold and underlined, notes carry the word
"Note:". When the console's encoding cannot hold a character, content is degraded before
layout (so panels stay aligned) and Rich draws ASCII boxes.
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from typing import IO, TYPE_CHECKING, Any, Literal

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from rich.theme import Theme

from ..model import (
    BriefingSummary,
    GlossaryEntry,
    RandomMessage,
    ThemeSummary,
    ThemeView,
)
from ..quoting import counted
from .console import color_policy, degrade
from .contract import RenderSettings

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
        SOURCE: "none",  # never dim: dim text is hard to read on many terminals
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

# The least room the title and briefing columns of `list` share before it stacks instead.
TITLE_ROOM = 30
# Below this width panels lose their inner margins, so the words keep the room.
NARROW = 50
# Narrower than this, panels would have no room for words at all (COLUMNS=1 left nothing):
# they are drawn this wide and the terminal wraps them, so no message is lost.
MIN_WIDTH = 30


def _color_system() -> Literal["standard", "256", "truecolor"]:
    colorterm = os.environ.get("COLORTERM", "").strip().lower()
    if colorterm in ("truecolor", "24bit"):
        return "truecolor"
    if os.environ.get("TERM", "").endswith("256color"):
        return "256"
    return "standard"


class _Capture(io.StringIO):
    """Where Rich writes: a string, with the encoding of the console it is meant for (Rich
    draws ASCII boxes when that encoding cannot hold its box characters)."""

    def __init__(self, encoding: str) -> None:
        super().__init__()
        self._encoding = encoding

    @property
    def encoding(self) -> str:  # type: ignore[override]
        """The encoding of the console the text is meant for."""
        return self._encoding


def console(settings: RenderSettings, file: IO[str], *, record: bool = False) -> Console:
    """A console that renders into a string for `settings`, never interpreting markup or
    emoji in content, coloured as the settings and the environment ask (`color_policy`)."""
    policy = color_policy(settings.color)
    theme = "high-contrast" if settings.high_contrast else "default"
    return Console(
        file=file,
        width=max(settings.width, MIN_WIDTH),
        height=settings.height,
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


class Unbroken(Text):
    """A line Rich must not break (a slug to copy): longer than the terminal, it runs on and
    the terminal wraps it, so a copy of it is whole."""


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

    def theme_names(self, theme: ThemeSummary) -> list[Text]:
        """A theme's slug, never broken, and its shortest alias when that is shorter."""
        lines: list[Text] = [Unbroken(degrade(theme.slug, self.encoding), style=LABEL)]
        alias = min(theme.aliases, key=len, default=None)
        if alias is not None and len(alias) < len(theme.slug):
            lines.append(Unbroken(degrade(f"or {alias}", self.encoding)))
        return lines

    def themes(self, items: list[ThemeSummary], width: int) -> list[RenderableType]:
        names = [self.theme_names(theme) for theme in items]
        name_width = max((line.cell_len for lines in names for line in lines), default=5)
        # Borders and padding of four columns take 13 cells; the count 8. The title and the
        # briefing need some room each, or the table gives way to one theme per block.
        if width - 13 - max(name_width, 5) - 8 < TITLE_ROOM:
            return self.stacked_themes(items, names)
        table = self.table(["Theme", "Messages", "Title", "Briefing"])
        table.columns[0].no_wrap = True
        table.columns[0].min_width = name_width
        table.columns[1].justify = "right"
        for theme, lines in zip(items, names, strict=True):
            table.add_row(
                Text("\n").join(lines),
                Text(str(theme.message_count)),
                self.text(theme.title),
                self.text(theme.briefing_label()),
            )
        return [table]

    def stacked_themes(
        self, items: list[ThemeSummary], names: list[list[Text]]
    ) -> list[RenderableType]:
        """One block per theme, for a terminal too narrow for the table: the slug on a line of
        its own, never broken (a longer one runs on for the terminal to wrap)."""
        blocks: list[RenderableType] = []
        for theme, lines in zip(items, names, strict=True):
            blocks += lines
            detail = f"{theme.title}: {counted(theme.message_count, 'key message')}"
            blocks.append(Padding(self.text(detail), (0, 0, 0, 2), expand=False))
            blocks.append(Padding(self.text(theme.briefing_label()), (0, 0, 0, 2), expand=False))
            blocks.append(Text(""))
        return blocks[:-1]

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
        cards: list[RenderableType] = [self.text(note) for note in result.notes]
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
            # The slug and number, as text output gives them: what `show` takes, and what a
            # case note cites.
            theme = self.labelled(
                "Theme", f"{message.theme.title} ({message.theme.slug}), message {message.number}"
            )
            source = self.labelled("Source", message.briefing.citation(), SOURCE)
            cards.append(
                Card([text, Text(""), theme, source], heading, title_align="left", roomy=False)
            )
        return cards

    def glossary(self, entries: list[GlossaryEntry]) -> list[RenderableType]:
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


class RichRenderer:
    """Panels and tables for a terminal, rendered to text with its escapes."""

    def __init__(self, settings: RenderSettings, *, record: bool = False) -> None:
        self._capture = _Capture(settings.encoding)
        self.console = console(settings, self._capture, record=record)
        self.build = _Builder(self.console.encoding)

    def _print(self, renderables: list[RenderableType]) -> str:
        self._capture.seek(0)
        self._capture.truncate()
        for renderable in renderables:
            self.console.print(renderable, soft_wrap=isinstance(renderable, Unbroken))
        return self._capture.getvalue()

    def themes(self, items: list[ThemeSummary]) -> str:
        """The themes as a table, or one block per theme on a narrow terminal; a slug is
        never broken."""
        return self._print(self.build.themes(items, self.console.width))

    def briefings(self, items: list[BriefingSummary]) -> str:
        """The briefings as a table."""
        return self._print(self.build.briefings(items))

    def show(self, view: ThemeView) -> str:
        """One panel per briefing that has the theme: numbered messages, questions,
        remember line, source."""
        return self._print(self.build.show(view))

    def search(self, result: SearchResult) -> str:
        """Ranked results, matched words in bold and underlined."""
        return self._print(self.build.search(result))

    def glossary(self, entries: list[GlossaryEntry]) -> str:
        """The glossary as a two-column table."""
        return self._print(self.build.glossary(entries))

    def random(self, pick: RandomMessage) -> str:
        """One key message in a panel titled by its theme, with its source."""
        return self._print(self.build.random(pick))
