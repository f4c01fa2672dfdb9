"""The library in SQLite: the model and its FTS5 search index in one database.

The same database serves as the cache file (so a warm `show` reads one theme's rows, not
every YAML file) and, in memory, whenever no cache can be used. Model objects are kept as
marshal blobs of their fields: marshal is built in, costs nothing to import and reads
back faster than any text format.
"""

from __future__ import annotations

import marshal
import sqlite3
from collections.abc import Sequence
from typing import Any

from .folding import fold, spoken_words, words
from .model import (
    Briefing,
    BriefingRef,
    BriefingSummary,
    Library,
    Message,
    Resource,
    Theme,
    ThemeEntry,
    ThemeName,
    ThemeSummary,
    ThemeView,
)

# Bump when the tables change: older cache files are then ignored and rebuilt.
SCHEMA_VERSION = 8
TOKENIZER = "porter unicode61 remove_diacritics 2"

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
CREATE TABLE glossary(term TEXT PRIMARY KEY, expansion TEXT NOT NULL);
CREATE TABLE synonym(grp INTEGER NOT NULL, phrase TEXT NOT NULL);
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
    trigger INTEGER NOT NULL);
CREATE INDEX equivalent_by_first ON equivalent(first);
CREATE INDEX equivalent_by_group ON equivalent(grp);
"""

# Where a glossary expansion of three or more words is matched by its last two as well:
# "Child Protection Plan" also finds a message that says "protection plan".
HEART_WORDS = 2


def _briefing_fields(briefing: Briefing) -> tuple[Any, ...]:
    return (
        briefing.id,
        briefing.title,
        briefing.publisher,
        briefing.published,
        briefing.publisher_short,
        briefing.category,
        briefing.url,
        briefing.summary,
        briefing.remember,
        tuple(tuple(resource) for resource in briefing.resources),
        briefing.source,
    )


def _briefing_from(fields: tuple[Any, ...]) -> Briefing:
    (id_, title, publisher, published, short, category, url, summary, remember, res, source) = (
        fields
    )
    return Briefing(
        id=id_,
        title=title,
        publisher=publisher,
        published=published,
        themes=(),
        publisher_short=short,
        category=category,
        url=url,
        summary=summary,
        remember=remember,
        resources=tuple(Resource(*resource) for resource in res),
        source=source,
    )


class Store:
    """Read access to a library held in SQLite."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self._briefings: dict[int, Briefing] = {}
        self._glossary: dict[str, str] | None = None
        self._library: Library | None = None

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
        briefing_rows: list[tuple[int, str, str, int, int, bytes]] = []
        theme_rows: list[tuple[int, int, str, int, int, bytes]] = []
        message_rows: list[tuple[int, int, int]] = []
        for briefing_pos, briefing in enumerate(library.briefings):
            count = sum(len(theme.messages) for theme in briefing.themes)
            briefing_rows.append(
                (
                    briefing_pos,
                    briefing.id,
                    briefing.published,
                    len(briefing.themes),
                    count,
                    marshal.dumps(_briefing_fields(briefing)),
                )
            )
            for theme in briefing.themes:
                theme_pos = len(theme_rows)
                # Taken once: inside the generator below, len() would grow with each row.
                first = len(message_rows)
                theme_rows.append(
                    (
                        theme_pos,
                        briefing_pos,
                        theme.slug,
                        first,
                        len(theme.messages),
                        marshal.dumps(tuple(theme)),
                    )
                )
                # The first rowid is taken before extending: a generator reading
                # len(message_rows) would see it grow and leave gaps.
                first = len(message_rows)
                message_rows.extend(
                    (first + offset, theme_pos, offset + 1) for offset in range(len(theme.messages))
                )
        db.executemany("INSERT INTO briefing VALUES (?, ?, ?, ?, ?, ?)", briefing_rows)
        db.executemany("INSERT INTO theme VALUES (?, ?, ?, ?, ?, ?)", theme_rows)
        db.executemany(
            "INSERT INTO theme_summary VALUES (?, ?, ?, ?)",
            (
                (
                    pos,
                    summary.slug,
                    marshal.dumps((summary.slug, summary.title, summary.aliases)),
                    marshal.dumps(_summary_fields(summary)),
                )
                for pos, summary in enumerate(library.summaries())
            ),
        )
        db.executemany("INSERT INTO glossary VALUES (?, ?)", library.glossary.items())
        db.executemany(
            "INSERT INTO synonym VALUES (?, ?)",
            ((grp, phrase) for grp, group in enumerate(library.synonyms) for phrase in group),
        )
        db.executemany("INSERT INTO message_theme VALUES (?, ?, ?)", message_rows)
        db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        store = cls(db)
        if search_index:
            store._build_search_index(library)
        db.commit()
        store._library = None if search_index else library
        return store

    def ensure_search_index(self) -> None:
        """Build the search index now if the store was built without one."""
        if self._library is not None:
            self._build_search_index(self._library)
            self.db.commit()
            self._library = None

    def _build_search_index(self, library: Library) -> None:
        db = self.db
        db.executescript(SEARCH_SCHEMA)
        # The index holds folded text (see folding.py); the model keeps the text as written.
        folded = [
            fold(text)
            for briefing in library.briefings
            for theme in briefing.themes
            for text in theme.messages
        ]
        # Each message is also found by the words of its theme (title, aliases, tags): a
        # message under "Domestic abuse" is about domestic abuse even when it does not say so.
        contexts = [
            fold(" ".join((theme.title, *theme.aliases, *theme.tags)).replace("-", " "))
            for briefing in library.briefings
            for theme in briefing.themes
            for _ in theme.messages
        ]
        db.executemany(
            "INSERT INTO message(rowid, text, context) VALUES (?, ?, ?)",
            (
                (rowid, text, context)
                for rowid, (text, context) in enumerate(zip(folded, contexts, strict=True))
            ),
        )
        db.executemany(
            "INSERT INTO theme_title(rowid, title) VALUES (?, ?)",
            enumerate(
                fold(theme.title) for briefing in library.briefings for theme in briefing.themes
            ),
        )
        # fts5vocab scans the whole index on every read: keep the words in a plain table.
        db.execute("INSERT INTO vocabulary SELECT term, doc FROM temp.vocabulary_scan")
        db.execute("DROP TABLE temp.vocabulary_scan")
        self._build_word_buckets(folded)
        self._build_equivalents(library)

    def _build_word_buckets(self, folded: list[str]) -> None:
        """Whole words as written (not stemmed), with their stems and how many messages hold
        them, grouped by length as written and as stemmed: what a typo may be corrected into.
        A typo's candidates are then a few blobs to read, not thousands of rows."""
        db = self.db
        counts: dict[str, int] = {}
        for text in folded:
            for token in set(words(text)):
                counts[token] = counts.get(token, 0) + 1
        kept = [token for token in counts if not token.isdigit()]
        buckets: dict[tuple[str, int], list[tuple[str, str, int]]] = {}
        for token, stem in zip(kept, stem_phrases(db, kept), strict=True):
            entry = (token, stem, counts[token])
            buckets.setdefault(("word", len(token)), []).append(entry)
            buckets.setdefault(("stem", len(stem)), []).append(entry)
        db.executemany(
            "INSERT INTO word_bucket VALUES (?, ?, ?)",
            (
                (by, length, marshal.dumps(tuple(zip(*entries, strict=True))))
                for (by, length), entries in buckets.items()
            ),
        )

    def _build_equivalents(self, library: Library) -> None:
        """The thesaurus and glossary as groups of phrases keyed by their stems; groups that
        share a phrase are joined."""
        groups: list[list[tuple[str, bool]]] = [
            [(phrase, True) for phrase in group] for group in library.synonyms
        ]
        for term, expansion in library.glossary.items():
            group = [(term, True), (expansion, True)]
            expansion_words = words(expansion)
            if len(expansion_words) > HEART_WORDS:
                group.append((" ".join(expansion_words[-HEART_WORDS:]), False))
            groups.append(group)
        phrases = [" ".join(spoken_words(phrase)) for group in groups for phrase, _ in group]
        stems = iter(stem_phrases(self.db, phrases))
        joined: dict[str, int] = {}  # stems -> group
        parent = list(range(len(groups)))

        def root(index: int) -> int:
            while parent[index] != index:
                index = parent[index]
            return index

        rows: list[tuple[int, str, str, str, int]] = []
        for grp, group in enumerate(groups):
            for phrase, trigger in group:
                key = next(stems)
                if not key:
                    continue
                if trigger and key in joined:
                    parent[root(grp)] = root(joined[key])
                elif trigger:
                    joined[key] = grp
                rows.append((grp, phrase, key, key.split()[0], int(trigger)))
        self.db.executemany(
            "INSERT INTO equivalent VALUES (?, ?, ?, ?, ?)",
            ((root(grp), *rest) for grp, *rest in rows),
        )

    def meta(self, key: str) -> str | None:
        """A value recorded when the store was built."""
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def summaries(self) -> list[ThemeSummary]:
        """Every theme as `list` shows it, in first-seen order."""
        return [
            _summary_from(marshal.loads(row[0]))
            for row in self.db.execute("SELECT data FROM theme_summary ORDER BY pos")
        ]

    def theme_names(self) -> list[ThemeName]:
        """The names of every theme, for finding one: far less to read than `summaries`."""
        return [
            ThemeName(*marshal.loads(row[0]))
            for row in self.db.execute("SELECT names FROM theme_summary ORDER BY pos")
        ]

    def has_briefings(self) -> bool:
        """Whether any briefing is loaded."""
        return self.db.execute("SELECT 1 FROM briefing LIMIT 1").fetchone() is not None

    def theme_view(self, slug: str) -> ThemeView:
        """A theme gathered from every briefing that has it, newest briefing first."""
        entries = [
            ThemeEntry(self._briefing(briefing_pos), Theme(*marshal.loads(data)))
            for briefing_pos, data in self.db.execute(
                "SELECT t.briefing_pos, t.data FROM theme t JOIN briefing b "
                "ON b.pos = t.briefing_pos WHERE t.slug = ? "
                "ORDER BY b.published DESC, t.pos",
                (slug,),
            )
        ]
        return ThemeView(slug, entries[0].theme.title, tuple(entries))

    def briefing_summaries(self) -> list[BriefingSummary]:
        """Every briefing, in load order, with its counts."""
        return [
            BriefingSummary(_briefing_from(marshal.loads(data)), themes, messages)
            for data, themes, messages in self.db.execute(
                "SELECT data, theme_count, message_count FROM briefing ORDER BY pos"
            )
        ]

    def briefings(self) -> list[Briefing]:
        """Every briefing with all its themes, in load order."""
        themes: dict[int, list[Theme]] = {}
        for briefing_pos, data in self.db.execute(
            "SELECT briefing_pos, data FROM theme ORDER BY pos"
        ):
            themes.setdefault(briefing_pos, []).append(Theme(*marshal.loads(data)))
        return [
            self._briefing(pos)._replace(themes=tuple(themes.get(pos, ())))
            for (pos,) in self.db.execute("SELECT pos FROM briefing ORDER BY pos")
        ]

    def briefing_ids(self) -> list[str]:
        """Every briefing id."""
        return [row[0] for row in self.db.execute("SELECT id FROM briefing ORDER BY pos")]

    def glossary(self) -> dict[str, str]:
        """Every glossary term and its expansion."""
        if self._glossary is None:
            self._glossary = dict(self.db.execute("SELECT term, expansion FROM glossary"))
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
        groups: dict[int, list[str]] = {}
        for grp, phrase in self.db.execute("SELECT grp, phrase FROM synonym ORDER BY rowid"):
            groups.setdefault(grp, []).append(phrase)
        return [tuple(group) for group in groups.values()]

    def messages(self, rowids: Sequence[int]) -> dict[int, Message]:
        """Key messages by rowid, each theme decoded once however many of its messages."""
        marks = ",".join(map(str, (int(rowid) for rowid in rowids)))
        themes: dict[int, Theme] = {}
        found: dict[int, Message] = {}
        for rowid, number, theme_pos, briefing_pos, data in self.db.execute(
            "SELECT m.rowid, m.number, t.pos, t.briefing_pos, t.data FROM message_theme m "
            f"JOIN theme t ON t.pos = m.theme_pos WHERE m.rowid IN ({marks})"
        ):
            if theme_pos not in themes:
                themes[theme_pos] = Theme(*marshal.loads(data))
            theme = themes[theme_pos]
            found[rowid] = Message(
                theme.messages[number - 1], number, theme, self._briefing(briefing_pos)
            )
        return found

    def message(self, rowid: int) -> Message:
        """One key message with its theme and briefing."""
        number, briefing_pos, data = self.db.execute(
            "SELECT m.number, t.briefing_pos, t.data FROM message_theme m "
            "JOIN theme t ON t.pos = m.theme_pos WHERE m.rowid = ?",
            (rowid,),
        ).fetchone()
        theme = Theme(*marshal.loads(data))
        return Message(theme.messages[number - 1], number, theme, self._briefing(briefing_pos))

    def theme_positions(self, rowids: list[int]) -> dict[int, int]:
        """The theme (its position) of each message."""
        marks = ",".join("?" * len(rowids))
        return dict(
            self.db.execute(
                f"SELECT rowid, theme_pos FROM message_theme WHERE rowid IN ({marks})", rowids
            )
        )

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
            self._briefings[pos] = _briefing_from(marshal.loads(data))
        return self._briefings[pos]


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


def _summary_fields(summary: ThemeSummary) -> tuple[Any, ...]:
    return (
        summary.slug,
        summary.title,
        summary.aliases,
        summary.message_count,
        tuple(summary.newest),
        summary.briefing_ids,
    )


def _summary_from(fields: tuple[Any, ...]) -> ThemeSummary:
    slug, title, aliases, count, newest, ids = fields
    return ThemeSummary(slug, title, aliases, count, BriefingRef(*newest), ids)
