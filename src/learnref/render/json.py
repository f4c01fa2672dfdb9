"""JSON: one object per command, with a `version` field and stable keys (docs/output.md)."""

from __future__ import annotations

import json as _json
from typing import Any

from ..model import Briefing, ThemeView
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


def themes(views: list[ThemeView]) -> str:
    """{"themes": [{slug, title, aliases, message_count, briefings: [id]}]}."""
    return _dump(
        {
            "themes": [
                {
                    "slug": view.slug,
                    "title": view.title,
                    "aliases": list(view.aliases),
                    "message_count": view.message_count,
                    "briefings": [entry.briefing.id for entry in view.entries],
                }
                for view in views
            ]
        }
    )


def briefings(items: list[Briefing]) -> str:
    """{"briefings": [{id, title, publisher, ..., theme_count, message_count}]}."""
    return _dump(
        {
            "briefings": [
                {
                    **_briefing(briefing),
                    "theme_count": len(briefing.themes),
                    "message_count": sum(len(theme.messages) for theme in briefing.themes),
                }
                for briefing in items
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
    """{"query", "corrections", "results": [{rank, score, text, matched_terms, theme, briefing}]}."""
    return _dump(
        {
            "query": result.query,
            "corrections": result.corrections,
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
        }
    )


def glossary(entries: list[tuple[str, str]]) -> str:
    """{"terms": [{term, expansion}]}."""
    return _dump({"terms": [{"term": term, "expansion": meaning} for term, meaning in entries]})
