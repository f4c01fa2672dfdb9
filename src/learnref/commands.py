"""What each command does, without any knowledge of terminals or output formats."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__, sources
from .cache import open_store
from .errors import DataError, NoDataError, NotFoundError
from .lookup import find_briefing_id, find_terms, find_theme
from .model import (
    Briefing,
    BriefingSummary,
    ExportDocument,
    GlossaryEntry,
    Library,
    RandomMessage,
    ThemeSummary,
    ThemeView,
)
from .paths import cache_dir, folder_or_none, user_data_dir
from .sources import SkippedFile
from .store import Store

if TYPE_CHECKING:
    from .cache import ProgressFactory
    from .loader import FileContent
    from .search import SearchResult
    from .subscriptions import Report, Result

if TYPE_CHECKING:
    from typing import NamedTuple
else:
    from ._records import NamedTuple

PACKAGE_DIR = Path(__file__).resolve().parent
SCHEMA_PATH = PACKAGE_DIR / "schema" / "briefings.schema.json"
TEMPLATE_PATH = PACKAGE_DIR / "schema" / "template.yaml"


def open_library(
    *,
    use_cache: bool = True,
    data: Sequence[Path] = (),
    bundled: bool = True,
    user: bool = True,
    warn: Callable[[SkippedFile], None] | None = None,
    require_briefings: bool = True,
    notice: Callable[[str], None] | None = None,
    progress: ProgressFactory | None = None,
) -> Store:
    """Every briefing learnref can see, from the cache when it is current.

    The sources are the bundled file (unless `bundled` is False), then with `user` the user
    data directory and LEARNREF_DATA, then each of `data`. `warn` is told of each user data
    file left out; NoDataError when no briefing is left and `require_briefings`. `notice`
    is told, in one line, why the cache folder is not used or that a damaged cache was rebuilt;
    `progress` makes what is told of the steps of a cache build.
    """
    found = sources.resolve(data, bundled=bundled, user=user)
    if found.problems:
        raise DataError(list(found.problems))

    def load() -> tuple[Library, dict[str, str]]:
        loaded = sources.load(found)
        if not loaded.skipped:
            return loaded.library, {}
        import json

        return loaded.library, {"skipped": json.dumps([list(s) for s in loaded.skipped])}

    store = open_store(
        [sources.thesaurus_path(), *(file.path for file in found.files)],
        load,
        use_cache=use_cache and folder_or_none(cache_dir) is not None,
        labels=sources.cache_labels(found),
        notice=notice,
        progress=progress,
    )
    if warn is not None:
        for skipped in skipped_files(store):
            warn(skipped)
    if require_briefings and not store.has_briefings():
        raise NoDataError(
            "No briefings are loaded."
            + ("" if bundled else " --no-bundled leaves out the bundled briefing."),
            "Name your files with --data PATH or LEARNREF_DATA, "
            "or see where learnref looks with: learnref info",
        )
    return store


def skipped_files(store: Store) -> list[SkippedFile]:
    """The user data files left out of the store, each with why."""
    value = store.meta("skipped")
    if not value:
        return []
    import json

    return [SkippedFile(str(path), str(reason)) for path, reason in json.loads(value)]


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
    """Ranked key messages for a query (its first 200 words, at most 2,000 characters);
    when none is relevant, the result carries suggestions of what exists instead
    (`require_search_hits` turns that into an error)."""
    from .meaning import reranker
    from .search import Index

    theme_slug = find_theme(store.theme_names(), theme).slug if theme is not None else None
    briefing_id = find_briefing_id(store.briefing_ids(), briefing) if briefing is not None else None
    words = capped_query(query)

    def run() -> SearchResult:
        index = Index(store)
        result = index.search(
            words, limit=limit, theme=theme_slug, briefing=briefing_id, rerank=reranker()
        )
        result = result._replace(show_scores=show_scores)
        if not result.hits:
            result = result._replace(suggestions=index.suggestions(words))
        return result

    return store.reading(run)


def require_search_hits(result: SearchResult, *, answered: bool = False) -> None:
    """NotFoundError, with what was not found and what exists, when nothing matched;
    `answered` when the command has already written its own JSON answer."""
    from .search import require_hits

    try:
        require_hits(result)
    except NotFoundError as error:
        error.answered = answered
        raise


# A query is a few words. Searching costs time for every word, so a pasted page (or 2,000
# stop words) is read for its first words only, and search stays quick whatever is typed.
MAX_QUERY_WORDS = 200
MAX_QUERY_CHARS = 2_000


def capped_query(query: str) -> str:
    """The part of `query` search reads: its first 200 words, at most 2,000 characters."""
    if len(query) <= MAX_QUERY_CHARS and len(query.split()) <= MAX_QUERY_WORDS:
        return query
    return " ".join(query[:MAX_QUERY_CHARS].split()[:MAX_QUERY_WORDS])


def glossary_entries(store: Store, term: str | None) -> list[GlossaryEntry]:
    """The whole glossary, or the entries for one term."""
    return find_terms(store.glossary(), term)


class SourceReport(NamedTuple):
    """One loaded source file as `info` shows it."""

    kind: str  # bundled, user, subscription, LEARNREF_DATA or --data
    path: str
    status: str  # "loaded" or "skipped"
    briefings: int
    messages: int
    detail: str | None = None  # why a skipped file was left out


class Meaning(NamedTuple):
    """Whether the learnref[semantic] extra is installed, and whether search uses it."""

    installed: bool
    on: bool


def meaning_state() -> Meaning:
    """The learnref[semantic] extra: installed, and switched on (not LEARNREF_SEMANTIC=off)."""
    from .meaning import installed, switched_on

    return Meaning(installed(), switched_on())


class Info(NamedTuple):
    """What `info` reports: versions, sources and the folders learnref uses."""

    version: str
    data_format_version: int
    sources: list[SourceReport]
    user_data_dir: Path | None  # None: there is no home folder to hold it
    cache_dir: Path | None
    schema: Path
    data_env: list[str]
    subscriptions: list[Report]
    subscriptions_file: Path | None
    subscriptions_problem: str | None = None  # why subscriptions.toml could not be read
    meaning: Meaning = Meaning(installed=False, on=False)  # the learnref[semantic] extra


def info(*, use_cache: bool = True, data: Sequence[Path] = (), bundled: bool = True) -> Info:
    """Versions, every loaded source with its counts, and the folders learnref uses."""
    from . import __version__
    from .errors import LearnrefError
    from .model import DATA_FORMAT_VERSION
    from .paths import subscriptions_file
    from .subscriptions import reports as subscription_reports

    try:
        subscriptions, problem = subscription_reports(), None
    except LearnrefError as error:
        subscriptions, problem = [], " ".join(error.lines())
    store = open_library(use_cache=use_cache, data=data, bundled=bundled, require_briefings=False)
    counts: dict[str, tuple[int, int]] = {}
    for summary in store.briefing_summaries():
        briefings, messages = counts.get(summary.briefing.source, (0, 0))
        counts[summary.briefing.source] = (briefings + 1, messages + summary.message_count)
    skipped = {record.path: record.reason for record in skipped_files(store)}
    reports = []
    for file in sources.resolve(data, bundled=bundled).files:
        briefings, messages = counts.get(file.display, (0, 0))
        reason = skipped.get(file.display)
        reports.append(
            SourceReport(
                file.kind,
                str(file.path),
                "skipped" if reason else "loaded",
                briefings,
                messages,
                reason,
            )
        )
    return Info(
        __version__,
        DATA_FORMAT_VERSION,
        reports,
        folder_or_none(user_data_dir),
        folder_or_none(cache_dir),
        SCHEMA_PATH,
        [str(path) for path in sources.env_paths()],
        subscriptions,
        folder_or_none(subscriptions_file),
        problem,
        meaning_state(),
    )


class ValidationReport(NamedTuple):
    """Every file `validate` checked, each with its problems, and whether they pass."""

    files: list[FileContent]
    strict: bool  # warnings fail too

    def passes(self, content: FileContent) -> bool:
        """Whether one file passes: no errors, and no warnings either when strict."""
        return not content.problems and not (self.strict and content.warnings)

    @property
    def passed(self) -> bool:
        """Whether every file passes (exit 0) or not (exit 1)."""
        return all(self.passes(content) for content in self.files)


def validate(paths: Sequence[Path], *, strict: bool = False) -> ValidationReport:
    """Every file the paths name (directories expanded), each with all its problems.

    Briefing ids are checked across the files too: a later file reusing an id fails.
    """
    from .loader import FileContent, duplicate_ids, read_file

    contents: list[FileContent] = []
    seen: set[str] = set()
    for path in paths:
        files, problem = sources.expand(path)
        if problem is not None:
            content = FileContent(problem.path)
            content.problems.append(problem)
            contents.append(content)
        for file in files:
            real = os.path.realpath(file)
            if real not in seen:
                seen.add(real)
                contents.append(read_file(file))
    # The bundled briefing is loaded beside every file: an id it already has would get the
    # file skipped, so it is checked here too (unless the bundled file is what is checked).
    already: list[FileContent] = []
    bundled = sources.bundled_data_path()
    if os.path.realpath(bundled) not in seen:
        already.append(read_file(bundled, sources.BUNDLED_DISPLAY))
    for content, clashes in duplicate_ids([*already, *(c for c in contents if not c.problems)]):
        content.problems.extend(clashes)
    return ValidationReport(contents, strict)


def write_template(path: Path, *, force: bool = False) -> Path:
    """Write a commented template briefing to `path`, atomically; never over a file unless
    `force`. The template names the JSON Schema for editors that check YAML as you type."""
    from .files import write_file

    template = TEMPLATE_PATH.read_text(encoding="utf-8")
    text = template.replace("$schema=SCHEMA", f"$schema={SCHEMA_PATH.as_uri()}", 1)
    write_file(path, text, force=force, make_folder=True)
    return path


def random_message(
    store: Store, *, theme: str | None = None, seed: int | None = None
) -> RandomMessage:
    """One key message, of one theme or any; the same seed picks the same message."""
    # Two reads that must agree: a damaged store is rebuilt before both are made again.
    return store.reading(lambda: _random_message(store, theme, seed))


def _random_message(store: Store, theme: str | None, seed: int | None) -> RandomMessage:
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
    if epoch.isascii() and epoch.isdigit() and len(epoch) <= 12 and int(epoch) <= LAST_EPOCH:
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date().isoformat()
    if epoch:
        from .quoting import shown
        from .render.console import warn_once

        warn_once(
            f"SOURCE_DATE_EPOCH={shown(epoch)} is not a time learnref can use (whole seconds "
            "since 1970, before the year 10000); using today's date."
        )
    return dt.date.today().isoformat()


# 9999-12-31 23:59:59 UTC: the last second a date (and Python's datetime) can hold.
LAST_EPOCH = 253_402_300_799


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

    It carries the glossary terms that what it exports uses, so a printed handout has no
    pages of terms it never mentions.
    """
    return store.reading(lambda: _export_document(store, briefing, theme))


