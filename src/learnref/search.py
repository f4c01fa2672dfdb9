"""Search of key messages on SQLite FTS5, with typo correction from rapidfuzz.

FTS5 (in Python's standard sqlite3) gives the inverted index, BM25 ranking, phrase
queries and a Porter stemmer (chronology ~ chronologies). rapidfuzz corrects query words
that the index does not know against the index's own vocabulary ("cronology" ->
"chronolog"), and is imported only when a word needs correcting. docs/search.md explains
the ranking in plain words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from itertools import combinations
from typing import TYPE_CHECKING

from .errors import NotFoundError, UsageError
from .model import Message
from .quoting import shown
from .store import TOKENIZER, Store

if TYPE_CHECKING:
    from typing import NamedTuple
else:
    from ._records import NamedTuple

# Words too common to mean anything on their own: they never make a match by themselves.
# "not" and "no" are kept on purpose: "not engaging" is a different thing from "engaging".
STOPWORDS = frozenset(
    """a about an and any are as at be been being but by can could did do does for from had
    has have how i if in into is it its me my of on or our should so than that the their them
    then there these they this those to too us was we were what when where which who why will
    with would you your""".split()  # noqa: SIM905 - a word list reads better as prose
)

# How much each kind of word match counts towards coverage (see docs/search.md).
QUALITY_EXACT = 1.0  # the word, or another form of it (chronologies ~ chronology)
QUALITY_PREFIX = 0.85  # the start of a longer word (chron -> chronologies)
QUALITY_TYPO = 0.75  # scaled by similarity: a corrected spelling (cronology)

TYPO_CUTOFF = 80.0  # rapidfuzz ratio (0-100) a correction must reach
MIN_TYPO_LENGTH = 4  # shorter words are never corrected: too many near neighbours
MIN_COVERAGE = 0.5  # at least half of the things asked for must match
MIN_SCORE = 30
MAX_CONCEPTS = 6  # a pasted paragraph is searched by its first six meaningful words

WEIGHT_COVERAGE = 0.70
WEIGHT_BM25 = 0.15
WEIGHT_PHRASE = 0.10
WEIGHT_TITLE = 0.05

_WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """Lowercase without accents, as the index stores words."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(text: str) -> list[str]:
    """The words of a text, folded; underscores and punctuation separate words."""
    return list(_WORD.findall(fold(text).replace("_", " ")))


def _quoted(phrase: str) -> str:
    return '"' + phrase.replace('"', '""') + '"'


class Concept(NamedTuple):
    """One thing the query asks for: a word, or a glossary term and its expansion."""

    label: str  # as typed
    expressions: tuple[str, ...]  # FTS5 alternatives, any of which matches
    quality: float
    matched_as: tuple[str, ...]  # what the index matched: words, corrections, expansions

    @property
    def match(self) -> str:
        return " OR ".join(self.expressions)


class Hit(NamedTuple):
    """One search result."""

    rank: int
    score: int
    message: Message
    matched_terms: tuple[str, ...]
    spans: tuple[tuple[int, int], ...] = ()  # where the matched words are in the text


class SearchResult(NamedTuple):
    """The hits for a query, with what each query word was understood as."""

    query: str
    hits: tuple[Hit, ...]
    corrections: dict[str, str]


