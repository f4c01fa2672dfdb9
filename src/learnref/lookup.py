"""Finding a theme, briefing or glossary term from what a person typed, with did-you-mean."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Protocol, TypeVar

from .errors import NotFoundError
from .model import GlossaryEntry, slugify
from .quoting import shown


class Named(Protocol):
    """Anything with a theme's names."""

    @property
    def slug(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def aliases(self) -> tuple[str, ...]: ...


T = TypeVar("T", bound=Named)


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().casefold())


def suggestions(name: str, choices: Iterable[str], limit: int = 3) -> list[str]:
    """The choices closest to a mistyped name, best first."""
    from rapidfuzz import fuzz, process, utils

    unique = list(dict.fromkeys(choices))
    found = process.extract(
        name,
        unique,
        scorer=fuzz.WRatio,
        processor=utils.default_process,
        limit=limit,
        score_cutoff=70,
    )
    return [choice for choice, _, _ in found]


def did_you_mean(options: Sequence[str]) -> str | None:
    """'Did you mean ...?' for one or more suggestions, or None."""
    if not options:
        return None
    quoted = [f"'{shown(option)}'" for option in options]
    if len(quoted) == 1:
        return f"Did you mean {quoted[0]}?"
    return f"Did you mean {', '.join(quoted[:-1])} or {quoted[-1]}?"


def _names(theme: Named) -> tuple[str, ...]:
    return (theme.slug, *theme.aliases, slugify(theme.title))


def find_theme(themes: Sequence[T], name: str) -> T:
    """The theme a name means: slug, alias, title (any case), or a unique start of a slug."""
    wanted = _key(name)
    as_slug = slugify(name)
    # A theme's own slug comes first: another theme's alias or title never hides it.
    for theme in themes:
        if theme.slug in (wanted, as_slug):
            return theme
    for theme in themes:
        if wanted == _key(theme.title) or as_slug in _names(theme) or wanted in _names(theme):
            return theme
    if as_slug:
        starts = [theme for theme in themes if any(n.startswith(as_slug) for n in _names(theme))]
        if len(starts) == 1:
            return starts[0]
        if len(starts) > 1:
            slugs = [start.slug for start in starts[:5]]
            raise NotFoundError(
                f"'{shown(name)}' could be more than one theme. " + (did_you_mean(slugs) or ""),
                "Type more of the name, or see every theme with: learnref list",
                slugs,
            )
    by_name: dict[str, str] = {}
    for each in themes:
        by_name.update(dict.fromkeys((*_names(each), each.title), each.slug))
    close = dict.fromkeys(by_name[found] for found in suggestions(name, by_name))
    hint = did_you_mean(list(close))
    raise NotFoundError(
        f"No theme '{shown(name)}'." + (f" {hint}" if hint else ""),
        "See every theme with: learnref list",
        list(close),
    )


def _ranked_terms(entries: list[GlossaryEntry], wanted: str) -> list[GlossaryEntry]:
    """Entries for a text that is not a term: terms that start with it, then expansions with
    it as a whole word, then the text anywhere in a term or expansion."""
    word = re.compile(rf"(?<!\w){re.escape(wanted)}(?!\w)")
    tiers: tuple[Callable[[GlossaryEntry], bool], ...] = (
        lambda entry: entry.term.casefold().startswith(wanted),
        lambda entry: word.search(entry.expansion.casefold()) is not None,
        lambda entry: wanted in entry.term.casefold() or wanted in entry.expansion.casefold(),
    )
    ranked: dict[str, GlossaryEntry] = {}
    for matches in tiers:
        for entry in entries:
            if entry.term not in ranked and matches(entry):
                ranked[entry.term] = entry
    return list(ranked.values())


def find_terms(glossary: dict[str, str], term: str | None) -> list[GlossaryEntry]:
    """Glossary entries: all of them, the one named (any case), or those the text may mean,
    ranked: terms that start with it, whole words in what terms stand for, then anywhere."""
    entries = sorted(
        (GlossaryEntry(*item) for item in glossary.items()), key=lambda entry: entry.term.casefold()
    )
    if term is None:
        return entries
    wanted = _key(term)
    exact = [entry for entry in entries if entry.term.casefold() == wanted]
    if exact:
        return exact
    ranked = _ranked_terms(entries, wanted) if wanted else []
    if ranked:
        return ranked
    close = suggestions(term, [t for t, _ in entries])
    hint = did_you_mean(close)
    raise NotFoundError(
        f"'{shown(term)}' is not in the glossary." + (f" {hint}" if hint else ""),
        "See every term with: learnref glossary",
        close,
    )


def find_briefing_id(ids: Sequence[str], briefing_id: str) -> str:
    """A briefing id that is loaded, or the one id it is a unique start of; otherwise
    NotFoundError with suggestions."""
    if briefing_id in ids:
        return briefing_id
    wanted = briefing_id.strip().casefold()
    starts = [each for each in ids if wanted and each.casefold().startswith(wanted)]
    if len(starts) == 1:
        return starts[0]
    if starts:
        raise NotFoundError(
            f"'{shown(briefing_id)}' could be more than one briefing. "
            + (did_you_mean(starts[:5]) or ""),
            "Type more of the id, or see every briefing with: learnref list --briefings",
            starts[:5],
        )
    close = suggestions(briefing_id, ids)
    hint = did_you_mean(close)
    raise NotFoundError(
        f"No briefing '{shown(briefing_id)}'." + (f" {hint}" if hint else ""),
        "See every briefing with: learnref list --briefings",
        close,
    )
