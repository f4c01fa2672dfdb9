"""Finding a theme or glossary term from what a person typed, with did-you-mean."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .errors import NotFoundError
from .loader import slugify
from .model import Library, ThemeView


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().casefold())


def suggestions(name: str, choices: Iterable[str], limit: int = 3) -> list[str]:
    """The choices closest to a mistyped name, best first."""
    from rapidfuzz import fuzz, process, utils

    unique = list(dict.fromkeys(choices))
    found = process.extract(
        name, unique, scorer=fuzz.WRatio, processor=utils.default_process, limit=limit, score_cutoff=70
    )
    return [choice for choice, _, _ in found]


def did_you_mean(options: list[str]) -> str | None:
    """'Did you mean ...?' for one or more suggestions, or None."""
    if not options:
        return None
    quoted = [f"'{option}'" for option in options]
    if len(quoted) == 1:
        return f"Did you mean {quoted[0]}?"
    return f"Did you mean {', '.join(quoted[:-1])} or {quoted[-1]}?"


def find_theme(library: Library, name: str) -> ThemeView:
    """The theme a name means: slug, alias, title (any case), or a unique prefix of a slug."""
    views = library.themes()
    wanted = _key(name)
    as_slug = slugify(name)
    for view in views:
        names = {view.slug, *view.aliases, _key(view.title)}
        if wanted in names or as_slug in names:
            return view
    if as_slug:
        starts = [
            view
            for view in views
            if any(n.startswith(as_slug) for n in (view.slug, *view.aliases, slugify(view.title)))
        ]
        if len(starts) == 1:
            return starts[0]
        if len(starts) > 1:
            raise NotFoundError(
                f"'{name}' could be more than one theme.",
                did_you_mean([view.slug for view in starts]),
            )
    choices = [view.slug for view in views]
    hint = did_you_mean(
        _slugs_for(views, suggestions(name, [*choices, *(v.title for v in views), *_aliases(views)]))
    )
    raise NotFoundError(
        f"No theme '{name}'." + (f" {hint}" if hint else ""),
        "See every theme with: learnref list",
    )


def _aliases(views: list[ThemeView]) -> list[str]:
    return [alias for view in views for alias in view.aliases]


def _slugs_for(views: list[ThemeView], names: list[str]) -> list[str]:
    """The slug of the theme behind each suggested slug, title or alias, without repeats."""
    slugs: dict[str, None] = {}
    for name in names:
        for view in views:
            if name in (view.slug, view.title, *view.aliases):
                slugs[view.slug] = None
    return list(slugs)


def find_terms(library: Library, term: str | None) -> list[tuple[str, str]]:
    """Glossary entries: all of them, the one named (any case), or those mentioning the text."""
    entries = sorted(library.glossary.items(), key=lambda item: item[0].casefold())
    if term is None:
        return entries
    wanted = _key(term)
    exact = [entry for entry in entries if entry[0].casefold() == wanted]
    if exact:
        return exact
    mentions = [entry for entry in entries if wanted in entry[1].casefold()]
    if mentions:
        return mentions
    hint = did_you_mean(suggestions(term, [t for t, _ in entries]))
    raise NotFoundError(
        f"'{term}' is not in the glossary." + (f" {hint}" if hint else ""),
        "See every term with: learnref glossary",
    )


def find_briefing_id(library: Library, briefing_id: str) -> str:
    """A briefing id that is loaded, or NotFoundError with suggestions."""
    ids = [briefing.id for briefing in library.briefings]
    if briefing_id in ids:
        return briefing_id
    hint = did_you_mean(suggestions(briefing_id, ids))
    raise NotFoundError(
        f"No briefing '{briefing_id}'." + (f" {hint}" if hint else ""),
        "See every briefing with: learnref list --briefings",
    )
