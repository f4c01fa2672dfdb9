"""Plain text: what a pipe or a file gets. No escapes, no box characters, no hard wrapping."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import (
    BriefingSummary,
    GlossaryEntry,
    RandomMessage,
    ThemeSummary,
    ThemeView,
)

if TYPE_CHECKING:
    from ..search import SearchResult


def _table(rows: list[list[str]]) -> str:
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines) + "\n"


class TextRenderer:
    """Plain text for pipes and files."""

    def themes(self, items: list[ThemeSummary]) -> str:
        """The themes as aligned columns with a header row."""
        rows = [["THEME", "MESSAGES", "TITLE", "BRIEFING"]]
        for theme in items:
            briefings = theme.briefing_label()
            rows.append([theme.slug, str(theme.message_count), theme.title, briefings])
        return _table(rows)

    def briefings(self, items: list[BriefingSummary]) -> str:
        """The briefings as aligned columns with a header row."""
        rows = [["BRIEFING", "PUBLISHED", "THEMES", "MESSAGES", "TITLE", "PUBLISHER"]]
        for briefing, theme_count, message_count in items:
            rows.append(
                [
                    briefing.id,
                    briefing.published,
                    str(theme_count),
                    str(message_count),
                    briefing.title,
                    briefing.publisher_label,
                ]
            )
        return _table(rows)

    def show(self, view: ThemeView) -> str:
        """A theme's key messages, one per line, with each briefing's remember line and source."""
        blocks = [view.title]
        for entry in view.entries:
            briefing, theme = entry.briefing, entry.theme
            lines = [
                f"From: {briefing.title}, {briefing.publisher_label}, {briefing.published_label}",
                "",
            ]
            if theme.messages:
                lines += [
                    f"{number}. {text}" for number, text in enumerate(theme.messages, start=1)
                ]
            if theme.note:
                lines += [""] if theme.messages else []
                lines.append(f"Note: {theme.note}")
            if theme.questions:
                lines += ["", "Questions to reflect on:"]
                lines += [f"- {question}" for question in theme.questions]
            if briefing.remember:
                lines += ["", f"Remember: {briefing.remember}"]
            lines += ["", f"Source: {briefing.citation()}"]
            blocks.append("\n".join(lines))
        return "\n\n".join(blocks) + "\n"

    def search(self, result: SearchResult) -> str:
        """What was corrected and not found, then ranked results: the message on one line,
        then its theme and source (and score, with --scores)."""
        notes = result.notes
        blocks = ["\n".join(notes)] if notes else []
        for hit in result.hits:
            message = hit.message
            lines = [
                f"{hit.rank}. {message.text}",
                f"   Theme: {message.theme.title} ({message.theme.slug}), message {message.number}",
                f"   Source: {message.briefing.citation()}",
            ]
            if result.show_scores:
                lines.append(f"   Score: {hit.score}")
            blocks.append("\n".join(lines))
        return "\n\n".join(blocks) + "\n"

    def glossary(self, entries: list[GlossaryEntry]) -> str:
        """Terms and their expansions in two aligned columns."""
        return _table([["TERM", "MEANING"], *([term, meaning] for term, meaning in entries)])

    def random(self, pick: RandomMessage) -> str:
        """One key message on one line, then its theme and source."""
        message = pick.message
        return (
            f"{message.text}\n\n"
            f"Theme: {message.theme.title} ({message.theme.slug}), message {message.number}\n"
            f"Source: {message.briefing.citation()}\n"
        )