class Index:
    """Ranked search over the FTS5 index of a store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.db = store.db
        self._filter = ""
        store.ensure_search_index()

    def exists(self, expression: str) -> bool:
        """Whether any message matches an FTS5 expression."""
        row = self.db.execute(
            "SELECT 1 FROM message WHERE message MATCH ? LIMIT 1", (expression,)
        ).fetchone()
        return row is not None

    def vocabulary(self, length: int) -> list[str]:
        """The index's words (stemmed, folded) of about this length: typo candidates."""
        return [
            row[0]
            for row in self.db.execute(
                "SELECT term FROM vocabulary WHERE length BETWEEN ? AND ?", (length - 2, length + 2)
            )
        ]

    def stems(self, terms: Sequence[str]) -> list[str]:
        """The Porter stems FTS5 gives these words, in order."""
        self.db.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.query USING fts5(t, tokenize='{TOKENIZER}')"
        )
        self.db.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.query_terms "
            "USING fts5vocab(temp, query, 'instance')"
        )
        self.db.execute("DELETE FROM temp.query")
        self.db.execute("INSERT INTO temp.query(t) VALUES (?)", (" ".join(terms),))
        by_offset = dict(self.db.execute("SELECT offset, term FROM temp.query_terms").fetchall())
        return [by_offset.get(offset, term) for offset, term in enumerate(terms)]

    # Query understanding.

    def concepts(self, query: str) -> tuple[list[Concept], dict[str, str]]:
        """The query as concepts to match, and the spelling corrections made."""
        tokens = words(query)
        glossary = _glossary_phrases(self.store.glossary())
        concepts: list[Concept] = []
        corrections: dict[str, str] = {}
        position = 0
        pending: list[tuple[str, int]] = []
        while position < len(tokens) and len(concepts) + len(pending) < MAX_CONCEPTS:
            expansion = _match_expansion(tokens, position, glossary)
            if expansion is not None:
                length, alternatives, label = expansion
                expressions = tuple(_quoted(" ".join(alt)) for alt in alternatives)
                concepts.append(
                    Concept(
                        label, expressions, QUALITY_EXACT, tuple(" ".join(a) for a in alternatives)
                    )
                )
                position += length
                continue
            token = tokens[position]
            position += 1
            if token in STOPWORDS or any(c.label == token for c in concepts):
                continue
            pending.append((token, len(concepts)))
            concepts.append(Concept(token, (), 0.0, ()))
        for token, slot in pending:
            concepts[slot] = self._resolve_word(token, corrections)
        return [c for c in concepts if c.expressions], corrections

    def _resolve_word(self, token: str, corrections: dict[str, str]) -> Concept:
        exact = _quoted(token)
        if self.exists(exact):
            return Concept(token, (exact,), QUALITY_EXACT, (token,))
        if len(token) >= 3:
            prefix = _quoted(token) + "*"
            if self.exists(prefix):
                return Concept(token, (prefix,), QUALITY_PREFIX, (token + "…",))
        if len(token) < MIN_TYPO_LENGTH or token.isdigit():
            return Concept(token, (), 0.0, ())
        from rapidfuzz import fuzz, process

        stem = self.stems([token])[0]
        found = process.extract(
            stem, self.vocabulary(len(stem)), scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF, limit=3
        )
        if not found:
            return Concept(token, (), 0.0, ())
        best = found[0][1]
        terms = [term for term, similarity, _ in found if similarity >= best - 3]
        corrections[token] = terms[0]
        return Concept(
            token,
            tuple(_quoted(term) + "*" for term in terms),
            QUALITY_TYPO * best / 100,
            tuple(terms),
        )

    # Ranking.

    def search(
        self,
        query: str,
        *,
        limit: int = 10,
        theme: str | None = None,
        briefing: str | None = None,
    ) -> SearchResult:
        """Rank the key messages for a query; the best first, none below the score floor."""
        if not query.strip():
            raise UsageError(
                "The search query is empty.",
                "Give a word or phrase, e.g. learnref search chronology",
            )
        if limit < 1:
            raise UsageError("--limit must be 1 or more.")
        # No library has a billion messages; a larger --limit would overflow SQLite's integers.
        limit = min(limit, 1_000_000_000)
        concepts, corrections = self.concepts(query)
        if not concepts:
            return SearchResult(query, (), corrections)
        self._filter = ""
        if theme is not None or briefing is not None:
            ranges = self.store.message_range(theme, briefing)
            if not ranges:
                return SearchResult(query, (), corrections)
            self._filter = (
                " AND ("
                + " OR ".join(f"rowid BETWEEN {first} AND {last}" for first, last in ranges)
                + ")"
            )
        found = self._by_coverage(concepts, limit)
        if not found:
            return SearchResult(query, (), corrections)
        rowids = list(found)
        ids = ",".join(map(str, rowids))
        phrase = self._phrase_matches(query, ids)
        themes = self.store.theme_positions(rowids)
        titled = self._title_matches(concepts, set(themes.values()))
        scored = []
        for rowid, (subset, coverage, relevance) in found.items():
            score = 100 * (
                WEIGHT_COVERAGE * coverage
                + WEIGHT_BM25 * relevance
                + WEIGHT_PHRASE * (rowid in phrase)
                + WEIGHT_TITLE * len(titled.get(themes[rowid], set()) & subset) / len(concepts)
            )
            if score < MIN_SCORE:
                continue
            terms = tuple(term for index in sorted(subset) for term in concepts[index].matched_as)
            scored.append((-round(score, 6), -coverage, -relevance, rowid, terms, score))
        scored.sort()
        chosen = scored[:limit]
        all_concepts = " OR ".join(f"({c.match})" for c in concepts)
        spans = self._spans(all_concepts, [row[3] for row in chosen])
        messages = self.store.messages([row[3] for row in chosen])
        hits = tuple(
            Hit(rank, round(score), message, terms, spans.get(rowid, ()))
            for rank, ((_, _, _, rowid, terms, score), message) in enumerate(
                zip(chosen, messages, strict=True), start=1
            )
        )
        return SearchResult(query, hits, corrections)

    def _by_coverage(
        self, concepts: list[Concept], limit: int
    ) -> dict[int, tuple[frozenset[int], float, float]]:
        """Messages matching the most of the query, as {rowid: (concepts, coverage, bm25)}.

        Sets of concepts are tried from the best coverage down, each as one FTS5 AND query
        ranked by BM25, so that a message is first met with everything it matches. It stops
        once no message further down could score into the top `limit`.
        """
        count = len(concepts)
        subsets = []
        for size in range(count, 0, -1):
            if size / count < MIN_COVERAGE:
                break
            for combination in combinations(range(count), size):
                coverage = sum(concepts[index].quality for index in combination) / count
                subsets.append((coverage, frozenset(combination)))
        subsets.sort(key=lambda item: (-item[0], -len(item[1]), sorted(item[1])))
        found: dict[int, tuple[frozenset[int], float, float]] = {}
        best_scores: list[float] = []
        for coverage, members in subsets:
            if len(best_scores) >= limit:
                # The most a message matching only this subset could score, with every bonus.
                ceiling = 100 * (WEIGHT_COVERAGE * coverage + 1 - WEIGHT_COVERAGE)
                if ceiling < sorted(best_scores, reverse=True)[limit - 1]:
                    break
            expression = " AND ".join(f"({concepts[index].match})" for index in sorted(members))
            rows = self.db.execute(
                "SELECT rowid, bm25(message) AS relevance FROM message "
                f"WHERE message MATCH ?{self._filter} ORDER BY relevance LIMIT ?",
                (expression, limit + len(found)),
            ).fetchall()
            fresh = [(rowid, bm25) for rowid, bm25 in rows if rowid not in found]
            if not fresh:
                continue
            best = min(bm25 for _, bm25 in fresh) or -1.0
            for rowid, bm25 in fresh:
                relevance = bm25 / best if best < 0 else 0.0
                found[rowid] = (members, coverage, relevance)
                best_scores.append(100 * (WEIGHT_COVERAGE * coverage + WEIGHT_BM25 * relevance))
        return found

    def _spans(self, expression: str, rowids: list[int]) -> dict[int, tuple[tuple[int, int], ...]]:
        """Character spans of the matched words in each message, from FTS5's highlight()."""
        if not rowids:
            return {}
        ids = ",".join(map(str, rowids))
        spans: dict[int, tuple[tuple[int, int], ...]] = {}
        for rowid, marked in self.db.execute(
            "SELECT rowid, highlight(message, 0, char(1), char(2)) FROM message "
            f"WHERE message MATCH ? AND rowid IN ({ids})",
            (expression,),
        ):
            found: list[tuple[int, int]] = []
            plain = 0
            start = 0
            for char in marked:
                if char == "\x01":
                    start = plain
                elif char == "\x02":
                    found.append((start, plain))
                else:
                    plain += 1
            spans[rowid] = tuple(found)
        return spans

    def _within(self, expression: str, ids: str) -> list[int]:
        return [
            row[0]
            for row in self.db.execute(
                f"SELECT rowid FROM message WHERE message MATCH ? AND rowid IN ({ids})",
                (expression,),
            )
        ]

    def _phrase_matches(self, query: str, ids: str) -> set[int]:
        """Messages holding the query's words together, in order or close by."""
        meaningful = [w for w in words(query) if w not in STOPWORDS][:MAX_CONCEPTS]
        if len(meaningful) < 2:
            return set()
        everything = words(query)[:40]
        near = "NEAR(" + " ".join(_quoted(w) for w in meaningful) + f", {len(meaningful) + 2})"
        found = set(self._within(_quoted(" ".join(everything)), ids))
        return found | set(self._within(near, ids))

    def _title_matches(self, concepts: list[Concept], themes: set[int]) -> dict[int, set[int]]:
        """For each of these themes, which concepts its title matches."""
        marks = ",".join(map(str, themes))
        matches: dict[int, set[int]] = {}
        for index, concept in enumerate(concepts):
            for (theme_pos,) in self.db.execute(
                f"SELECT rowid FROM theme_title WHERE theme_title MATCH ? AND rowid IN ({marks})",
                (concept.match,),
            ):
                matches.setdefault(theme_pos, set()).add(index)
        return matches


