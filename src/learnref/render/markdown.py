"""Markdown: headings, numbered lists and a linked source, for notes and wikis."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..model import Briefing, BriefingSummary, RandomMessage, ThemeSummary, ThemeView

if TYPE_CHECKING:
    from ..search import SearchResult

_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def escape(text: str) -> str:
    """Text with Markdown's special characters escaped, so it shows exactly as written."""
    return _SPECIAL.sub(r"\\\1", text)


def _source(briefing: Briefing) -> str:
    label = escape(f"{briefing.publisher_label}, {briefing.title}, {briefing.published_label}")
    return f"Source: [{label}]({briefing.url})" if briefing.url else f"Source: {label}"


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(escape(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def themes(items: list[ThemeSummary]) -> str:
    """The themes as a Markdown table."""
    rows = [
        [
            theme.slug,
            str(theme.message_count),
            theme.title,
            "; ".join(ref.title for ref in theme.briefings),
        ]
        for theme in items
    ]
    return "# Themes\n\n" + _table(["Theme", "Messages", "Title", "Briefing"], rows)


def briefings(items: list[BriefingSummary]) -> str:
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
    return "# Briefings\n\n" + _table(["Briefing", "Published", "Title", "Publisher", "Link"], rows)


def show(view: ThemeView) -> str:
    """A theme as a heading, each briefing's messages as a numbered list, then its source."""
    parts = [f"## {escape(view.title)}"]
    for entry in view.entries:
        briefing, theme = entry.briefing, entry.theme
        parts.append(
            f"*{escape(briefing.title)}*, {escape(briefing.publisher_label)}, "
            f"{briefing.published_label}"
        )
        if theme.messages:
            parts.append(
                "\n".join(
                    f"{number}. {escape(text)}"
                    for number, text in enumerate(theme.messages, start=1)
                )
            )
        if theme.note:
            parts.append(f"> **Note:** {escape(theme.note)}")
        if theme.questions:
            parts.append("**Questions to reflect on:**")
            parts.append("\n".join(f"- {escape(question)}" for question in theme.questions))
        if briefing.remember:
            parts.append(f"**Remember:** {escape(briefing.remember)}")
        parts.append(_source(briefing))
    return "\n\n".join(parts) + "\n"


def search(result: SearchResult) -> str:
    """Ranked results as a numbered list, each with its theme and source."""
    parts = [f"## Search: {escape(result.query)}"]
    for hit in result.hits:
        message = hit.message
        parts.append(
            f"{hit.rank}. {escape(message.text)}\n"
            f"   *{escape(message.theme.title)}* (score {hit.score})  \n"
            f"   {_source(message.briefing)}"
        )
    return "\n\n".join(parts) + "\n"


def glossary(entries: list[tuple[str, str]]) -> str:
    """The glossary as a Markdown table."""
    return "# Glossary\n\n" + _table(["Term", "Meaning"], [list(entry) for entry in entries])


def random(pick: RandomMessage) -> str:
    """One key message as a quotation, then its theme and source."""
    message = pick.message
    return (
        f"> {escape(message.text)}\n\n"
        f"*{escape(message.theme.title)}*, message {message.number}  \n"
        f"{_source(message.briefing)}\n"
    )
