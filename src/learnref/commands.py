"""What each command does, without any knowledge of terminals or output formats."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from . import __version__
from . import sources as src
from .cache import open_store
from .errors import DataError, NoDataError, NotFoundError
from .lookup import find_briefing_id, find_terms, find_theme
from .model import (
    Briefing,
    BriefingSummary,
    ExportDocument,
    Library,
    RandomMessage,
    ThemeSummary,
    ThemeView,
)
from .store import Store

if TYPE_CHECKING:
    from .loader import FileContent
    from .search import SearchResult

PACKAGE_DIR = Path(__file__).resolve().parent
SCHEMA_PATH = PACKAGE_DIR / "schema" / "briefings.schema.json"
TEMPLATE_PATH = PACKAGE_DIR / "schema" / "template.yaml"


def open_library(
    *,
    use_cache: bool = True,
    data: Sequence[Path] = (),
    bundled: bool = True,
    user: bool = True,
    warn: Callable[[str], None] | None = None,
    require_briefings: bool = True,
) -> Store:
    """Every briefing learnref can see, from the cache when it is current.

    The sources are the bundled file (unless `bundled` is False), then with `user` the user
    data directory and LEARNREF_DATA, then each of `data`. `warn` gets one line for each
    user data file left out; NoDataError when no briefing is left and `require_briefings`.
    """
    sources = src.resolve(data, bundled=bundled, user=user)
    if sources.problems:
        raise DataError(list(sources.problems))

    def load() -> tuple[Library, dict[str, str]]:
        loaded = src.load(sources)
        if not loaded.skipped:
            return loaded.library, {}
        import json

        return loaded.library, {"skipped": json.dumps(loaded.skipped)}

    store = open_store(
        [src.thesaurus_path(), *(file.path for file in sources.files)],
        load,
        use_cache=use_cache,
        labels=src.cache_labels(sources),
    )
    if warn is not None:
        for _, line in skipped_files(store):
            warn(line)
    if require_briefings and not store.has_briefings():
        raise NoDataError(
            "No briefings are loaded."
            + ("" if bundled else " --no-bundled leaves out the bundled briefing."),
            "Name your files with --data PATH or LEARNREF_DATA, "
            "or see where learnref looks with: learnref info",
        )
    return store


def skipped_files(store: Store) -> list[tuple[str, str]]:
    """The user data files left out of the store, each with its warning line."""
    value = store.meta("skipped")
    if not value:
        return []
    import json

    return [(str(path), str(line)) for path, line in json.loads(value)]


def completions(store: Store, kind: str, incomplete: str) -> list[tuple[str, str]]:
    """(candidate, description) pairs starting with `incomplete` (any case): theme slugs and
    aliases, briefing ids or glossary terms."""
    candidates: list[tuple[str, str]]
    if kind == "theme":
        candidates = []
        for theme in store.theme_names():
            candidates.append((theme.slug, theme.title))
            candidates += [(alias, theme.title) for alias in theme.aliases]
    elif kind == "briefing":
        candidates = [
            (summary.briefing.id, summary.briefing.title) for summary in store.briefing_summaries()
        ]
    else:
        candidates = sorted(store.glossary().items(), key=lambda item: item[0].casefold())
    # The shell keeps only candidates that start with what was typed, letter for letter: a
    # match in another case is offered in the case typed (`csp` -> `cspr`), which every
    # command accepts.
    size = len(incomplete)
    wanted = incomplete.casefold()
    return [
        (_in_case_typed(name, incomplete), help_)
        for name, help_ in candidates
        if name[:size].casefold() == wanted
    ]


def _in_case_typed(name: str, typed: str) -> str:
    """`name` as it should complete what was typed: itself, or lower or upper case."""
    if name.startswith(typed):
        return name
    if typed == typed.lower():
        return name.lower()
    if typed == typed.upper():
        return name.upper()
    return typed + name[len(typed) :]


def list_themes(store: Store) -> list[ThemeSummary]:
    """Every theme, gathered across briefings."""
    return store.summaries()


def list_briefings(store: Store) -> list[BriefingSummary]:
    """Every briefing, in load order, with its counts."""
    return store.briefing_summaries()


def show_theme(store: Store, name: str) -> ThemeView:
    """The theme a person named (slug, alias, title or unique start), from every briefing."""
    return store.theme_view(find_theme(store.theme_names(), name).slug)


def search_messages(
    store: Store,
    query: str,
    *,
    limit: int = 10,
    theme: str | None = None,
    briefing: str | None = None,
    show_scores: bool = False,
) -> SearchResult:
    """Ranked key messages for a query; when none is relevant, the result carries
    suggestions of what exists instead (`require_search_hits` turns that into an error)."""
    from .search import Index

    theme_slug = find_theme(store.theme_names(), theme).slug if theme is not None else None
    briefing_id = find_briefing_id(store.briefing_ids(), briefing) if briefing else None
    index = Index(store)
    result = index.search(query, limit=limit, theme=theme_slug, briefing=briefing_id)
    result = result._replace(show_scores=show_scores)
    if not result.hits:
        result = result._replace(suggestions=index.suggestions(query))
    return result


def require_search_hits(result: SearchResult) -> None:
    """NotFoundError, with what was not found and what exists, when nothing matched."""
    from .search import require_hits

    require_hits(result)


def glossary_entries(store: Store, term: str | None) -> list[tuple[str, str]]:
    """The whole glossary, or the entries for one term."""
    return find_terms(store.glossary(), term)


class SourceReport(NamedTuple):
    """One loaded source file as `info` shows it."""

    kind: str  # bundled, user, LEARNREF_DATA or --data
    path: str
    status: str  # "loaded" or "skipped"
    briefings: int
    messages: int
    detail: str | None = None  # why a skipped file was left out


class Info(NamedTuple):
    """What `info` reports: versions, sources and the folders learnref uses."""

    version: str
    data_format_version: int
    sources: list[SourceReport]
    user_data_dir: Path
    cache_dir: Path
    schema: Path
    data_env: list[str]


def info(*, use_cache: bool = True, data: Sequence[Path] = (), bundled: bool = True) -> Info:
    """Versions, every loaded source with its counts, and the folders learnref uses."""
    from . import __version__
    from .model import DATA_FORMAT_VERSION
    from .paths import cache_dir, user_data_dir

    store = open_library(use_cache=use_cache, data=data, bundled=bundled, require_briefings=False)
    counts: dict[str, tuple[int, int]] = {}
    for summary in store.briefing_summaries():
        briefings, messages = counts.get(summary.briefing.source, (0, 0))
        counts[summary.briefing.source] = (briefings + 1, messages + summary.message_count)
    skipped = dict(skipped_files(store))
    reports = []
    for file in src.resolve(data, bundled=bundled).files:
        briefings, messages = counts.get(file.display, (0, 0))
        reason = skipped.get(file.display)
        reports.append(
            SourceReport(
                file.kind,
                str(file.path),
                "skipped" if reason else "loaded",
                briefings,
                messages,
                reason.split(": warning: ", 1)[-1] if reason else None,
            )
        )
    return Info(
        __version__,
        DATA_FORMAT_VERSION,
        reports,
        user_data_dir(),
        cache_dir(),
        SCHEMA_PATH,
        [str(path) for path in src.env_paths()],
    )


def validate(paths: Sequence[Path]) -> list[FileContent]:
    """Every file the paths name (directories expanded), each with all its problems.

    Briefing ids are checked across the files too: a later file reusing an id fails.
    """
    from .loader import FileContent, duplicate_ids, read_file

    contents: list[FileContent] = []
    seen: set[str] = set()
    for path in paths:
        files, problem = src.expand(path)
        if problem is not None:
            content = FileContent(problem.path)
            content.problems.append(problem)
            contents.append(content)
        for file in files:
            real = os.path.realpath(file)
            if real not in seen:
                seen.add(real)
                contents.append(read_file(file))
    for content, clashes in duplicate_ids(c for c in contents if not c.problems):
        content.problems.extend(clashes)
    return contents


def write_template(path: Path, *, force: bool = False) -> Path:
    """Write a commented template briefing to `path`, atomically; never over a file unless
    `force`. The template names the JSON Schema for editors that check YAML as you type."""
    from .errors import WriteError
    from .files import write_atomically

    if path.is_dir():
        raise WriteError(f"{path} is a directory; give the name of the file to write.")
    if os.path.lexists(path) and not force:
        raise WriteError(
            f"{path} already exists; learnref init does not overwrite files.",
            "Choose another name, or add --force to replace it.",
        )
    template = TEMPLATE_PATH.read_text(encoding="utf-8")
    text = template.replace("$schema=SCHEMA", f"$schema={SCHEMA_PATH.as_uri()}", 1)
    try:
        path.absolute().parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, text.encode("utf-8"))
    except OSError as error:
        reason = (error.strerror or str(error)).lower()
        raise WriteError(f"Cannot write {path}: {reason}.") from None
    return path


def random_message(
    store: Store, *, theme: str | None = None, seed: int | None = None
) -> RandomMessage:
    """One key message, of one theme or any; the same seed picks the same message."""
    import random

    summary = find_theme(store.theme_names(), theme) if theme is not None else None
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
        view = store.theme_view(find_theme(store.theme_names(), theme).slug)
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
