"""JSON: one object per command, with a `version` field and stable keys (docs/output.md)."""

from __future__ import annotations

import json as _json
from typing import TYPE_CHECKING, Any

from ..model import Briefing, BriefingSummary, RandomMessage, ThemeSummary, ThemeView

if TYPE_CHECKING:
    from ..search import SearchResult

# Bumped only when a key is removed or changes meaning; new keys may appear in any version.
JSON_VERSION = 1


def _dump(data: dict[str, Any]) -> str:
    return _json.dumps({"version": JSON_VERSION, **data}, ensure_ascii=False, indent=2) + "\n"


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


def themes(items: list[ThemeSummary]) -> str:
    """{"themes": [{slug, title, aliases, message_count, briefings: [id]}]}."""
    return _dump(
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


def briefings(items: list[BriefingSummary]) -> str:
    """{"briefings": [{id, title, publisher, ..., theme_count, message_count}]}."""
    return _dump(
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


def show(view: ThemeView) -> str:
    """{"theme": {...}, "entries": [{briefing, messages, questions, note, remember}]}."""
    return _dump(
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


def search(result: SearchResult) -> str:
    """{"query", "results": [{rank, score, text, matched_terms, ...}], "unmatched_terms",
    "corrections", "suggestions"}; with no match, "results" is empty and "suggestions" says
    what exists."""
    return _dump(
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
                        if key in ("id", "title", "publisher", "published", "url")
                    },
                }
                for hit in result.hits
            ],
            "unmatched_terms": list(result.unmatched_terms),
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


def glossary(entries: list[tuple[str, str]]) -> str:
    """{"terms": [{term, expansion}]}."""
    return _dump({"terms": [{"term": term, "expansion": meaning} for term, meaning in entries]})


def random(pick: RandomMessage) -> str:
    """{"seed", "text", "message_number", "theme": {slug, title}, "briefing": {...}}."""
    message = pick.message
    return _dump(
        {
            "seed": pick.seed,
            "text": message.text,
            "message_number": message.number,
            "theme": {"slug": message.theme.slug, "title": message.theme.title},
            "briefing": _briefing(message.briefing),
        }
    )
