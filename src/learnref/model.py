"""The data model: briefings, their themes and key messages, and the glossary.

NamedTuples rather than dataclasses: immutable all the same, and about seven times
cheaper to define, which counts in a tool started on every command and Tab press; built
by learnref._records, without the eval() of typing.NamedTuple.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import NamedTuple
else:
    from ._records import NamedTuple

DATA_FORMAT_VERSION = 1

# Said once in --help, the README and every export: what learnref is not.
NOT_PROCEDURE = (
    "not procedure: follow your local safeguarding procedures, and take urgent concerns "
    "about a child to your local children's services front door or the police (999)."
)


# Said before the meaningful words of a query past the first six, which search does not read.
NOT_SEARCHED = "not searched (a query is read for its first six meaningful words): "


def is_web_address(url: str | None) -> bool:
    """Whether a url is an http(s) address (any case), the only kind learnref links to."""
    return bool(url) and str(url)[:8].lower().startswith(("https://", "http://"))


def slugify(title: str) -> str:
    """The slug of a title: lowercase letters and digits joined by hyphens."""
    return "-".join(re.findall(r"[a-z0-9]+", title.lower()))


def uk_date(iso: str) -> str:
    """An ISO date as people write it in the UK: '2023-09-12' -> '12 September 2023'."""
    date = dt.date.fromisoformat(iso)
    return f"{date.day} {date.strftime('%B')} {date.year}"


class Resource(NamedTuple):
    """Further reading named by a briefing."""

    title: str
    url: str | None = None


class Theme(NamedTuple):
    """A theme of one briefing and its key messages, exactly as published."""

    title: str
    slug: str
    messages: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()
    note: str | None = None


class Briefing(NamedTuple):
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
        return uk_date(self.published)

    def citation(self) -> str:
        """One line naming the publisher, title, date and link."""
        parts = [self.publisher_label, self.title, self.published_label]
        parts.append(self.url or "no link recorded")
        return ", ".join(parts)


class ThemeEntry(NamedTuple):
    """A theme as one briefing gives it."""

    briefing: Briefing
    theme: Theme


class ThemeView(NamedTuple):
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


class Message(NamedTuple):
    """One key message with its place: theme, briefing and number within the theme."""

    text: str
    number: int
    theme: Theme
    briefing: Briefing


class GlossaryEntry(NamedTuple):
    """An acronym or term and what it stands for."""

    term: str
    expansion: str


class BriefingRef(NamedTuple):
    """Enough of a briefing to name it in a list."""

    id: str
    title: str
    publisher: str
    publisher_short: str | None
    published: str


class ThemeName(NamedTuple):
    """The names a theme answers to: what `show` and did-you-mean look through."""

    slug: str
    title: str
    aliases: tuple[str, ...]


class ThemeSummary(NamedTuple):
    """A theme as `list` shows it: names, message count, its newest briefing and the ids of
    all its briefings, newest first."""

    slug: str
    title: str
    aliases: tuple[str, ...]
    message_count: int
    newest: BriefingRef
    briefing_ids: tuple[str, ...]

    def briefing_label(self) -> str:
        """'Title (HSCP, 2023-09-12)', with 'and N more' when other briefings have the theme."""
        newest = self.newest
        label = f"{newest.title} ({newest.publisher_short or newest.publisher}, {newest.published})"
        others = len(self.briefing_ids) - 1
        return f"{label} and {others} more" if others else label


class BriefingSummary(NamedTuple):
    """A briefing as `list --briefings` shows it."""

    briefing: Briefing
    theme_count: int
    message_count: int


class Related(NamedTuple):
    """Everyday words and the professional words they suggest to search: typing one of
    `words` also finds messages that say one of `suggest` (never the other way round)."""

    words: tuple[str, ...]
    suggest: tuple[str, ...]


class Library(NamedTuple):
    """Everything loaded: briefings in load order, the merged glossary and thesaurus."""

    briefings: tuple[Briefing, ...]
    glossary: dict[str, str]
    synonyms: tuple[tuple[str, ...], ...] = ()  # groups of words that mean the same
    related: tuple[Related, ...] = ()  # everyday words that suggest professional ones
    # Word stems already known for some thesaurus phrases: saves stemming them again when
    # the search index is built. Not part of what the library holds.
    known_stems: dict[str, str] | None = None

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

    def summaries(self) -> list[ThemeSummary]:
        """Every theme as `list` shows it."""
        return [
            ThemeSummary(
                view.slug,
                view.title,
                view.aliases,
                view.message_count,
                BriefingRef(
                    newest.id,
                    newest.title,
                    newest.publisher,
                    newest.publisher_short,
                    newest.published,
                ),
                tuple(entry.briefing.id for entry in view.entries),
            )
            for view in self.themes()
            for newest in (view.entries[0].briefing,)
        ]

    def messages(self) -> list[Message]:
        """Every key message, in file order."""
        return [
            Message(text, number, theme, briefing)
            for briefing in self.briefings
            for theme in briefing.themes
            for number, text in enumerate(theme.messages, start=1)
        ]


class RandomMessage(NamedTuple):
    """One key message picked at random, with the seed that picks it again."""

    message: Message
    seed: int


class ExportDocument(NamedTuple):
    """What `export` writes: briefings (each with the themes asked for) and their terms."""

    title: str
    scope: str  # "all", "briefing" or "theme"
    briefings: tuple[Briefing, ...]
    glossary: tuple[GlossaryEntry, ...]
    exported: str  # ISO date the export was made
    generator: str  # "learnref 1.0.0"

    @property
    def message_count(self) -> int:
        """How many key messages the document holds."""
        return sum(len(theme.messages) for b in self.briefings for theme in b.themes)

    @property
    def exported_label(self) -> str:
        """The export date as people write it in the UK: '5 May 2025'."""
        return uk_date(self.exported)
