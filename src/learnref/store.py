"""The library in SQLite: the model and its FTS5 search index in one database.

The same database serves as the cache file (so a warm `show` reads one theme's rows, not
every YAML file) and, in memory, whenever no cache can be used. Model objects are kept as
marshal blobs of their fields: marshal is built in, costs nothing to import and reads
back faster than any text format.
"""

from __future__ import annotations

import functools
import marshal
import sqlite3
import zlib
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Concatenate, Generic, ParamSpec, TypeVar, cast

from .folding import WORD, fold, spoken_words, words
from .model import (
    Briefing,
    BriefingRef,
    BriefingSummary,
    Library,
    Message,
    Related,
    Resource,
    Theme,
    ThemeEntry,
    ThemeName,
    ThemeSummary,
    ThemeView,
)

if TYPE_CHECKING:
    from typing import NamedTuple
else:
    from ._records import NamedTuple

# Bump when the tables change: older cache files are then ignored and rebuilt.
SCHEMA_VERSION = 13
TOKENIZER = "porter unicode61 remove_diacritics 2"
FTS_BUFFER = 16 << 20
# In every file learnref writes (the SQLite header's application id, "LREF"): what shows a
# file is learnref's own before it is trusted or deleted.
APPLICATION_ID = 0x4C524546

# What reading a damaged database can raise: SQLite's own errors, and from the rows it
# still returns, bad marshal data (ValueError, EOFError), text that is not UTF-8
# (UnicodeDecodeError) and fields of the wrong shape or number.
DAMAGE_ERRORS = (sqlite3.DatabaseError, ValueError, EOFError, TypeError, IndexError, KeyError)

_Params = ParamSpec("_Params")
_Result = TypeVar("_Result")

SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE briefing(
    pos INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, published TEXT NOT NULL,
    theme_count INTEGER NOT NULL, message_count INTEGER NOT NULL, data BLOB NOT NULL);
CREATE TABLE theme(
    pos INTEGER PRIMARY KEY, briefing_pos INTEGER NOT NULL, slug TEXT NOT NULL,
    first_message INTEGER NOT NULL, message_count INTEGER NOT NULL, data BLOB NOT NULL);
CREATE INDEX theme_by_slug ON theme(slug);
CREATE TABLE theme_summary(
    pos INTEGER PRIMARY KEY, slug TEXT NOT NULL UNIQUE, names BLOB NOT NULL, data BLOB NOT NULL);