def _export_document(store: Store, briefing: str | None, theme: str | None) -> ExportDocument:
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
    terms = _terms_used(chosen, glossary, summaries=scope != "theme")
    entries = find_terms({term: glossary[term] for term in terms}, None)
    return ExportDocument(
        title, scope, chosen, tuple(entries), _export_date(), f"learnref {__version__}"
    )


def subscribe(
    url: str,
    *,
    name: str | None = None,
    sha256: str | None = None,
    use_cache: bool = True,
    data: Sequence[Path] = (),
    bundled: bool = True,
) -> Result:
    """Subscribe to a published briefing file, and undo it when the file cannot be used
    beside what is already loaded (a briefing id loaded twice would leave it, or an older
    subscription, skipped)."""
    from .quoting import printable, shown
    from .subscriptions import SubscriptionError, unsubscribe
    from .subscriptions import subscribe as record

    def skipped() -> dict[str, str]:
        store = open_library(
            use_cache=use_cache, data=data, bundled=bundled, require_briefings=False
        )
        return {file.path: file.reason for file in skipped_files(store)}

    before = skipped()
    result = record(url, name=name, sha256=sha256)
    newly = {path: reason for path, reason in skipped().items() if path not in before}
    if newly:
        unsubscribe(result.name)
        path, reason = next(iter(newly.items()))
        raise SubscriptionError(
            f"Not subscribed to {shown(result.name)}: once added, {printable(path)} would be "
            f"{reason.removeprefix('skipped this file: ')}.",
            "Nothing was recorded. If it replaces an older subscription, unsubscribe from "
            "that one first (learnref info lists them).",
        )
    return result
