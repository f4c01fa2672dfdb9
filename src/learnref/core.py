"""What each command does, without any knowledge of terminals or output formats."""

from __future__ import annotations

from .errors import NotFoundError
from .loader import load_library
from .lookup import find_briefing_id, find_terms, find_theme
from .model import Briefing, Library, ThemeView
from .search import Index, SearchResult, require_hits


def load() -> Library:
    """Every briefing learnref can see."""
    return load_library()


def list_themes(library: Library) -> list[ThemeView]:
    """Every theme, gathered across briefings."""
    return library.themes()


def list_briefings(library: Library) -> list[Briefing]:
    """Every briefing, in load order."""
    return list(library.briefings)


def show_theme(library: Library, name: str) -> ThemeView:
    """The theme a person named (slug, alias, title or unique prefix)."""
    return find_theme(library, name)


def search_messages(
    library: Library,
    query: str,
    *,
    limit: int = 10,
    theme: str | None = None,
    briefing: str | None = None,
) -> SearchResult:
    """Ranked key messages for a query; NotFoundError when nothing is relevant."""
    theme_slug = find_theme(library, theme).slug if theme is not None else None
    briefing_id = find_briefing_id(library, briefing) if briefing is not None else None
    index = Index(library)
    return require_hits(index.search(query, limit=limit, theme=theme_slug, briefing=briefing_id))


def glossary_entries(library: Library, term: str | None) -> list[tuple[str, str]]:
    """The whole glossary, or the entries for one term."""
    entries = find_terms(library, term)
    if not entries:
        raise NotFoundError("The glossary is empty.")
    return entries