CREATE TABLE glossary(term TEXT PRIMARY KEY, expansion TEXT NOT NULL, checksum INTEGER NOT NULL);
CREATE TABLE thesaurus(part TEXT PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE message_theme(
    rowid INTEGER PRIMARY KEY, theme_pos INTEGER NOT NULL, number INTEGER NOT NULL);
"""

# The search index: built with the cache file, or on the first search when there is none.
SEARCH_SCHEMA = f"""
CREATE VIRTUAL TABLE message USING fts5(text, context, tokenize='{TOKENIZER}');
CREATE VIRTUAL TABLE theme_title USING fts5(title, tokenize='{TOKENIZER}');
CREATE VIRTUAL TABLE temp.vocabulary_scan USING fts5vocab(main, message, 'row');
CREATE TABLE vocabulary(term TEXT PRIMARY KEY, docs INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE word_bucket(
    by TEXT NOT NULL, length INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY(by, length))
    WITHOUT ROWID;
CREATE TABLE equivalent(
    grp INTEGER NOT NULL, phrase TEXT NOT NULL, stems TEXT NOT NULL, first TEXT NOT NULL,
    kind INTEGER NOT NULL);
CREATE TABLE phrase_word(word TEXT NOT NULL, grp INTEGER NOT NULL);
"""

# What a phrase of an `equivalent` group is. A synonym group or a glossary term holds
# phrases that, typed, start the group (a synonym, a term or its expansion), and the heart
# of a long expansion, found but never typed (same meaning). A related entry is a group of
# its own: its everyday words, typed, start it, and are not synonyms of each other; its
# suggested professional words are found, never typed.
PHRASE_TRIGGER = 1
PHRASE_HEART = 0
PHRASE_SUGGESTED = 2
PHRASE_RELATED = 3

# Where a glossary expansion of three or more words is matched by its last two as well:
# "Child Protection Plan" also finds a message that says "protection plan".
HEART_WORDS = 2
# A heart with one of these is no heart: "Team Around the Family" must not match every
# message that says "the family".
HEART_FILLERS = frozenset({"the", "a", "an", "of", "and", "or", "for", "to", "in", "on", "with"})


def _pack(values: Any) -> bytes:
    """Values as a marshal blob followed by its CRC-32, so that damage is found, not shown."""
    data = marshal.dumps(values)
    return data + zlib.crc32(data).to_bytes(4, "little")


def _unpack(blob: bytes) -> Any:
    """The values of a blob `_pack` wrote; ValueError when the blob is damaged."""
    data = blob[:-4]
    if zlib.crc32(data).to_bytes(4, "little") != blob[-4:]:
        raise ValueError("a damaged row")
    return marshal.loads(data)


def _text_checksum(*texts: str) -> int:
    """The CRC-32 of texts kept in plain columns (the glossary), checked when read."""
    return zlib.crc32("\0".join(texts).encode("utf-8", "surrogatepass"))


# A briefing row keeps every field but its themes, which have rows of their own.
BRIEFING_STORED = tuple(name for name in Briefing._fields if name != "themes")


def _briefing_values(briefing: Briefing) -> tuple[Any, ...]:
    """A briefing's stored fields, in `BRIEFING_STORED` order, as plain tuples."""
    return tuple(
        tuple(tuple(resource) for resource in briefing.resources)
        if name == "resources"
        else getattr(briefing, name)
        for name in BRIEFING_STORED
    )


def _briefing_from(values: tuple[Any, ...]) -> Briefing:
    fields = dict(zip(BRIEFING_STORED, values, strict=True))
    fields["resources"] = tuple(Resource(*resource) for resource in fields["resources"])
    return Briefing(themes=(), **fields)


def _summary_values(summary: ThemeSummary) -> tuple[Any, ...]:
    """A theme summary's fields, in its own order, the newest briefing as a plain tuple."""
    return tuple(
        tuple(summary.newest) if name == "newest" else getattr(summary, name)
        for name in ThemeSummary._fields
    )


def _summary_from(values: tuple[Any, ...]) -> ThemeSummary:
    fields = dict(zip(ThemeSummary._fields, values, strict=True))
    fields["newest"] = BriefingRef(*fields["newest"])
    return ThemeSummary(**fields)


class _Rows(NamedTuple):
    """A library as the rows of its tables."""

    briefings: list[tuple[int, str, str, int, int, bytes]]
    themes: list[tuple[int, int, str, int, int, bytes]]
    messages: list[tuple[int, int, int]]
    summaries: list[tuple[int, str, bytes, bytes]]
    glossary: list[tuple[str, str, int]]
    thesaurus: list[tuple[str, bytes]]  # the thesaurus and related words as written


def _rows(library: Library) -> _Rows:
    """Every row of the model's tables. Messages are numbered (their rowid) in file order,
    so each theme's messages are one contiguous range."""
    rows = _Rows([], [], [], [], [], [])
    for briefing_pos, briefing in enumerate(library.briefings):
        count = sum(len(theme.messages) for theme in briefing.themes)
        rows.briefings.append(
            (
                briefing_pos,
                briefing.id,
                briefing.published,
                len(briefing.themes),
                count,
                _pack(_briefing_values(briefing)),
            )
        )
        for theme in briefing.themes:
            theme_pos, first = len(rows.themes), len(rows.messages)
            rows.themes.append(
                (
                    theme_pos,
                    briefing_pos,
                    theme.slug,
                    first,
                    len(theme.messages),
                    _pack(tuple(theme)),
                )
            )
            rows.messages.extend(
                (first + offset, theme_pos, offset + 1) for offset in range(len(theme.messages))
            )
    rows.summaries.extend(
        (
            pos,
            summary.slug,
            _pack((summary.slug, summary.title, summary.aliases)),
            _pack(_summary_values(summary)),
        )
        for pos, summary in enumerate(library.summaries())
    )
    rows.glossary.extend(
        (term, text, _text_checksum(term, text)) for term, text in library.glossary.items()
    )
    # The thesaurus as written, for reading back; search uses the `equivalent` rows.
    related = tuple(tuple(entry) for entry in library.related)
    rows.thesaurus.extend((("synonyms", _pack(library.synonyms)), ("related", _pack(related))))
    return rows


def _insert_rows(db: sqlite3.Connection, rows: _Rows, meta: dict[str, str]) -> None:
    """Write the model's rows and the meta values."""
    db.executemany("INSERT INTO briefing VALUES (?, ?, ?, ?, ?, ?)", rows.briefings)
    db.executemany("INSERT INTO theme VALUES (?, ?, ?, ?, ?, ?)", rows.themes)
    db.executemany("INSERT INTO theme_summary VALUES (?, ?, ?, ?)", rows.summaries)
    db.executemany("INSERT INTO glossary VALUES (?, ?, ?)", rows.glossary)
    db.executemany("INSERT INTO thesaurus VALUES (?, ?)", rows.thesaurus)
    db.executemany("INSERT INTO message_theme VALUES (?, ?, ?)", rows.messages)
    db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())


class _SearchRows(NamedTuple):
    """The rows of the search index's plain tables: word list and thesaurus."""

    word_buckets: list[tuple[str, int, bytes]]
    equivalents: list[tuple[int, str, str, str, int]]
    phrase_words: list[tuple[str, int]]


# SQLite's tokenizer that splits ASCII text into the words `WORD` finds in it once "_" is a
# space: runs of letters and digits (lowercase here: the text is folded). It cuts a word at
# 32,768 bytes, so longer texts are split by `WORD` itself.
WORD_TOKENIZER = "unicode61 remove_diacritics 0"
WORD_TOKENIZER_LIMIT = 32_768


def _word_counts(db: sqlite3.Connection, folded: Sequence[str]) -> Counter[str]:
    """How many of these folded texts hold each whole word (`WORD`, "_" a separator).

    ASCII text, nearly all of it, is counted by SQLite in a throwaway index of `db` (no
    text, no positions): the same words, in about two thirds of the time Python takes.
    """
    counts: Counter[str] = Counter()

    def ascii_texts() -> Iterator[tuple[int, str]]:
        for rowid, text in enumerate(folded):
            if text.isascii() and len(text) < WORD_TOKENIZER_LIMIT:
                yield rowid, text
            else:
                counts.update(set(WORD.findall(text.replace("_", " "))))

    db.execute(
        "CREATE VIRTUAL TABLE temp.counting USING fts5(text, "
        f"tokenize='{WORD_TOKENIZER}', detail=none, columnsize=0, content='')"
    )
    db.execute("INSERT INTO temp.counting(counting, rank) VALUES ('hashsize', ?)", (FTS_BUFFER,))
    db.executemany("INSERT INTO temp.counting(rowid, text) VALUES (?, ?)", ascii_texts())
    db.execute("CREATE VIRTUAL TABLE temp.counted USING fts5vocab(temp, counting, 'row')")
    for word, docs in db.execute("SELECT term, doc FROM temp.counted"):
        counts[word] += docs
    db.execute("DROP TABLE temp.counted")
    db.execute("DROP TABLE temp.counting")
    return counts


def _search_rows(
    library: Library, folded: Sequence[str], theme_words: Sequence[tuple[str, int]]
) -> _SearchRows:
    """The word list for corrections and the thesaurus rows, worked out beside the index
    (with a private in-memory database for counting and stemming): what can be done while
    SQLite fills the index."""
    stemmer = sqlite3.connect(":memory:")
    try:
        equivalents = _equivalents(stemmer, library)
        return _SearchRows(
            _word_buckets(stemmer, folded, theme_words), equivalents, _phrase_words(equivalents)
        )
    finally:
        stemmer.close()


def _word_buckets(
    stemmer: sqlite3.Connection, folded: Sequence[str], theme_words: Sequence[tuple[str, int]]
) -> list[tuple[str, int, bytes]]:
    """Whole words as written (not stemmed), of the messages and of their themes' names,
    with their stems and how many messages hold them, grouped by length as written and as
    stemmed: what a typo may be corrected into. A typo's candidates are then a few blobs
    to read, not thousands of rows."""
    counts = _word_counts(stemmer, folded)
    # A typo may be of a theme's word too ("radicalisaton"): its messages are found by
    # it. Each theme's words are counted once for each of its messages.
    for words_of_theme, messages in theme_words:
        for word in set(WORD.findall(words_of_theme.replace("_", " "))):
            counts[word] += messages
    kept = [token for token in counts if not token.isdigit()]
    buckets: dict[tuple[str, int], list[tuple[str, str, int]]] = {}
    for token, stem in zip(kept, _word_stems(stemmer, kept), strict=True):
        entry = (token, stem, counts[token])
        buckets.setdefault(("word", len(token)), []).append(entry)
        buckets.setdefault(("stem", len(stem)), []).append(entry)
    return [
        (by, length, marshal.dumps(tuple(zip(*entries, strict=True))))
        for (by, length), entries in buckets.items()
    ]


def _word_stems(db: sqlite3.Connection, words: Sequence[str]) -> list[str]:
    """Each word's stem as the index gives it (`stem_phrases` of single words).

    Words of ASCII letters and digits, each one token, are stemmed as one text and their
    stems read back by position: a third of the time of a text for each word.
    """
    simple = [
        index
        for index, word in enumerate(words)
        if word.isascii() and word.isalnum() and len(word) < WORD_TOKENIZER_LIMIT
    ]
    stems = [""] * len(words)
    db.execute(f"CREATE VIRTUAL TABLE temp.word_stemming USING fts5(words, tokenize='{TOKENIZER}')")
    db.execute(
        "CREATE VIRTUAL TABLE temp.word_stems USING fts5vocab(temp, word_stemming, 'instance')"
    )
    db.execute(
        "INSERT INTO temp.word_stemming(rowid, words) VALUES (0, ?)",
        (" ".join(words[index] for index in simple),),
    )
    for offset, stem in db.execute("SELECT offset, term FROM temp.word_stems"):
        stems[simple[offset]] = stem
    db.execute("DROP TABLE temp.word_stems")
    db.execute("DROP TABLE temp.word_stemming")
    chosen = set(simple)
    others = [index for index in range(len(words)) if index not in chosen]
    for index, stem in zip(others, stem_phrases(db, [words[i] for i in others]), strict=True):
        stems[index] = stem
    return stems


def _equivalents(
    stemmer: sqlite3.Connection, library: Library
) -> list[tuple[int, str, str, str, int]]:
    """The thesaurus, glossary and related words as groups of phrases keyed by their stems;
    synonym and glossary groups that share a phrase are joined."""
    groups: list[list[tuple[str, int]]] = [
        [(phrase, PHRASE_TRIGGER) for phrase in group] for group in library.synonyms
    ]
    for term, expansion in library.glossary.items():
        group = [(term, PHRASE_TRIGGER), (expansion, PHRASE_TRIGGER)]
        expansion_words = words(expansion)
        heart = expansion_words[-HEART_WORDS:]
        # Counted as written: "Honour-Based Abuse" is two words, and "based abuse" no heart.
        if len(expansion.split()) > HEART_WORDS and not HEART_FILLERS.intersection(heart):
            group.append((" ".join(heart), PHRASE_HEART))
        groups.append(group)
    groups.extend(
        [
            *((word, PHRASE_RELATED) for word in related.words),
            *((phrase, PHRASE_SUGGESTED) for phrase in related.suggest),
        ]
        for related in library.related
    )
    stems = _phrase_stems(stemmer, [phrase for group in groups for phrase, _ in group], library)
    joined: dict[str, int] = {}  # stems -> group
    parent = list(range(len(groups)))

    def root(index: int) -> int:
        while parent[index] != index:
            index = parent[index]
        return index

    rows: list[tuple[int, str, str, str, int]] = []
    written: dict[str, str] = {}  # stems -> the first phrase with them, as written
    for grp, group in enumerate(groups):
        for phrase, kind in group:
            key = stems[phrase]
            if not key:
                continue
            if kind == PHRASE_TRIGGER and key in joined:
                if _same_entry(phrase, written[key]):
                    parent[root(grp)] = root(joined[key])
            elif kind == PHRASE_TRIGGER:
                joined[key] = grp
                written[key] = phrase
            rows.append((grp, phrase, key, key.split()[0], kind))
    return [(root(grp), phrase, key, first, kind) for grp, phrase, key, first, kind in rows]


SHORT_WORD = 4  # a word this short stemmed like another is no form of it: EHE is not EH
INFLECTIONS = ("", "s", "es", "d", "ed", "ing")


def _same_entry(phrase: str, other: str) -> bool:
    """Whether two phrases with the same stems are one entry, to join their groups: forms
    of one phrase ("child protection plans"), but not two short words that the stemmer
    happens to stem alike (the acronyms EHE and EH both stem to eh)."""
    one, two = words(phrase), words(other)
    if one == two or not (len(one) == 1 and len(two) == 1):
        return True
    short, long = sorted((one[0], two[0]), key=len)
    if len(short) > SHORT_WORD:
        return True
    # A short word joins only its own inflections: kid, kids; mum, mums.
    return long in {short + ending for ending in INFLECTIONS}


def _phrase_words(equivalents: list[tuple[int, str, str, str, int]]) -> list[tuple[str, int]]:
    """Each word (stem) within a typed phrase of two or more words, after its first, and its
    group: "dossing at mates" by `mate`; its first word is found through `first`."""
    return sorted(
        {
            (word, grp)
            for grp, _, key, _, kind in equivalents
            if kind in (PHRASE_TRIGGER, PHRASE_RELATED)
            for word in key.split()[1:]
        }
    )


def _phrase_stems(
    stemmer: sqlite3.Connection, phrases: list[str], library: Library
) -> dict[str, str]:
    """Each phrase's word stems: as already known (the compiled bundled thesaurus), else
    stemmed now, each distinct phrase once."""
    known = library.known_stems or {}
    # A known stem is trusted only while this SQLite stems a sample the same way.
    sample = sorted(known)[:: max(1, len(known) // 8)]
    if sample and stem_phrases(stemmer, [" ".join(spoken_words(p)) for p in sample]) != [
        known[phrase] for phrase in sample
    ]:
        known = {}
    stems = {phrase: known[phrase] for phrase in phrases if phrase in known}
    folded = {phrase: " ".join(spoken_words(phrase)) for phrase in phrases if phrase not in stems}
    distinct = sorted(set(folded.values()))
    stem_of = dict(zip(distinct, stem_phrases(stemmer, distinct), strict=True))
    stems.update((phrase, stem_of[text]) for phrase, text in folded.items())
    return stems


class _Background(Generic[_Result]):
    """Python work done in a second thread while the main thread waits on SQLite, which
    lets go of the interpreter while it runs a statement: the two use both cores."""

    def __init__(self, work: Callable[[], _Result]) -> None:
        import threading

        self._work = work
        self._result: _Result | None = None
        self._error: BaseException | None = None
        # A daemon thread: should the person press Ctrl-C twice, what is left of its work
        # (in memory only) never holds the process open.
        self._thread = threading.Thread(target=self._run, name="learnref-build", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._result = self._work()
        except BaseException as error:  # handed to the main thread by `result`
            self._error = error

    def wait(self) -> None:
        """Wait for the work to end, whatever its outcome."""
        self._thread.join()

    def result(self) -> _Result:
        """The work's result once it has ended; what it raised is raised here."""
        self.wait()
        if self._error is not None:
            raise self._error
        return cast(_Result, self._result)


def _recovering(
    method: Callable[Concatenate[Store, _Params], _Result],
) -> Callable[Concatenate[Store, _Params], _Result]:
    """A read that, when the database turns out damaged, is made again on a rebuilt one."""

    @functools.wraps(method)
    def read(store: Store, /, *args: _Params.args, **kwargs: _Params.kwargs) -> _Result:
        return store.reading(lambda: method(store, *args, **kwargs))

    return read


class Store:
    """Read access to a library held in SQLite."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self._briefings: dict[int, Briefing] = {}
        self._glossary: dict[str, str] | None = None
        self._library: Library | None = None
        self._recover: Callable[[], Store] | None = None
        self._reading = False

    def recover_with(self, rebuild: Callable[[], Store]) -> None:
        """What gives a sound store in place of this one if its database is found damaged."""
        self._recover = rebuild

    def reading(self, action: Callable[[], _Result]) -> _Result:
        """The result of a read of this store; if the database turns out damaged, the store
        is rebuilt (once) and the read made again. Code that reads `db` itself goes through
        here, and must take `db` afresh inside `action`."""
        if self._reading:  # a read inside a read: the outer one rebuilds and starts again
            return action()
        self._reading = True
        try:
            return action()
        except DAMAGE_ERRORS:
            if self._recover is None:
                raise
            rebuild, self._recover = self._recover, None
            sound = rebuild()
            self.db.close()
            self.db, self._library = sound.db, sound._library
            self._briefings, self._glossary = {}, None
            return action()
        finally:
            self._reading = False

    def application_id(self) -> int:
        """The application id in the database header: APPLICATION_ID in learnref's files."""
        return int(self.db.execute("PRAGMA application_id").fetchone()[0])

    @classmethod
    def build(
        cls,
        db: sqlite3.Connection,
        library: Library,
        meta: dict[str, str],
        *,
        search_index: bool = True,
    ) -> Store:
        """Write a library into an empty database and return a store reading it; the search
        index can be left for `ensure_search_index` to build when a search needs it."""
        db.executescript(SCHEMA)
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        store = cls(db)
        if search_index:
            # The model's rows are worked out while SQLite fills the search index.
            rows = store._build_search_index(library, lambda: _rows(library))
        else:
            rows = _rows(library)
        _insert_rows(db, rows, meta)
        db.commit()
        store._library = None if search_index else library
        return store

    def ensure_search_index(self) -> None:
        """Build the search index now if the store was built without one."""
        if self._library is not None:
            self._build_search_index(self._library, lambda: None)
            self.db.commit()
            self._library = None

    def _build_search_index(self, library: Library, also: Callable[[], _Result]) -> _Result:
        """Build the search index; `also` is Python work to do meanwhile, whose result is
        returned.

        SQLite tokenizes and stems the messages in one statement, without the interpreter
        (its rows are staged in a temporary table first), while a second thread works out
        the word list, the thesaurus rows and `also`: about 0.5 s of each on 75,000
        messages, done side by side on two cores.
        """
        db = self.db
        db.executescript(SEARCH_SCHEMA)
        # Index terms are buffered in memory up to this size (FTS5's default is 1 MiB) and
        # then written as one segment: fewer, larger segments, far fewer merges; the index
        # is built in about half the time, for about 10 MiB more memory while it is built.
        db.execute("INSERT INTO message(message, rank) VALUES ('hashsize', ?)", (FTS_BUFFER,))
        folded, theme_words = _stage_messages(db, library)
        background = _Background(lambda: (_search_rows(library, folded, theme_words), also()))
        try:
            db.execute(
                "INSERT INTO message(rowid, text, context) "
                "SELECT rowid, text, context FROM temp.staged_message"
            )
            # fts5vocab scans the whole index on every read: keep the words in a plain table.
            db.execute("INSERT INTO vocabulary SELECT term, doc FROM temp.vocabulary_scan")
        except BaseException:
            background.wait()
            raise
        search_rows, result = background.result()
        db.execute("DROP TABLE temp.staged_message")
        db.execute("DROP TABLE temp.vocabulary_scan")
        db.executemany("INSERT INTO word_bucket VALUES (?, ?, ?)", search_rows.word_buckets)
        db.executemany("INSERT INTO equivalent VALUES (?, ?, ?, ?, ?)", search_rows.equivalents)
        db.executemany("INSERT INTO phrase_word VALUES (?, ?)", search_rows.phrase_words)
        # Indexed once the rows are in: one sort instead of an insert into each index per row.
        db.executescript(
            "CREATE INDEX equivalent_by_first ON equivalent(first);"
            "CREATE INDEX equivalent_by_group ON equivalent(grp);"
            "CREATE INDEX phrase_word_by_word ON phrase_word(word);"
        )
        return result

    @_recovering
    def meta(self, key: str) -> str | None:
        """A value recorded when the store was built."""
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    @_recovering
    def summaries(self) -> list[ThemeSummary]:
        """Every theme as `list` shows it, in first-seen order."""
        return [
            _summary_from(_unpack(row[0]))
            for row in self.db.execute("SELECT data FROM theme_summary ORDER BY pos")
        ]

    @_recovering
    def theme_names(self) -> list[ThemeName]:
        """The names of every theme, for finding one: far less to read than `summaries`."""
        return [
            ThemeName(*_unpack(row[0]))
            for row in self.db.execute("SELECT names FROM theme_summary ORDER BY pos")
        ]

    @_recovering
    def has_briefings(self) -> bool:
        """Whether any briefing is loaded."""
        return self.db.execute("SELECT 1 FROM briefing LIMIT 1").fetchone() is not None

    @_recovering
    def theme_view(self, slug: str) -> ThemeView:
        """A theme gathered from every briefing that has it, newest briefing first."""
        entries = [
            ThemeEntry(self._briefing(briefing_pos), Theme(*_unpack(data)))
            for briefing_pos, data in self.db.execute(
                "SELECT t.briefing_pos, t.data FROM theme t JOIN briefing b "
                "ON b.pos = t.briefing_pos WHERE t.slug = ? "
                "ORDER BY b.published DESC, t.pos",
                (slug,),
            )
        ]
        return ThemeView(slug, entries[0].theme.title, tuple(entries))

    @_recovering
    def briefing_summaries(self) -> list[BriefingSummary]:
        """Every briefing, in load order, with its counts."""
        return [
            BriefingSummary(_briefing_from(_unpack(data)), themes, messages)
            for data, themes, messages in self.db.execute(
                "SELECT data, theme_count, message_count FROM briefing ORDER BY pos"
            )
        ]

    @_recovering
    def briefings(self) -> list[Briefing]:
        """Every briefing with all its themes, in load order."""
        themes: dict[int, list[Theme]] = {}
        for briefing_pos, data in self.db.execute(
            "SELECT briefing_pos, data FROM theme ORDER BY pos"
        ):
            themes.setdefault(briefing_pos, []).append(Theme(*_unpack(data)))
        return [
            self._briefing(pos)._replace(themes=tuple(themes.get(pos, ())))
            for (pos,) in self.db.execute("SELECT pos FROM briefing ORDER BY pos")
        ]

    @_recovering
    def briefing_ids(self) -> list[str]:
        """Every briefing id."""
        return [row[0] for row in self.db.execute("SELECT id FROM briefing ORDER BY pos")]

    @_recovering
    def glossary(self) -> dict[str, str]:
        """Every glossary term and its expansion."""
        if self._glossary is None:
            glossary = {}
            for term, text, checksum in self.db.execute("SELECT * FROM glossary"):
                if _text_checksum(term, text) != checksum:
                    raise ValueError("a damaged glossary row")
                glossary[term] = text
            self._glossary = glossary
        return self._glossary

    def words_near(self, length: int, stem_length: int, spread: int) -> list[tuple[str, str, int]]:
        """The library's whole words (word, stem, messages holding it) whose length or
        stem's length is within `spread` of these: the candidates for a typo."""
        found: dict[str, tuple[str, str, int]] = {}
        for (data,) in self.db.execute(
            "SELECT data FROM word_bucket WHERE (by = 'word' AND length BETWEEN ? AND ?) "
            "OR (by = 'stem' AND length BETWEEN ? AND ?)",
            (length - spread, length + spread, stem_length - spread, stem_length + spread),
        ):
            for entry in zip(*marshal.loads(data), strict=True):
                found[entry[0]] = entry
        return list(found.values())

    def has_word(self, word: str) -> bool:
        """Whether some message holds this folded word exactly as written."""
        row = self.db.execute(
            "SELECT data FROM word_bucket WHERE by = 'word' AND length = ?", (len(word),)
        ).fetchone()
        return row is not None and word in marshal.loads(row[0])[0]

    def synonyms(self) -> list[tuple[str, ...]]:
        """The thesaurus: every group of words or phrases that mean the same for search."""
        return list(self._thesaurus("synonyms"))

    def related(self) -> list[Related]:
        """The related words: everyday words and the professional words they suggest."""
        return [Related(*entry) for entry in self._thesaurus("related")]

    def _thesaurus(self, part: str) -> Any:
        row = self.db.execute("SELECT data FROM thesaurus WHERE part = ?", (part,)).fetchone()
        return _unpack(row[0])

    def message(self, rowid: int) -> Message:
        """One key message with its theme and briefing."""
        return self.messages([rowid])[0]

    @_recovering
    def messages(self, rowids: Sequence[int]) -> list[Message]:
        """Key messages by rowid, in the order asked, each theme read and decoded once."""
        places: dict[int, tuple[int, int, int]] = {}
        for chunk in _chunks(rowids):
            marks = ",".join("?" * len(chunk))
            for rowid, number, theme_pos, briefing_pos in self.db.execute(
                "SELECT m.rowid, m.number, m.theme_pos, t.briefing_pos FROM message_theme m "
                f"JOIN theme t ON t.pos = m.theme_pos WHERE m.rowid IN ({marks})",
                chunk,
            ):
                places[rowid] = (number, theme_pos, briefing_pos)
        themes = self._themes({theme_pos for _, theme_pos, _ in places.values()})
        found = []
        for rowid in rowids:
            number, theme_pos, briefing_pos = places[rowid]
            theme = themes[theme_pos]
            found.append(
                Message(theme.messages[number - 1], number, theme, self._briefing(briefing_pos))
            )
        return found

    def _themes(self, positions: set[int]) -> dict[int, Theme]:
        themes: dict[int, Theme] = {}
        for chunk in _chunks(sorted(positions)):
            marks = ",".join("?" * len(chunk))
            for pos, data in self.db.execute(
                f"SELECT pos, data FROM theme WHERE pos IN ({marks})", chunk
            ):
                themes[pos] = Theme(*_unpack(data))
        return themes

    @_recovering
    def theme_positions(self, rowids: list[int]) -> dict[int, int]:
        """The theme (its position) of each message."""
        marks = ",".join("?" * len(rowids))
        return dict(
            self.db.execute(
                f"SELECT rowid, theme_pos FROM message_theme WHERE rowid IN ({marks})", rowids
            )
        )

    @_recovering
    def message_range(
        self, theme_slug: str | None, briefing_id: str | None
    ) -> list[tuple[int, int]]:
        """The rowid ranges [first, last] of the messages of a theme and/or briefing."""
        clauses, params = [], []
        if theme_slug is not None:
            clauses.append("t.slug = ?")
            params.append(theme_slug)
        if briefing_id is not None:
            clauses.append("b.id = ?")
            params.append(briefing_id)
        where = " AND ".join(clauses) or "1"
        ranges = []
        for first, count in self.db.execute(
            "SELECT t.first_message, t.message_count FROM theme t "
            f"JOIN briefing b ON b.pos = t.briefing_pos WHERE {where} ORDER BY t.pos",
            params,
        ):
            if count:
                ranges.append((first, first + count - 1))
        return ranges

    def _briefing(self, pos: int) -> Briefing:
        if pos not in self._briefings:
            (data,) = self.db.execute("SELECT data FROM briefing WHERE pos = ?", (pos,)).fetchone()
            self._briefings[pos] = _briefing_from(_unpack(data))
        return self._briefings[pos]


def _stage_messages(
    db: sqlite3.Connection, library: Library
) -> tuple[list[str], list[tuple[str, int]]]:
    """Stage every message, folded, with its theme's words in a temporary table, and index
    the theme titles; the folded messages, and each theme's words with its message count."""
    themes = [theme for briefing in library.briefings for theme in briefing.themes]
    # The index holds folded text (see folding.py); the model keeps the text as written.
    folded = [fold(text) for theme in themes for text in theme.messages]
    # Each message is also found by the words of its theme (title, aliases, tags): a
    # message under "Domestic abuse" is about domestic abuse even when it does not say so.
    contexts = [
        fold(" ".join((theme.title, *theme.aliases, *theme.tags)).replace("-", " "))
        for theme in themes
    ]
    db.execute("CREATE TEMP TABLE staged_message(text TEXT NOT NULL, context TEXT NOT NULL)")
    db.executemany(
        "INSERT INTO temp.staged_message(rowid, text, context) VALUES (?, ?, ?)",
        zip(
            range(len(folded)),
            folded,
            (
                context
                for theme, context in zip(themes, contexts, strict=True)
                for _ in theme.messages
            ),
            strict=True,
        ),
    )
    db.executemany(
        "INSERT INTO theme_title(rowid, title) VALUES (?, ?)",
        enumerate(fold(theme.title) for theme in themes),
    )
    theme_words = [
        (context, count)
        for theme, context in zip(themes, contexts, strict=True)
        if (count := len(theme.messages))
    ]
    return folded, theme_words


def _chunks(values: Sequence[int], size: int = 500) -> list[list[int]]:
    """Values in lists small enough for one query's parameters (SQLite limits them)."""
    return [list(values[start : start + size]) for start in range(0, len(values), size)]


def stem_phrases(db: sqlite3.Connection, phrases: Sequence[str]) -> list[str]:
    """Each phrase as the space-separated stems the index gives its words."""
    db.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.stemming USING fts5(t, tokenize='{TOKENIZER}')"
    )
    db.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.stemming_terms "
        "USING fts5vocab(temp, stemming, 'instance')"
    )
    db.execute("DELETE FROM temp.stemming")
    db.executemany("INSERT INTO temp.stemming(rowid, t) VALUES (?, ?)", enumerate(phrases))
    stems: list[dict[int, str]] = [{} for _ in phrases]
    for doc, offset, term in db.execute("SELECT doc, offset, term FROM temp.stemming_terms"):
        stems[doc][offset] = term
    return [" ".join(found[offset] for offset in sorted(found)) for found in stems]
