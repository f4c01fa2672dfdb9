"""Markdown: headings, numbered lists and a linked source, for notes and wikis."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..model import (
    NOT_PROCEDURE,
    Briefing,
    BriefingSummary,
    ExportDocument,
    GlossaryEntry,
    RandomMessage,
    ThemeSummary,
    ThemeView,
)
from ..quoting import counted
from .links import markdown_autolink, markdown_link, web_address_parts

if TYPE_CHECKING:
    from ..search import SearchResult

_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def escape(text: str) -> str:
    """Text with Markdown's special characters escaped, so it shows exactly as written."""
    return _SPECIAL.sub(r"\\\1", text)


def _source(briefing: Briefing) -> str:
    label = escape(f"{briefing.publisher_label}, {briefing.title}, {briefing.published_label}")
    return f"Source: {_link(label, briefing.url, escaped=True)}"


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(escape(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _numbered(messages: tuple[str, ...]) -> str:
    """Key messages as a numbered Markdown list, each exactly as published."""
    return "\n".join(f"{number}. {escape(text)}" for number, text in enumerate(messages, start=1))


def _link(title: str, url: str | None, *, escaped: bool = False) -> str:
    """A link to an http(s) address; any other address (`javascript:`) is shown as text."""
    label = title if escaped else escape(title)
    return markdown_link(label, url) or label + (f" ({escape(url)})" if url else "")


def _linked(text: str) -> str:
    """Text, escaped, with each web address in it written as a link <...>."""
    return "".join(
        (markdown_autolink(part) or escape(part)) if address else escape(part)
        for part, address in web_address_parts(text)
    )


def _export_briefing(briefing: Briefing, *, level: int, theme_headings: bool) -> list[str]:
    """One briefing: heading, source and date, context, its themes, remember, reading."""
    h = "#" * level
    source = f"{escape(briefing.publisher_label)}, published {briefing.published_label}"
    if briefing.url:
        source += f"  \nSource: {markdown_autolink(briefing.url) or escape(briefing.url)}"
    parts = [f"{h} {escape(briefing.title)}", source]
    if briefing.summary and theme_headings:
        parts.append(f"{h}# Context")
        parts += [escape(paragraph) for paragraph in briefing.summary.split("\n\n")]
    for theme in briefing.themes:
        sub = h + "#" if theme_headings else h
        if theme_headings:
            parts.append(f"{sub} {escape(theme.title)}")
        if theme.messages:
            parts.append(_numbered(theme.messages))
        if theme.note:
            parts.append(f"**Note:** {_linked(theme.note)}")
        if theme.questions:
            parts.append(f"{sub}# Questions to reflect on")
            parts.append("\n".join(f"- {escape(question)}" for question in theme.questions))
    if briefing.remember:
        parts += [f"{h}# Remember", f"**{escape(briefing.remember)}**"]
    if briefing.resources:
        parts.append(f"{h}# Further reading")
        parts.append("\n".join(f"- {_link(r.title, r.url)}" for r in briefing.resources))
    return parts


class MarkdownRenderer:
    """Markdown for notes, wikis and handouts."""

    def themes(self, items: list[ThemeSummary]) -> str:
        """The themes as a Markdown table."""
        rows = [
            [
                theme.slug,
                str(theme.message_count),
                theme.title,
                theme.briefing_label(),
            ]
            for theme in items
        ]
        return "# Themes\n\n" + _table(["Theme", "Messages", "Title", "Briefing"], rows)

    def briefings(self, items: list[BriefingSummary]) -> str:
        """The briefings as a Markdown table."""
        rows = [
            [
                summary.briefing.id,
                summary.briefing.published,
                summary.briefing.title,
                summary.briefing.publisher_label,
                summary.briefing.url or "",
            ]
            for summary in items
        ]
        return "# Briefings\n\n" + _table(
            ["Briefing", "Published", "Title", "Publisher", "Link"], rows
        )

    def show(self, view: ThemeView) -> str:
        """A theme as a heading, each briefing's messages as a numbered list, then its source."""
        parts = [f"## {escape(view.title)}"]
        for entry in view.entries:
            briefing, theme = entry.briefing, entry.theme
            parts.append(
                f"*{escape(briefing.title)}*, {escape(briefing.publisher_label)}, "
                f"{briefing.published_label}"
            )
            if theme.messages:
                parts.append(_numbered(theme.messages))
            if theme.note:
                parts.append(f"> **Note:** {escape(theme.note)}")
            if theme.questions:
                parts.append("**Questions to reflect on:**")
                parts.append("\n".join(f"- {escape(question)}" for question in theme.questions))
            if briefing.remember:
                parts.append(f"**Remember:** {escape(briefing.remember)}")
            parts.append(_source(briefing))
        return "\n\n".join(parts) + "\n"

    def search(self, result: SearchResult) -> str:
        """Ranked results as a numbered list; each message is its own paragraph, its theme and
        source another, so they never run together when rendered."""
        parts = [f"## Search: {escape(result.query)}"]
        parts += [escape(note) for note in result.notes]
        for hit in result.hits:
            message = hit.message
            parts.append(
                f"{hit.rank}. {escape(message.text)}\n\n"
                f"   *{escape(message.theme.title)}* ({escape(message.theme.slug)}), "
                f"message {message.number} (score {hit.score})  \n"
                f"   {_source(message.briefing)}"
            )
        return "\n\n".join(parts) + "\n"

    def glossary(self, entries: list[GlossaryEntry]) -> str:
        """The glossary as a Markdown table."""
        return "# Glossary\n\n" + _table(["Term", "Meaning"], [list(entry) for entry in entries])

    def random(self, pick: RandomMessage) -> str:
        """One key message as a quotation, then its theme and source."""
        message = pick.message
        return (
            f"> {escape(message.text)}\n\n"
            f"*{escape(message.theme.title)}*, message {message.number}  \n"
            f"{_source(message.briefing)}\n"
        )

    def export(self, document: ExportDocument) -> str:
        """A handout: a title, each briefing with its themes and source, the terms used."""
        count, messages = len(document.briefings), document.message_count
        parts = [
            f"# {escape(document.title)}",
            f"{counted(messages, 'key message')} from {counted(count, 'briefing')}, "
            "quoted as published.",
        ]
        for briefing in document.briefings:
            parts += _export_briefing(briefing, level=2, theme_headings=document.scope != "theme")
        if document.glossary:
            parts.append("## Terms used")
            parts.append(_table(["Term", "Meaning"], [list(entry) for entry in document.glossary]))
        parts.append(
            f"---\n\nExported from {escape(document.generator)} on {document.exported_label}. "
            f"A learning reference, {NOT_PROCEDURE}"
        )
        return "\n\n".join(part.rstrip("\n") for part in parts) + "\n"
