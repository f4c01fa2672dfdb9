"""What each command does, without any knowledge of terminals or output formats."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from . import __version__
from .cache import open_store
from .errors import NotFoundError
from .loader import bundled_data_path, load_library
from .lookup import find_briefing_id, find_terms, find_theme
from .model import (
    Briefing,
    BriefingSummary,
    ExportDocument,
    RandomMessage,
    ThemeSummary,
    ThemeView,
)
from .store import Store

if TYPE_CHECKING:
    from .search import SearchResult


def open_library(*, use_cache: bool = True) -> Store:
    """Every briefing learnref can see, from the cache when it is current."""
    return open_store([bundled_data_path()], load_library, use_cache=use_cache)


def list_themes(store: Store) -> list[ThemeSummary]:
    """Every theme, gathered across briefings."""
    return store.summaries()


def list_briefings(store: Store) -> list[BriefingSummary]:
    """Every briefing, in load order, with its counts."""
    return store.briefing_summaries()


def show_theme(store: Store, name: str) -> ThemeView:
    """The theme a person named (slug, alias, title or unique start), from every briefing."""
    return store.theme_view(find_theme(store.summaries(), name).slug)


def search_messages(
    store: Store,
    query: str,
    *,
    limit: int = 10,
    theme: str | None = None,
    briefing: str | None = None,
) -> SearchResult:
    """Ranked key messages for a query; NotFoundError when nothing is relevant."""
    from .search import Index, require_hits

    theme_slug = find_theme(store.summaries(), theme).slug if theme is not None else None
    briefing_id = find_briefing_id(store.briefing_ids(), briefing) if briefing else None
    index = Index(store)
    return require_hits(index.search(query, limit=limit, theme=theme_slug, briefing=briefing_id))


def glossary_entries(store: Store, term: str | None) -> list[tuple[str, str]]:
    """The whole glossary, or the entries for one term."""
    return find_terms(store.glossary(), term)


def random_message(
    store: Store, *, theme: str | None = None, seed: int | None = None
) -> RandomMessage:
    """One key message, of one theme or any; the same seed picks the same message."""
    import random

    summary = find_theme(store.summaries(), theme) if theme is not None else None
    slug = summary.slug if summary is not None else None
    rowids = [
        rowid for first, last in store.message_range(slug, None) for rowid in range(first, last + 1)
    ]
    if not rowids:
        if summary is None:
            raise NotFoundError("There are no key messages to pick from.")
        notes = [entry.theme.note for entry in store.theme_view(summary.slug).entries]
        raise NotFoundError(
            f"The theme '{summary.title}' has no key messages to pick from.",
            next((note for note in notes if note), "Pick from every theme: learnref random"),
        )
    if seed is None:
        seed = random.randrange(1_000_000)
    return RandomMessage(store.message(random.Random(seed).choice(rowids)), seed)


def _export_date() -> str:
    """Today, or the day SOURCE_DATE_EPOCH names, for exports that must be reproducible."""
    import datetime as dt

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date().isoformat()
    return dt.date.today().isoformat()


def _terms_used(
    briefings: tuple[Briefing, ...], glossary: dict[str, str], *, summaries: bool
) -> list[str]:
    """The glossary terms that appear, as whole words, in what is exported."""
    import re

    parts: list[str] = []
    for briefing in briefings:
        parts += [briefing.title, briefing.publisher, briefing.publisher_short or ""]
        parts.append(briefing.summary or "" if summaries else "")
        parts += [briefing.remember or "", *(resource.title for resource in briefing.resources)]
        for theme in briefing.themes:
            parts += [theme.title, *theme.messages, *theme.questions, theme.note or ""]
    text = "\n".join(parts)
    return [term for term in glossary if re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text)]


def export_document(
    store: Store, *, briefing: str | None = None, theme: str | None = None
) -> ExportDocument:
    """Everything, one briefing or one theme, ready to write as a handout or a web page.

    A whole export carries the whole glossary; a briefing or theme carries the terms it uses.
    """
    if theme is not None:
        view = store.theme_view(find_theme(store.summaries(), theme).slug)
        chosen = tuple(entry.briefing._replace(themes=(entry.theme,)) for entry in view.entries)
        title, scope = view.title, "theme"
    elif briefing is not None:
        wanted = find_briefing_id(store.briefing_ids(), briefing)
        chosen = tuple(b for b in store.briefings() if b.id == wanted)
        first = chosen[0]
        title, scope = f"{first.title}, {first.publisher_short or first.publisher}", "briefing"
    else:
        chosen = tuple(store.briefings())
        title, scope = "Key messages from learning reviews", "all"
    glossary = store.glossary()
    if scope == "all":
        terms = list(glossary)
    else:
        terms = _terms_used(chosen, glossary, summaries=scope == "briefing")
    entries = find_terms({term: glossary[term] for term in terms}, None)
    return ExportDocument(
        title, scope, chosen, tuple(entries), _export_date(), f"learnref {__version__}"
    )
