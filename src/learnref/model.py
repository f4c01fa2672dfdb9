"""The data model: briefings, their themes and key messages, and the glossary."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

DATA_FORMAT_VERSION = 1


@dataclass(frozen=True)
class Resource:
    """Further reading named by a briefing."""

    title: str
    url: str | None = None


@dataclass(frozen=True)
class Theme:
    """A theme of one briefing and its key messages, exactly as published."""

    title: str
    slug: str
    messages: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class Briefing:
    """A published learning briefing and where it came from."""

    id: str
    title: str
    publisher: str
    published: str  # ISO date, YYYY-MM-DD
    themes: tuple[Theme, ...]
    publisher_short: str | None = None
    category: str | None = None
    url: str | None = None
    summary: str | None = None
    remember: str | None = None
    resources: tuple[Resource, ...] = ()
    source: str = ""  # the file it was loaded from

    @property
    def publisher_label(self) -> str:
        """The publisher with its short name, e.g. 'Hampshire ... Partnership (HSCP)'."""
        if self.publisher_short and self.publisher_short not in self.publisher:
            return f"{self.publisher} ({self.publisher_short})"
        return self.publisher

    @property
    def published_label(self) -> str:
        """The publication date as people write it in the UK: '12 September 2023'."""
        date = dt.date.fromisoformat(self.published)
        return f"{date.day} {date.strftime('%B')} {date.year}"

    def citation(self) -> str:
        """One line naming the publisher, title, date and link."""
        parts = [self.publisher_label, self.title, self.published_label]
        if self.url:
            parts.append(self.url)
        return ", ".join(parts)


@dataclass(frozen=True)
class ThemeEntry:
    """A theme as one briefing gives it."""

    briefing: Briefing
    theme: Theme


@dataclass(frozen=True)
class ThemeView:
    """A theme gathered from every briefing that has it, newest briefing first."""

    slug: str
    title: str
    entries: tuple[ThemeEntry, ...]

    @property
    def message_count(self) -> int:
        """How many key messages the theme has across its briefings."""
        return sum(len(entry.theme.messages) for entry in self.entries)

    @property
    def aliases(self) -> tuple[str, ...]:
        """Every alias any briefing gives the theme, in order, without repeats."""
        seen: dict[str, None] = {}
        for entry in self.entries:
            seen.update(dict.fromkeys(entry.theme.aliases))
        return tuple(seen)


@dataclass(frozen=True)
class Message:
    """One key message with its place: theme, briefing and number within the theme."""

    text: str
    number: int
    theme: Theme
    briefing: Briefing


@dataclass(frozen=True)
class Library:
    """Everything loaded: briefings in load order and the merged glossary."""

    briefings: tuple[Briefing, ...]
    glossary: dict[str, str] = field(default_factory=dict)

    def themes(self) -> list[ThemeView]:
        """Themes by slug, in first-seen order; each gathers its briefings newest first."""
        by_slug: dict[str, list[ThemeEntry]] = {}
        for briefing in self.briefings:
            for theme in briefing.themes:
                by_slug.setdefault(theme.slug, []).append(ThemeEntry(briefing, theme))
        views = []
        for slug, entries in by_slug.items():
            entries.sort(key=lambda entry: entry.briefing.published, reverse=True)
            views.append(ThemeView(slug, entries[0].theme.title, tuple(entries)))
        return views

    def messages(self) -> list[Message]:
        """Every key message, in file order."""
        return [
            Message(text, number, theme, briefing)
            for briefing in self.briefings
            for theme in briefing.themes
            for number, text in enumerate(theme.messages, start=1)
        ]
