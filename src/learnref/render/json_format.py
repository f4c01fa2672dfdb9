"""JSON: one object per command, with a `version` field and stable keys (docs/output.md)."""

from __future__ import annotations

import json as _json
import re
from typing import TYPE_CHECKING, Any

from ..model import Briefing, BriefingSummary, GlossaryEntry, RandomMessage, ThemeSummary, ThemeView
from .console import encodable

if TYPE_CHECKING:
    from ..errors import NotFoundError
    from ..search import SearchResult

# Bumped only when a key is removed or changes meaning; new keys may appear in any version.
JSON_VERSION = 1


# Characters JSON may hold raw but a terminal would act on: bidi controls, zero-width and
# format characters, the Unicode line separators. Inside a JSON string they are escaped
# (json.dumps already escapes C0 controls; DEL and C1 are escaped here too).
_INVISIBLE = re.compile("[\x7f-\x9f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")


def dump(data: dict[str, Any], encoding: str = "utf-8") -> str:
    """One JSON object with the layout `version` first. A console that cannot show every
    character gets \\u escapes instead: lossless anywhere, and valid even for an argument
    that was not UTF-8. Invisible characters (bidi controls in a file name) are always
    written as \\u escapes, so the JSON reads back the same and shows as it is."""
    text = _json.dumps({"version": JSON_VERSION, **data}, ensure_ascii=False, indent=2) + "\n"
    if encodable(text, encoding):
        return _INVISIBLE.sub(lambda found: f"\\u{ord(found.group()):04x}", text)
    return _json.dumps({"version": JSON_VERSION, **data}, ensure_ascii=True, indent=2) + "\n"


def error_object(error: NotFoundError, encoding: str = "utf-8") -> str:
    """{"error", "hint", "suggestions"}: what a --format json run prints when it finds
    nothing (the message is on stderr too)."""
    return dump(
        {"error": error.message, "hint": error.hint, "suggestions": list(error.suggestions)},
        encoding,
    )


def _briefing(briefing: Briefing) -> dict[str, Any]:
    return {
        "id": briefing.id,
        "title": briefing.title,
        "publisher": briefing.publisher,
        "publisher_short": briefing.publisher_short,
        "published": briefing.published,
        "category": briefing.category,
        "url": briefing.url,
    }


class JsonRenderer:
    """One JSON object per command, with stable keys."""

    def __init__(self, encoding: str = "utf-8") -> None:
        self.encoding = encoding

    def _dump(self, data: dict[str, Any]) -> str:
        return dump(data, self.encoding)

    def themes(self, items: list[ThemeSummary]) -> str:
        """{"themes": [{slug, title, aliases, message_count, briefings: [id]}]}."""
        return self._dump(
            {
                "themes": [
                    {
                        "slug": theme.slug,
                        "title": theme.title,
                        "aliases": list(theme.aliases),
                        "message_count": theme.message_count,
                        "briefings": list(theme.briefing_ids),
                    }
                    for theme in items
                ]
            }
        )

    def briefings(self, items: list[BriefingSummary]) -> str:
        """{"briefings": [{id, title, publisher, ..., theme_count, message_count}]}."""
        return self._dump(
            {
                "briefings": [
                    {
                        **_briefing(summary.briefing),
                        "theme_count": summary.theme_count,
                        "message_count": summary.message_count,
                    }
                    for summary in items
                ]
            }
        )

    def show(self, view: ThemeView) -> str:
        """{"theme": {...}, "entries": [{briefing, messages, questions, note, remember}]}."""
        return self._dump(
            {
                "theme": {"slug": view.slug, "title": view.title, "aliases": list(view.aliases)},
                "entries": [
                    {
                        "briefing": _briefing(entry.briefing),
                        "messages": [
                            {"number": number, "text": text}
                            for number, text in enumerate(entry.theme.messages, start=1)
                        ],
                        "questions": list(entry.theme.questions),
                        "note": entry.theme.note,
                        "remember": entry.briefing.remember,
                    }
                    for entry in view.entries
                ],
            }
        )

    def search(self, result: SearchResult) -> str:
        """{"query", "results": [{rank, score, text, matched_terms, ...}], "unmatched_terms",
        "corrections", "suggestions"}; with no match, "results" is empty and "suggestions" says
        what exists."""
        return self._dump(
            {
                "query": result.query,
                "results": [
                    {
                        "rank": hit.rank,
                        "score": hit.score,
                        "text": hit.message.text,
                        "matched_terms": list(hit.matched_terms),
                        "theme": {"slug": hit.message.theme.slug, "title": hit.message.theme.title},
                        "message_number": hit.message.number,
                        "briefing": {
                            key: value
                            for key, value in _briefing(hit.message.briefing).items()
                            if key
                            in ("id", "title", "publisher", "publisher_short", "published", "url")
                        },
                    }
                    for hit in result.hits
                ],
                "unmatched_terms": list(result.unmatched_terms),
                "ignored_terms": list(result.ignored_terms),
                "corrections": result.corrections,
                "suggestions": [
                    {
                        "kind": item.kind,
                        "title": item.title,
                        "detail": item.detail,
                        "command": item.command,
                    }
                    for item in result.suggestions
                ],
            }
        )

    def glossary(self, entries: list[GlossaryEntry]) -> str:
        """{"terms": [{term, expansion}]}."""
        return self._dump(
            {"terms": [{"term": term, "expansion": meaning} for term, meaning in entries]}
        )

    def random(self, pick: RandomMessage) -> str:
        """{"seed", "text", "message_number", "theme": {slug, title}, "briefing": {...}}."""
        message = pick.message
        return self._dump(
            {
                "seed": pick.seed,
                "text": message.text,
                "message_number": message.number,
                "theme": {"slug": message.theme.slug, "title": message.theme.title},
                "briefing": _briefing(message.briefing),
            }
        )
