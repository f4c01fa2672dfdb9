"""What to offer when a search finds nothing: themes and briefings the words name.

A theme is offered when a query word (or its glossary or thesaurus expansion) is in its
title, aliases or tags (first), or in its note; a briefing when it is in its summary. Only
read on the no-match path, so it may decode every theme.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .folding import words
from .store import Store, stem_phrases

if TYPE_CHECKING:
    from typing import NamedTuple
else:
    from ._records import NamedTuple


class Suggestion(NamedTuple):
    """Something that exists when nothing matched: a theme, a briefing, or a command."""

    kind: str  # theme | briefing | command
    title: str
    detail: str
    command: str


MAX_THEMES = 5
MAX_BRIEFINGS = 3


def suggestions(store: Store, wanted: set[str]) -> tuple[Suggestion, ...]:
    """Themes, then briefings, that name any of the wanted stems; then `learnref list`."""
    found: list[Suggestion] = []
    if wanted:
        found.extend(_themes(store, wanted))
        found.extend(_briefings(store, wanted))
    found.append(Suggestion("command", "See every theme", "", "learnref list"))
    return tuple(found)


def _themes(store: Store, wanted: set[str]) -> list[Suggestion]:
    named: dict[str, tuple[int, Suggestion]] = {}
    entries = [(briefing, theme) for briefing in store.briefings() for theme in briefing.themes]
    names = [" ".join(words(" ".join((t.title, *t.aliases, *t.tags)))) for _, t in entries]
    notes = [" ".join(words(t.note or "")) for _, t in entries]
    stems = stem_phrases(store.db, names + notes)
    for index, (_, theme) in enumerate(entries):
        in_name = wanted & set(stems[index].split())
        in_note = wanted & set(stems[len(entries) + index].split())
        if not (in_name or in_note) or theme.slug in named:
            continue
        detail = theme.note or (
            f"{len(theme.messages)} key message{'s' if len(theme.messages) != 1 else ''}"
        )
        suggestion = Suggestion(
            "theme", theme.title, " ".join(detail.split()), f"learnref show {theme.slug}"
        )
        named[theme.slug] = (0 if in_name else 1, suggestion)
    ranked = sorted(named.values(), key=lambda item: item[0])
    return [suggestion for _, suggestion in ranked[:MAX_THEMES]]


def _briefings(store: Store, wanted: set[str]) -> list[Suggestion]:
    summaries = store.briefing_summaries()
    stems = stem_phrases(
        store.db, [" ".join(words(item.briefing.summary or "")) for item in summaries]
    )
    found = []
    for item, stemmed in zip(summaries, stems, strict=True):
        if wanted & set(stemmed.split()):
            briefing = item.briefing
            found.append(
                Suggestion("briefing", briefing.title, briefing.citation(), "learnref list -b")
            )
    return found[:MAX_BRIEFINGS]