def _glossary_phrases(glossary: dict[str, str]) -> list[tuple[list[str], list[str], str]]:
    """Each glossary entry as (term words, expansion words, term)."""
    return [(words(term), words(expansion), term) for term, expansion in glossary.items()]


def _match_expansion(
    tokens: list[str], position: int, glossary: list[tuple[list[str], list[str], str]]
) -> tuple[int, list[list[str]], str] | None:
    """A glossary term or expansion starting at `position`: (tokens used, alternatives, label)."""
    best: tuple[int, list[list[str]], str] | None = None
    for term, expansion, label in glossary:
        for phrase, other in ((expansion, term), (term, expansion)):
            length = len(phrase)
            if (
                length
                and tokens[position : position + length] == phrase
                and (best is None or length > best[0])
            ):
                best = (length, [phrase, other], label if phrase is term else " ".join(phrase))
    return best


def require_hits(result: SearchResult) -> SearchResult:
    """The result, or a NotFoundError saying nothing matched and what to try."""
    if result.hits:
        return result
    found_words = words(result.query)
    if not found_words:
        raise NotFoundError(
            f"Nothing found for '{shown(result.query)}': it has no words to search for.",
            "Search for words, e.g. learnref search chronology",
        )
    meaningful = [w for w in found_words if w not in STOPWORDS]
    if not meaningful:
        raise NotFoundError(
            f"Nothing found for '{shown(result.query)}': it has only common words.",
            "Search for the words that matter, e.g. learnref search chronology",
        )
    raise NotFoundError(
        f"No key message matches '{shown(result.query)}'.",
        "Try fewer or other words, or see the themes with: learnref list",
    )
