"""Search of key messages on SQLite FTS5, read the way a practitioner writes a query.

FTS5 (in Python's standard sqlite3) gives the inverted index, BM25 ranking, phrase
queries and a Porter stemmer (chronology ~ chronologies). Around it: contractions and
question framing are read as a person means them, the thesaurus and glossary of the loaded
files add the other words for the same thing, rare words weigh more than common ones
(IDF), a word the library does not know counts as a miss, and a typo is corrected into a
whole library word only when it is not a real English word (lexicon.py). docs/search.md
explains the ranking in plain words.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from itertools import combinations
from typing import TYPE_CHECKING, Protocol

from .errors import NotFoundError, UsageError
from .folding import fold_with_offsets, spoken_words, words
from .model import NOT_SEARCHED, Message
from .quoting import shown
from .store import (
    PHRASE_HEART,
    PHRASE_RELATED,
    PHRASE_SUGGESTED,
    PHRASE_TRIGGER,
    Store,
    stem_phrases,
)
from .suggest import Suggestion

if TYPE_CHECKING:
    from typing import NamedTuple
else:
    from ._records import NamedTuple

# Words too common to mean anything on their own: they never make a match by themselves.
STOPWORDS = frozenset(
    """a about after again all also am an and any anything are as at be because been before
    being both but by can could did do does doing done during each else even ever for from
    get gets getting go going got had has have having he her here hers him his how i if in
    into is it its itself just let lets like me might more most much must my myself need
    needs now of off ok okay on once only or other our ours out over own please quite really
    same shall she should so some something still such than that the their theirs them then
    there these they thing things this those through to too under until up us very want
    wants was way we well were what whatever when where whether which while who whom whose
    another
    why will with would yet you your yours""".split()  # noqa: SIM905 - reads better as prose
)
# Everyday filler: words that carry the sentence, not what it is about ("keeps putting me
# off when I try to come round"). Like stop words, they never count as a match or a miss.
FILLER = frozenset(
    """keep keeps kept keeping put puts putting try tries trying tried come comes coming came
    round around go goes going went gone got give gives gave giving say says said saying see
    sees saw know knows knew knowing think thinks thought seem seems seemed lot lots loads
    bit kind sort really actually maybe perhaps probably sure stuff anyone someone somebody
    anybody everyone everybody people every always sometimes usually already instead whole
    thing anyway literally basically enough last again different suddenly recently lately
    constantly little""".split()  # noqa: SIM905
)
STOPWORDS |= FILLER

# Who a query is about, in everyday words: most queries name one, and it says less about
# which message answers than what happened ("mum is depressed": depressed decides).
PEOPLE = frozenset(
    """mum mom mam mother mothers dad father fathers parent parents kid kids child children
    family families son daughter boy boys girl girls brother sister lad lads""".split()  # noqa: SIM905
)
# When, likewise: "toothache for weeks" is about teeth.
TIMES = frozenset(
    """day days week weeks month months year years night nights today yesterday tomorrow
    morning mornings evening evenings weekend weekends hour hours minute minutes""".split()  # noqa: SIM905
)
# How many, likewise ("four different workers", "300 quid"): and a number the library lacks
# is no miss, as the query's meaning lies in its other words.
NUMBERS = frozenset(
    """one two three four five six seven eight nine ten eleven twelve twenty hundred
    thousand first second third fourth fifth sixth""".split()  # noqa: SIM905
)
PEOPLE_WEIGHT = 0.6
# Words that only say which of those people ("young lad", "teenage girl", "little ones").
PEOPLE_MODIFIERS = frozenset("young little small teenage teen older younger old new".split())  # noqa: SIM905


def _meaningful(tokens: list[str]) -> list[str]:
    """The words that carry meaning: no stop word, negation or one-letter fragment."""
    return [t for t in tokens if not (t in STOPWORDS or t in NEGATIONS or _fragment(t))]


def _beside_a_miss(
    reading: Understanding, found: dict[int, tuple[frozenset[int], float, float]]
) -> dict[int, tuple[frozenset[int], float, float]]:
    """When a query of three or more meaningful words has one the library lacks, only the
    messages holding two or more of its words (a phrase counts its words) answer: one word
    shared with an everyday question is no answer ("car boot sale this sunday")."""
    asked = len(reading.concepts) + len(reading.unmatched)
    if not reading.unmatched or asked < MIN_WORDS_FOR_TWO:
        return found
    return {
        rowid: row
        for rowid, row in found.items()
        if sum(len(_meaningful(reading.concepts[i].label.split())) for i in row[0]) >= 2
    }


def _weighed(concept: Concept) -> Concept:
    """A concept weighed by what it says: a phrase as many words as it spans, who or when
    less than what happened."""
    spans = sum(word not in STOPWORDS for word in concept.label.split())
    weight = concept.weight * max(spans, 1)
    if _about_who_or_when(concept.label):
        weight *= PEOPLE_WEIGHT
    return concept._replace(weight=weight)


def _number(word: str) -> bool:
    return word.isdigit() or word in NUMBERS


def _about_who_or_when(label: str) -> bool:
    """Whether a word or phrase of the query only says who or when ("young lad", "nights")."""
    words = [word for word in label.split() if word not in STOPWORDS]
    return (
        bool(words)
        and all(
            word in PEOPLE or word in TIMES or word in PEOPLE_MODIFIERS or _number(word)
            for word in words
        )
        and not all(word in PEOPLE_MODIFIERS for word in words)
    )


# The everyday settings of a life: words of safeguarding too, but an everyday query shares
# them with the briefings ("baby shower games", "school uniform sale", "meeting room
# booking"). Alone they never make a query one of safeguarding.
SETTINGS = frozenset(
    """baby babies home house school schools meeting meetings phone phones plan plans club
    clubs room rooms game games work job car holiday holidays party class teacher teachers
    student students library shop shopping""".split()  # noqa: SIM905
)


def _everyday_setting(label: str) -> bool:
    """Whether a word or phrase of the query only names who, when or an everyday setting."""
    words = [word for word in label.split() if word not in STOPWORDS]
    return _about_who_or_when(label) or (
        bool(words) and all(word in SETTINGS or word in PEOPLE or word in TIMES for word in words)
    )


# An age typed as a number ("15 year old", "6 month old", "3 weeks old") is read as the
# word a briefing would use for a child of that age, which the thesaurus then links.
# Also as people text it: "14yo", "14 y/o", "13yrs", "aged 14".
AGE = re.compile(
    r"\b(?:(?P<number>\d{1,3}) ?(?P<unit>year|yr|month|mth|week|wk|day)s? old"
    r"|(?P<years>\d{1,2}) ?(?:yo|y o|yrs?|yrs? old)"
    r"|aged? (?P<aged>\d{1,3})(?: ?(?P<aged_unit>year|yr|month|mth|week|wk|day)s?)?)\b"
)
# (under this many months, the word)
AGES: tuple[tuple[int, str], ...] = (
    (12, "baby"),
    (36, "toddler"),
    (60, "young child"),
    (144, "child"),
    (216, "teenager"),
    (10**6, "young adult"),
)

# Negations change what a phrase means ("not engaging") but never make a match alone.
NEGATIONS = frozenset({"not", "no", "never", "nor"})

# Question framing that is not content: "what should I do if", "how do I", "who should I tell".
QUESTION_FRAME = re.compile(
    r"^(?:(?:what|how|who|when|where|why|which|should|can|could|do|does|is|are|would|will|"
    r"shall|must|may|might)\b(?!\s+not\b)(?:\s+(?:should|can|could|do|does|would|will|must|shall|may|"
    r"might|i|we|you|be|is|are|a|the|to|it|there|happens|happen|next|first|best|way|"
    r"tell|inform|contact|call|told|ask|about|know|need|needed|doing|signs|sign|spot|"
    r"recognise|recognize|of|that|ok|okay|right|allowed))*\s+"
    r"(?:do|to|about|if|when|after|with)?\b)"
)

# How people open a request rather than a question: "I'm worried about", "when should I
# worry about", "how do I deal with", "where can I find guidance on", "what does the
# guidance say about", "help with". Read after QUESTION_FRAME, so "how do I" is gone.
REQUEST_FRAME = re.compile(
    r"^(?:(?:i m|i am|im|we re|we are) (?:really |very |quite |a bit |a little |so )?"
    r"(?:worried|concerned|unsure|not sure) (?:about|that|whether|if)"
    r"|(?:deal|dealing|handle|handling) with|handle"
    r"|find (?:(?:the|any|some) )?(?:guidance|information|advice|help) (?:on|about|for)"
    r"|(?:the )?(?:guidance|advice|briefings?|learning) (?:says?|on|about|for)(?: about| on)?"
    r"|(?:help|guidance|advice|information) (?:with|on|about|for)"
    r"|(?:tell|show) me (?:about|what)"
    r")\b\s*"
)
# Only after a question's opening ("when should I worry about"): alone, "worried about a
# colleague" is a thesaurus phrase, not framing.
WORRY_FRAME = re.compile(r"^(?:be )?(?:worried|concerned|worry) about\b\s*")

QUALITY_EXACT = 1.0  # the word, or another form of it (chronologies ~ chronology)
QUALITY_SYNONYM = 0.9  # only another word for it, from the thesaurus or glossary
QUALITY_PREFIX = 0.85  # the start of a longer word (chron -> chronologies)
QUALITY_TYPO = 0.8  # a corrected spelling (cronology)
# All the words of a thesaurus phrase, apart, when the library holds no phrase of its group:
# "baby's father" in "the father of the baby".
QUALITY_APART = 0.8
# A professional word that an everyday word suggests (the `related:` data): punches ≈
# domestic abuse. Used only when the library lacks the word and its synonyms.
QUALITY_SUGGESTED = 0.7
# A related English word (WordNet) for a word the library lacks: missy ≈ girl. It helps
# rank, but counts as only half a word found when deciding whether to answer at all.
QUALITY_RELATED = 0.6
MAX_RELATED = 4
MAX_PHRASE_PARTS = 3  # thesaurus phrases a word may be part of, to stand for them
MAX_PHRASE_PARTS_ENGLISH = 2  # fewer for an English word: it has everyday senses too
# A suggested phrase matches with its meaningful words at most this many words apart.
SUGGESTION_NEAR = 8
DEFAULT_LIMIT = 10
RELATED_SHARE = 0.4  # how much of a word found a related word counts for
SUGGESTED_SHARE = 0.5  # and a suggested word, when another word of the query is not found

MIN_TYPO_LENGTH = 4  # shorter words are never corrected: too many near neighbours
MIN_FOUND = 0.5  # at least half of the meaningful words must be found in the library
MIN_MESSAGE = 0.25  # and a message must match at least this share of them (and one)
MIN_SCORE = 25
MIN_WORDS_FOR_TWO = 3  # from this many meaningful words, with one not found, two must match
MAX_CONCEPTS = 6  # a pasted paragraph is searched by its first six meaningful words
MAX_QUERY_WORDS = 200  # of which only the first words can matter: a pasted book stays cheap
UNMATCHED_WEIGHT = 1.0  # a word not found weighs this times the found words' mean weight

# BM25 weight of the theme's words (title, aliases, tags) beside the message's own (1.0).
CONTEXT_WEIGHT = 0.7
# What a word asked counts for in a message that holds it only in its theme's words.
CONTEXT_ONLY = 0.8

WEIGHT_COVERAGE = 0.70
WEIGHT_BM25 = 0.15
WEIGHT_PHRASE = 0.10
WEIGHT_TITLE = 0.05


_WORDS = re.compile(r"\w+")


def _near(phrase: str) -> str:
    """A suggested phrase as its meaningful words close together, in any order and form:
    "missing episode" also finds "each episode of a child going missing". Suggestions are
    one partnership's wording of an idea; another says it in other words."""
    words = [word for word in spoken_words(phrase) if word not in STOPWORDS]
    if len(words) < 2:
        return _quoted(" ".join(spoken_words(phrase)))
    return "NEAR(" + " ".join(_quoted(word) for word in words) + f", {SUGGESTION_NEAR})"


def _quoted(phrase: str) -> str:
    return '"' + phrase.replace('"', '""') + '"'


def max_typo_distance(word: str) -> int:
    """How many letters a typo may have wrong for its length: none under 4 letters."""
    if len(word) < MIN_TYPO_LENGTH:
        return 0
    return 1 if len(word) <= 5 else 2


def _fragment(token: str) -> bool:
    """A one-letter fragment ("a" of "a&e", "t" of "isn t"): part of a phrase, never a word."""
    return len(token) == 1 and not token.isdigit()


def _age_word(match: re.Match[str]) -> str:
    """The word briefings use for a child of an age typed as a number ("15 year old")."""
    number = int(match["number"] or match["years"] or match["aged"])
    unit = match["unit"] or match["aged_unit"] or "year"
    months = number * 12 if unit in ("year", "yr") else number if unit in ("month", "mth") else 0
    for under, word in AGES:
        if months < under:
            return word
    return AGES[-1][1]


def query_words(query: str, *, letters: bool = False) -> list[str]:
    """The query's words, folded, with contractions expanded and question framing dropped;
    one-letter fragments only with `letters` (they may belong to a phrase: "a&e")."""
    found, framing = framed_words(query, letters=letters)
    return found[framing:]


def framed_words(query: str, *, letters: bool = False) -> tuple[list[str], int]:
    """The query's words as `query_words` reads them but with their framing kept, and how
    many of the first words the framing is ("how do I", "I'm worried about")."""
    text = AGE.sub(_age_word, " ".join(spoken_words(query)))
    asked = QUESTION_FRAME.match(text)
    frames = (QUESTION_FRAME, WORRY_FRAME, REQUEST_FRAME) if asked else (REQUEST_FRAME,)
    start = 0
    for frame in frames:
        framed = frame.match(text[start:])
        if framed and start + framed.end() < len(text):
            start += framed.end()

    def kept(words: str) -> list[str]:
        return [word for word in words.split() if letters or len(word) > 1 or word.isdigit()]

    framing = kept(text[:start])
    return framing + kept(text[start:])[:MAX_QUERY_WORDS], len(framing)


class Concept(NamedTuple):
    """One thing the query asks for: a word or phrase, and the other words for it."""

    label: str  # as typed (folded)
    expressions: tuple[str, ...]  # FTS5 alternatives, any of which matches
    quality: float
    matched_as: tuple[str, ...]  # what the index matched: words, corrections, expansions
    weight: float  # how rare it is in the library (IDF)
    # A word of safeguarding: in the thesaurus, glossary or related words, in a theme's
    # title, or a correction (or start) of a library word.
    known: bool = False

    @property
    def match(self) -> str:
        return " OR ".join(self.expressions)


class Understanding(NamedTuple):
    """What a query was read as."""

    concepts: list[Concept]  # found in the library
    unmatched: list[str]  # meaningful words not found, as typed
    unmatched_weight: float
    corrections: dict[str, str]
    phrase_stems: list[str]  # stems of the meaningful words and negations, for the phrase bonus
    ignored: list[str]  # meaningful words past the first six, not searched


class Reranker(Protocol):
    """Reorders a query's keyword results (best first), renumbering ranks and scores."""

    def __call__(self, query: str, hits: Sequence[Hit], /) -> tuple[Hit, ...]: ...


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
    unmatched_terms: tuple[str, ...] = ()
    suggestions: tuple[Suggestion, ...] = ()
    show_scores: bool = False  # text output shows scores only when asked (--scores)
    ignored_terms: tuple[str, ...] = ()  # meaningful words past the first six, not searched

    def told(self, reading: Understanding) -> SearchResult:
        """The result, naming the words of the query that were not searched."""
        return self._replace(ignored_terms=tuple(reading.ignored))

    @property
    def related_note(self) -> str | None:
        """A line naming the related words the results were found by, for a reader to judge
        a looser match: related words searched: relative, kinship carer (for "gran")."""
        found: dict[str, list[str]] = {}
        for hit in self.hits:
            for term in hit.matched_terms:
                if " ≈ " in term:
                    typed, related = term.split(" ≈ ", 1)
                    words = found.setdefault(typed, [])
                    if related not in words:
                        words.append(related)
        if not found:
            return None
        return "related words searched: " + "; ".join(
            f'{", ".join(related)} (for "{typed}")' for typed, related in found.items()
        )

    @property
    def notes(self) -> list[str]:
        """The lines every format prints above the results: what was corrected, what was
        not found, the related words searched and the words not searched."""
        notes = []
        if self.corrections:
            notes.append(f'Showing results for "{self.corrected_query}" (you typed "{self.query}")')
        if self.unmatched_terms:
            notes.append("not found: " + ", ".join(self.unmatched_terms))
        if self.related_note:
            notes.append(self.related_note)
        if self.ignored_terms:
            notes.append(NOT_SEARCHED + ", ".join(self.ignored_terms))
        return notes

    @property
    def corrected_query(self) -> str:
        """The query with each corrected word replaced by its correction."""
        text = self.query
        for typed, corrected in self.corrections.items():
            text = re.sub(rf"(?<!\w){re.escape(typed)}(?!\w)", corrected, text, flags=re.I)
        return text


def _contenders(found: dict[int, tuple[frozenset[int], float, float]], limit: int) -> list[int]:
    """The messages that could still reach the top `limit` with every bonus: only these
    are checked for the phrase and title bonuses."""
    base = {
        rowid: 100 * (WEIGHT_COVERAGE * coverage + WEIGHT_BM25 * relevance)
        for rowid, (_, coverage, relevance) in found.items()
    }
    ranked = sorted(base.values(), reverse=True)
    floor = ranked[limit - 1] if len(ranked) >= limit else -1.0
    bonus = 100 * (WEIGHT_PHRASE + WEIGHT_TITLE)
    return [rowid for rowid, score in base.items() if score + bonus >= floor]


# Thesaurus groups by number: each phrase, its stems and its kind.
Groups = dict[int, list[tuple[str, str, int]]]
# How many words before a typo a phrase made by correcting it may begin.
MAX_PHRASE_REACH = 3
# Of each (concept, alternative), the messages holding it.
Holders = dict[tuple[int, int], set[int]]
# Of a concept: how near the nearest alternative each message holds is, and the nearness
# of the farthest (for a message not listed).
Nearest = dict[int, tuple[dict[int, float], float]]


def _indirect_loss(
    reading: Understanding,
    rowid: int,
    subset: frozenset[int],
    nearest: Nearest,
    in_text: dict[int, set[int]],
) -> float:
    """The coverage a message loses for each word asked that it holds only as another word
    for it (counted as a thesaurus-only match, 0.9), or only as part of one (0.8, as words
    apart): "GP" finds messages saying GP before those saying only "doctor", and "child and
    adolescent mental health services" finds CAMHS before "health services"."""
    concepts = reading.concepts
    total = sum(c.weight for c in concepts) + reading.unmatched_weight * len(reading.unmatched)
    loss = 0.0
    for index in subset:
        concept = concepts[index]
        if rowid not in in_text.get(index, {rowid}):
            # Said only by its theme's title, aliases or tags, not by the message itself.
            # `in_text` is given for a query of one thing only: then the messages that say
            # it come first. (With more, a theme's words rightly stand for what a message
            # need not repeat.)
            loss += max(0.0, concept.quality - min(concept.quality, CONTEXT_ONLY)) * concept.weight
            continue
        if index in nearest:
            held, farthest = nearest[index]
            loss += max(0.0, concept.quality - held.get(rowid, farthest)) * concept.weight
    return loss / total if total else 0.0


def _term_quality(term: str, concept: Concept) -> float:
    """How near one alternative of a concept is: the word itself; another word for it; or
    a part of another of its words ("health services" of the CAMHS expansion)."""
    if " → " not in term and " ≈ " not in term:
        return concept.quality
    if _form_of(term.split(" → ", 1)[-1].lower(), concept.label):
        return concept.quality  # "child → children": the word itself, in another form
    wholes = [f" {concept.label} ", *(_expanded(other) for other in concept.matched_as)]
    part = any(_expanded(term) in whole and _expanded(term) != whole for whole in wholes)
    return min(concept.quality, QUALITY_APART if part else QUALITY_SYNONYM)


def _form_of(one: str, other: str) -> bool:
    """Whether two folded words are forms of one word that the stemmer keeps apart
    (children, child; evidenced, evidence)."""
    from .lexicon import base_form, forms_apart

    return base_form(one) == other or base_form(other) == one or one in forms_apart(other)


def _matched_terms(
    concepts: list[Concept], subsets: dict[int, frozenset[int]], holders: Holders
) -> dict[int, tuple[str, ...]]:
    """For each message, the words, corrections and expansions it matched: of a concept
    with other words for it, only those this message holds."""
    terms: dict[int, tuple[str, ...]] = {}
    for rowid, subset in subsets.items():
        found: list[str] = []
        for index in sorted(subset):
            matched = [
                term
                for alternative, term in enumerate(concepts[index].matched_as)
                if rowid in holders.get((index, alternative), {rowid})
            ]
            # "protection plan" says nothing more beside "child protection plan".
            found.extend(
                term
                for term in matched
                if not any(
                    other != term and _expanded(term) in _expanded(other) for other in matched
                )
            )
        terms[rowid] = tuple(found)
    return terms


def _stem_of(word: str, stem: str) -> bool:
    """Whether a word of a message is (about) a form of a stemmed query word: family ~
    famili, engagement ~ engag."""
    return word == stem or (len(stem) > 3 and word.startswith(stem[:-1]))


def _together(tokens: list[str], phrase: list[str], seen: dict[str, int]) -> bool:
    """Whether the phrase's words stand in order in the tokens, or all within a window of
    a few more words than the phrase has (as FTS5's NEAR). `seen` remembers, across the
    messages of one query, which phrase word each token is (-1 for none)."""
    size = len(phrase)
    window = 2 * size + 2
    starts = tuple(stem[:3] for stem in phrase)
    marks = []
    for token in tokens:
        mark = seen.get(token)
        if mark is None:
            mark = -1
            if token.startswith(starts):  # a quick test in C before the exact one
                mark = next((i for i, stem in enumerate(phrase) if _stem_of(token, stem)), -1)
            seen[token] = mark
        marks.append(mark)
    wanted = len(set(phrase))
    for start, mark in enumerate(marks):
        if mark < 0:
            continue
        if marks[start : start + size] == list(range(size)):
            return True
        if len(set(marks[start : start + window]) - {-1}) == wanted:
            return True
    return False


def _expanded(term: str) -> str:
    """The expansion part of a matched term ("cpp → child protection plan")."""
    return " " + term.rsplit("→", 1)[-1].strip() + " "


def check_request(query: str, limit: int) -> int:
    """The limit to use; UsageError for an empty query or a limit under 1."""
    if not query.strip():
        raise UsageError(
            "The search query is empty.",
            "Give a word or phrase, e.g. learnref search chronology",
        )
    if limit < 1:
        raise UsageError("--limit must be 1 or more.")
    # No library has a billion messages; a larger --limit would overflow SQLite's integers.
    return min(limit, 1_000_000_000)


def _written_in(word: str, phrases: list[tuple[str, str, int]]) -> bool:
    """Whether a folded word is one of the phrases as written, not only as stems."""
    return any(" ".join(spoken_words(phrase)) == word for phrase, _, _ in phrases)


def _readings(
    typed_key: str, groups: dict[int, list[tuple[str, str, int]]], label: str
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The phrases that mean the same as a typed one (itself first, then its synonym
    groups), and the professional words that it or one of those suggests. Of groups that
    hold the typed stems, those that hold the phrase as typed, if any: "EH" is early help,
    though the stemmer makes it the stem of EHE too."""
    holding = [
        phrases
        for phrases in groups.values()
        if any(key == typed_key and kind == PHRASE_TRIGGER for _, key, kind in phrases)
    ]
    as_typed = [
        phrases
        for phrases in holding
        if any(words(phrase) == label.split() for phrase, _, kind in phrases)
    ]
    same: list[tuple[str, str]] = []
    for phrases in as_typed or holding:
        same.extend((phrase, key) for phrase, key, kind in phrases if kind != PHRASE_SUGGESTED)
    if not same:  # typed as a related word only
        same = [
            next(
                (phrase, key)
                for phrases in groups.values()
                for phrase, key, kind in phrases
                if key == typed_key and kind == PHRASE_RELATED
            )
        ]
    keys = {key for _, key in same}
    suggested = [
        (phrase, key)
        for phrases in groups.values()
        if any(kind == PHRASE_RELATED and key in keys for _, key, kind in phrases)
        for phrase, key, kind in phrases
        if kind == PHRASE_SUGGESTED
    ]
    return same, suggested


def _found_share(concepts: Sequence[Concept], members: Iterable[int], loose: bool) -> float:
    """How many of the query's words these concepts find, a related word (missy ≈ girl)
    counting for less than one the library holds as typed or through the thesaurus, and,
    when the query is `loose` (some word not found, or found only as a related word), a
    suggested professional word too (bleed ≈ injury, in "bleed a radiator")."""
    shares = {QUALITY_RELATED: RELATED_SHARE, QUALITY_SUGGESTED: SUGGESTED_SHARE if loose else 1.0}
    return sum(shares.get(concepts[index].quality, 1.0) for index in members)


def idf(docs: float, total: int) -> float:
    """BM25's inverse document frequency: rare words weigh more."""
    return math.log(1 + (total - docs + 0.5) / (docs + 0.5))


class Index:
    """Ranked search over the FTS5 index of a store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.db = store.db
        store.ensure_search_index()
        row = self.db.execute("SELECT max(rowid) FROM message_theme").fetchone()
        self.total = 0 if row[0] is None else row[0] + 1
        self._vocabulary: set[str] | None = None  # the thesaurus's words, read when needed
        # Corrections already looked up: a typo is met before phrases are read, and again.
        self._corrected: dict[str, tuple[str, int, float] | None] = {}

    def exists(self, expression: str) -> bool:
        """Whether any message matches an FTS5 expression."""
        row = self.db.execute(
            "SELECT 1 FROM message WHERE message MATCH ? LIMIT 1", (expression,)
        ).fetchone()
        return row is not None

    def docs(self, stems: Sequence[str]) -> dict[str, int]:
        """How many messages hold each stemmed word."""
        marks = ",".join("?" * len(stems))
        return dict(
            self.db.execute(f"SELECT term, docs FROM vocabulary WHERE term IN ({marks})", stems)
        )

    # Query understanding.

    def understand(self, query: str) -> Understanding:
        """The query as concepts to match, the words not found and the corrections made."""
        tokens, stems, groups = self._unframed(query)
        tokens, stems, groups, corrections = self._typos_in_phrases(tokens, stems, groups)
        # An age read as a word is named as typed when it is not found ("15 year old").
        typed_ages = {_age_word(m): m[0] for m in AGE.finditer(" ".join(spoken_words(query)))}
        concepts: list[Concept] = []
        unmatched: list[str] = []
        phrase_stems: list[str] = []
        labels: set[str] = set()
        position = 0
        while position < len(tokens) and len(concepts) + len(unmatched) < MAX_CONCEPTS:
            length, concept = self._phrase_at(tokens, stems, position, groups)
            if concept is None and length:
                # A thesaurus or glossary entry is a real word: never a typo or a word start.
                concept = Concept(" ".join(tokens[position : position + length]), (), 0, (), 0)
            if concept is None:
                length, token = 1, tokens[position]
                if token in NEGATIONS:
                    phrase_stems.append(stems[position])
                if token in STOPWORDS or token in NEGATIONS or token in labels or _fragment(token):
                    position += 1
                    continue
                concept = self._resolve_word(token, stems[position], corrections)
            phrase_stems.extend(stems[position : position + length])
            position += length
            if concept.label in labels:
                continue  # typed twice ("LADO LADO"): asked for once
            labels.add(concept.label)
            if concept.expressions:
                concepts.append(_weighed(concept))
            elif not _number(concept.label):
                unmatched.append(typed_ages.get(concept.label, concept.label))
        typical = sum(c.weight for c in concepts) / len(concepts) if concepts else 1.0
        ignored = _meaningful(tokens[position:])  # past the first six
        return Understanding(
            concepts,
            unmatched,
            typical * UNMATCHED_WEIGHT,
            corrections,
            phrase_stems,
            ignored,
        )

    def _unframed(self, query: str) -> tuple[list[str], list[str], Groups]:
        """The query's words without their framing, their stems and the thesaurus groups
        they are in; but the framing stays when a thesaurus phrase begins with it and runs
        on past it ("does a runner", "who should I ring")."""
        tokens, framing = framed_words(query, letters=True)
        stems = stem_phrases(self.db, tokens) if tokens else []
        groups = self._equivalents(stems)
        if framing and self._phrase_at(tokens, stems, 0, groups)[0] <= framing:
            tokens, stems = tokens[framing:], stems[framing:]
        return tokens, stems, groups

    def _typos_in_phrases(
        self, tokens: list[str], stems: list[str], groups: Groups
    ) -> tuple[list[str], list[str], Groups, dict[str, str]]:
        """The words with typos corrected before phrases are read, and those corrections:
        where the correction makes a thesaurus or glossary phrase with the words beside it
        ("young preson" is the phrase "young person", not two words), and where a thesaurus
        word is nearer than any library word ("dipaers" is "diapers", which the thesaurus
        links to the library's words, not "differences")."""
        corrections: dict[str, str] = {}
        for position, token in enumerate(tokens):
            if not self._typo_candidate(token):
                continue
            correction = self._correction(token, stems[position])
            nearer = None
            if correction is None or correction[2] > 1:
                beyond = correction[2] if correction else max_typo_distance(token) + 1
                nearer = self._thesaurus_correction(token, beyond)
            word = nearer or (correction[0] if correction else None)
            if word is None:
                continue
            trial = [*tokens[:position], word, *tokens[position + 1 :]]
            trial_stems = [
                *stems[:position],
                *stem_phrases(self.db, [word]),
                *stems[position + 1 :],
            ]
            trial_groups = self._equivalents(trial_stems)
            if nearer is not None or self._phrase_over(trial, trial_stems, trial_groups, position):
                tokens, stems, groups = trial, trial_stems, trial_groups
                corrections[token] = word
        return tokens, stems, groups, corrections

    def _phrase_over(
        self, tokens: list[str], stems: list[str], groups: Groups, position: int
    ) -> bool:
        """Whether a thesaurus or glossary phrase of two words or more covers a position."""
        for start in range(max(0, position - MAX_PHRASE_REACH), position + 1):
            length = self._phrase_at(tokens, stems, start, groups)[0]
            if length >= 2 and start + length > position:
                return True
        return False

    def _thesaurus_correction(self, token: str, beyond: float) -> str | None:
        """The thesaurus word (of a synonym, glossary or related phrase) closest to a typo,
        by the rules of a library correction, if nearer than `beyond`; else None."""
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        distance = min(max_typo_distance(token), math.ceil(beyond) - 1)
        if distance < 1 or token in self._thesaurus_words():
            return None  # not near enough to beat a library word, or no typo at all
        words = [
            word for word in self._thesaurus_words() if abs(len(word) - len(token)) <= distance
        ]
        near = [
            (word, apart)
            for word, apart, _ in process.extract(
                token, words, scorer=OSA.distance, score_cutoff=distance, limit=None
            )
            # A slip seldom hits the first letter ("descale" is no "escape"); and a word the
            # library holds in some form is corrected as a library word.
            if word[:1] == token[:1] and not self.exists(_quoted(word))
        ]
        if not near:
            return None
        best = min(near, key=lambda m: (m[1], len(m[0]) < len(token), m[0]))
        return str(best[0])

    def _thesaurus_words(self) -> set[str]:
        """Every word of the phrases people type that the thesaurus and glossary hold."""
        if self._vocabulary is None:
            rows = self.db.execute(
                "SELECT phrase FROM equivalent WHERE kind IN (?, ?)",
                (PHRASE_TRIGGER, PHRASE_RELATED),
            )
            self._vocabulary = {
                word for (phrase,) in rows for word in spoken_words(phrase) if word.isalpha()
            }
        return self._vocabulary

    def _typo_candidate(self, token: str) -> bool:
        """Whether a word could be a typo: long enough, letters only, not in the library
        and not an English word."""
        if len(token) < MIN_TYPO_LENGTH or not token.isalpha() or token in STOPWORDS:
            return False
        if self.exists(_quoted(token)):
            return False
        from .lexicon import is_english_word

        return not is_english_word(token)

    def _equivalents(self, stems: list[str]) -> dict[int, list[tuple[str, str, int]]]:
        """The thesaurus, glossary and related-word groups that a query word may start,
        and the related entries of the synonyms of those words: {group: phrases}."""
        if not stems:
            return {}
        marks = ",".join("?" * len(stems))
        groups = self._groups(
            f"SELECT DISTINCT grp FROM equivalent WHERE kind IN ({PHRASE_TRIGGER}, "
            f"{PHRASE_RELATED}) AND first IN ({marks})",
            stems,
        )
        # "grandma" suggests what "gran" does: a related entry lists one word of a group.
        keys = sorted(
            {
                key
                for phrases in groups.values()
                for _, key, kind in phrases
                if kind in (PHRASE_TRIGGER, PHRASE_HEART)
            }
        )
        if keys:
            firsts = sorted({key.split()[0] for key in keys})
            # By first word too, so that the index on it is used: no scan of every row.
            groups |= self._groups(
                f"SELECT DISTINCT grp FROM equivalent WHERE kind = {PHRASE_RELATED} "
                f"AND first IN ({','.join('?' * len(firsts))}) "
                f"AND stems IN ({','.join('?' * len(keys))})",
                [*firsts, *keys],
            )
        return groups

    def _groups(self, select: str, values: Sequence[str]) -> dict[int, list[tuple[str, str, int]]]:
        """The phrases of the groups a query selects, as {group: [(phrase, stems, kind)]}."""
        group_ids = [row[0] for row in self.db.execute(select, values)]
        groups: dict[int, list[tuple[str, str, int]]] = {}
        if group_ids:
            ids = ",".join(map(str, group_ids))
            for grp, phrase, key, kind in self.db.execute(
                f"SELECT grp, phrase, stems, kind FROM equivalent WHERE grp IN ({ids}) "
                "ORDER BY rowid"
            ):
                groups.setdefault(grp, []).append((phrase, key, kind))
        return groups

    def _phrase_at(
        self,
        tokens: list[str],
        stems: list[str],
        position: int,
        groups: dict[int, list[tuple[str, str, int]]],
    ) -> tuple[int, Concept | None]:
        """The longest thesaurus or glossary phrase typed at `position` that reads as a
        concept; a shorter one when a longer one falls back to its words ("dad" of "dad
        drinks" is still the `dad` of its synonym group)."""
        typed: dict[str, int] = {}  # key -> group, of each phrase typed at the position
        for grp, phrases in groups.items():
            for phrase, key, kind in phrases:
                parts = key.split()
                if kind in (PHRASE_TRIGGER, PHRASE_RELATED) and (
                    stems[position : position + len(parts)] == parts
                ):
                    # Of two groups with the same stems (EHE, EH), the one holding the
                    # phrase as typed.
                    as_typed = words(phrase) == tokens[position : position + len(parts)]
                    if key not in typed or as_typed:
                        typed[key] = grp
        for typed_key in sorted(typed, key=lambda key: -len(key.split())):
            length = len(typed_key.split())
            label = " ".join(tokens[position : position + length])
            if length == 1 and (label in STOPWORDS or label in NEGATIONS):
                continue
            if length == 1 and not _written_in(label, groups[typed[typed_key]]):
                from .lexicon import is_english_word

                if not is_english_word(label):
                    # Only its stem is in the thesaurus ("excusion" ~ "excuses"): a typo, to
                    # be corrected ("exclusion"), not another form of a thesaurus word.
                    continue
            found = self._phrase_concept(label, typed_key, groups)
            if found != (0, None):
                return found
        return 0, None

    def _phrase_concept(
        self, label: str, typed_key: str, groups: dict[int, list[tuple[str, str, int]]]
    ) -> tuple[int, Concept | None]:
        """A typed thesaurus, glossary or related phrase as a concept, nearest reading
        first: the phrase or another of its group; all its words apart; the professional
        words it suggests; its words one by one. (0, None) asks for the last."""
        length = len(label.split())
        same, suggested = _readings(typed_key, groups, label)
        concept = self._found_among(label, typed_key, same, QUALITY_SYNONYM)
        if concept is None and length > 1:
            # A phrase the thesaurus or glossary knows ("bruised baby", "won't let me in")
            # is one thing asked for: a message holding all of its words is the nearest.
            concept = self._words_apart(label, typed_key)
        if concept is None:
            concept = self._found_among(label, typed_key, suggested, QUALITY_SUGGESTED)
        if concept is not None:
            concept = concept._replace(known=True)
        if concept is None and length > 1:
            # Then, when it has two or more meaningful words, each of them. A phrase of one
            # meaningful word is not read alone: "child in need" would match "child"
            # anywhere; it is not found.
            meaningful = [word for word in label.split() if word not in STOPWORDS]
            if len(meaningful) > 1 and any(self.exists(_quoted(word)) for word in meaningful):
                return 0, None
            return length, Concept(label, (), 0.0, (), 0.0)
        return length, concept

    def _words_apart(self, label: str, key: str) -> Concept | None:
        """A phrase as all of its words anywhere in a message; None when no message holds
        them all."""
        expression = " AND ".join(_quoted(word) for word in label.split())
        if not self.exists(expression):
            return None
        return Concept(label, (expression,), QUALITY_APART, (label,), self._weight([key]))

    def _found_among(
        self, label: str, typed_key: str, phrases: list[tuple[str, str]], quality: float
    ) -> Concept | None:
        """A concept of the phrases the library holds, the typed one first; None for none.
        Another word for it is shown `→`, a looser one `≈`."""
        sign = "→" if quality == QUALITY_SYNONYM else "≈"
        expressions: list[str] = []
        matched: list[str] = []
        found_keys: list[str] = []
        seen: set[str] = set()
        typed_found = False
        for phrase, key in phrases:
            if key in seen:
                continue
            seen.add(key)
            # The words as written: FTS5 stems them itself (a stem stemmed again can shrink).
            # A looser match (suggested, or read through phrases) takes them close together.
            expression = (
                _quoted(" ".join(spoken_words(phrase)))
                if quality == QUALITY_SYNONYM
                else _near(phrase)
            )
            if not self.exists(expression):
                continue
            found_keys.append(key)
            if key == typed_key:
                typed_found = True
                expressions.insert(0, expression)
                matched.insert(0, label)
            else:
                expressions.append(expression)
                matched.append(f"{label} {sign} {phrase}")
        if not expressions:
            return None
        quality = QUALITY_EXACT if typed_found else quality
        weight = self._weight(found_keys)
        if quality == QUALITY_SUGGESTED:
            weight = sum(self._weight([key]) for key in found_keys) / len(found_keys)
        return Concept(label, tuple(expressions), quality, tuple(matched), weight)

    def _weight(self, keys: list[str]) -> float:
        """IDF of a set of alternatives (each given as its stems): a phrase is as rare as its
        rarest word, and alternatives together as common as the sum of their counts."""
        counts = self.docs(sorted({stem for key in keys for stem in key.split()}))
        total = sum(min(counts.get(stem, 0) for stem in key.split()) for key in keys)
        return idf(min(max(total, 1), self.total), self.total)

    def _resolve_word(self, token: str, stem: str, corrections: dict[str, str]) -> Concept:
        """One word: itself (or another form of it), else, when it is not an English word,
        a typo fix into a library word or the start of longer words."""
        found = self.exists(_quoted(token))
        if len(token) < MIN_TYPO_LENGTH or token.isdigit() or not token.isalpha():
            return self._exact(token, stem, found)
        if found and self.store.has_word(token):
            return self._exact(token, stem, found)
        from .lexicon import is_english_word

        if is_english_word(token):
            return self._exact(token, stem, found) if found else self._irregular(token, stem)
        return self._not_english(token, stem, found, corrections)

    def _not_english(
        self, token: str, stem: str, found: bool, corrections: dict[str, str]
    ) -> Concept:
        """A word that is not English: slang the thesaurus knows, else a typo fix into a
        library word, else the start of longer words, else itself."""
        correction = self._correction(token, stem)
        # A word one slip from a library word is taken for a phrase's word only when the
        # phrase holds it as typed: "contine" is "continue", though its stem is continence's.
        one_slip = correction is not None and correction[2] <= 1
        part = None if found else self._phrase_part(token, stem, as_typed=one_slip)
        if part is not None:
            return part  # a word people type ("pics"), known to the thesaurus: no typo
        # Not English and not written so in the library: "excusion" shares only a stem
        # with "excuse"; the typo fix "exclusion" is what was meant.
        if correction is not None:
            word, docs, _ = correction
            corrections[token] = word
            # A typo of a library word: what was meant is surely in the briefings' terms.
            return Concept(
                token, (_quoted(word),), QUALITY_TYPO, (word,), idf(docs, self.total), known=True
            )
        if not found and self.exists(_quoted(token) + "*"):
            prefix = (_quoted(token) + "*",)
            return Concept(
                token, prefix, QUALITY_PREFIX, (token + "…",), idf(1, self.total), known=True
            )
        return self._exact(token, stem, found)

    def _irregular(self, token: str, stem: str) -> Concept:
        """An English word the library lacks as written: another form of it that the stemmer
        cannot see (shaken -> shake, evidenced -> evidence, women -> woman), else what the
        thesaurus phrases
        holding it mean, else its related English words."""
        from .lexicon import base_form, forms_apart

        base = base_form(token)
        forms = [base] if base is not None else []
        forms += forms_apart(token)  # "evidenced": the stemmer's evidenc, not evidence's evid
        held = [form for form in forms if self.exists(_quoted(form))][:MAX_RELATED]
        if held:
            return Concept(
                token,
                tuple(_quoted(form) for form in held),
                QUALITY_EXACT,
                tuple(f"{token} → {form}" for form in held),
                self._weight(stem_phrases(self.db, held)),
            )
        part = self._phrase_part(token, stem, MAX_PHRASE_PARTS_ENGLISH)
        return part if part is not None else self._related(token)

    def _phrase_part(
        self, token: str, stem: str, most: int = MAX_PHRASE_PARTS, *, as_typed: bool = False
    ) -> Concept | None:
        """A word the library lacks that a few thesaurus phrases hold ("dossed", of "dossing at
        mates"): the library's words for what those phrases mean, as loose suggestions.
        `as_typed`: only where a phrase holds the word as typed, not only its stem."""
        ids = [
            row[0]
            for row in self.db.execute(
                "SELECT grp FROM equivalent WHERE first = ? AND kind IN (?, ?) "
                "AND instr(stems, ' ') UNION SELECT grp FROM phrase_word WHERE word = ? LIMIT ?",
                (stem, PHRASE_TRIGGER, PHRASE_RELATED, stem, most + 1),
            )
        ]
        if not ids or len(ids) > most:
            return None  # in no phrase, or in so many that it says little by itself
        groups = self._groups(
            f"SELECT grp FROM equivalent WHERE grp IN ({','.join(map(str, ids))})", ()
        )
        if as_typed and not any(
            token in spoken_words(phrase) for phrases in groups.values() for phrase, _, _ in phrases
        ):
            return None
        meanings: list[tuple[str, str]] = []
        for phrases in groups.values():
            suggested = [(p, k) for p, k, kind in phrases if kind == PHRASE_SUGGESTED]
            meanings += suggested or [(p, k) for p, k, kind in phrases if kind != PHRASE_RELATED]
        return self._found_among(token, "", meanings, QUALITY_RELATED)

    def _related(self, token: str) -> Concept:
        """An English word the library lacks, as the related words it holds (missy ≈
        girl), or a miss when it holds none of them."""
        from .lexicon import related_words

        found = [word for word in related_words(token) if self.exists(_quoted(word))]
        if not found:
            return Concept(token, (), 0.0, (), 0.0)
        found = found[:MAX_RELATED]
        stems = stem_phrases(self.db, found)
        return Concept(
            token,
            tuple(_quoted(word) for word in found),
            QUALITY_RELATED,
            tuple(f"{token} ≈ {word}" for word in found),
            self._weight(stems),
        )

    def _exact(self, token: str, stem: str, found: bool) -> Concept:
        """The word as typed (or another form of it), or a miss when the library lacks it."""
        if not found:
            return Concept(token, (), 0.0, (), 0.0)
        docs = self.docs([stem]).get(stem, 1)
        titled = self.db.execute(
            "SELECT 1 FROM theme_title WHERE theme_title MATCH ? LIMIT 1", (_quoted(token),)
        ).fetchone()
        return Concept(
            token,
            (_quoted(token),),
            QUALITY_EXACT,
            (token,),
            idf(docs, self.total),
            known=titled is not None,
        )

    def _correction(self, token: str, stem: str) -> tuple[str, int, float] | None:
        """The library word closest to a misspelt one (see `_nearest_word`), looked up once."""
        if token not in self._corrected:
            self._corrected[token] = self._nearest_word(token, stem)
        return self._corrected[token]

    def _nearest_word(self, token: str, stem: str) -> tuple[str, int, float] | None:
        """The library word closest to a misspelt one, within the distance its length
        allows (as written, or as stems one further: "cronology" ~ "chronologies"), how
        many messages hold it, and how far it is. Two letters swapped are one slip
        ("fahter" is "father", not "after"). Among the nearest, a word that starts with the
        same letter wins, then one no shorter than the typo (a letter left out is a commoner
        slip than one added: "withn" is "within", not "with"), then the more common."""
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        distance = max_typo_distance(token)
        rows = self.store.words_near(len(token), len(stem), distance)
        apart: dict[int, float] = {}
        # A word as written counts before a match of stems alone (excusion: exclusion, not
        # excuse, whose stem "excus" it shares).
        # A word that is not English is almost surely a typo, so stems may be as far apart as
        # words ("chronolgy" ~ "chronologies": stems chronolgi ~ chronolog).
        for choices, query, extra in (
            ([row[0] for row in rows], token, 0.0),
            ([row[1] for row in rows], stem, 1.5),
        ):
            for _, found, index in process.extract(
                query,
                choices,
                scorer=OSA.distance,
                score_cutoff=distance,
                limit=None,
            ):
                if extra and choices[index][:1] != query[:1]:
                    # Stems far apart as words must at least start alike: "descale" is
                    # not a typo of "escalation" (stems descal ~ escal).
                    continue
                apart[index] = min(apart.get(index, distance + 1), found + extra)
        if not apart:
            return None
        best = min(
            apart,
            key=lambda index: (
                apart[index],
                rows[index][0][:1] != token[:1],
                len(rows[index][0]) < len(token),
                -rows[index][2],
                rows[index][0],
            ),
        )
        return rows[best][0], rows[best][2], apart[best]

    # Ranking.

    def search(
        self,
        query: str,
        *,
        limit: int = 10,
        theme: str | None = None,
        briefing: str | None = None,
        rerank: Reranker | None = None,
    ) -> SearchResult:
        """Rank the key messages for a query; the best first, none below the score floor.
        A `rerank` (the optional model of meaning) reorders the keyword results of a query
        that asks for two things or more; it never decides whether a query is answered."""
        limit = check_request(query, limit)
        reading = self.understand(query)
        unmatched = tuple(reading.unmatched)
        asked = len(reading.concepts) + len(unmatched)
        # With nothing to show, a word matched only by a related word was not found either.
        missed = unmatched + tuple(
            c.label for c in reading.concepts if c.quality == QUALITY_RELATED
        )
        direct = sum(c.quality != QUALITY_RELATED for c in reading.concepts)
        loose = bool(unmatched) or direct < len(reading.concepts)
        if not direct or _found_share(reading.concepts, range(len(reading.concepts)), loose) < (
            MIN_FOUND * asked
        ):
            return SearchResult(query, (), reading.corrections, missed).told(reading)
        where = self.filter_sql(theme, briefing)
        if where is None:
            return SearchResult(query, (), reading.corrections, unmatched).told(reading)
        # Explored as for at least the default ten results, so that a smaller --limit lists
        # the same first results as the default does.
        found = self._by_coverage(reading, max(limit, DEFAULT_LIMIT), where)
        if direct < MIN_FOUND * asked:
            # Related words made up the half: only a message that holds enough of the query
            # by itself answers it (one shared everyday word and a loose relative do not).
            found = {
                rowid: row
                for rowid, row in found.items()
                if _found_share(reading.concepts, row[0], loose) >= MIN_FOUND * asked
            }
        found = _beside_a_miss(reading, self._answerable(reading, found))
        if rerank is not None and asked >= 2:
            # One word or one phrase leaves meaning nothing to weigh that the keywords have
            # not (and a spelled-out acronym would lose to messages that only sound alike).
            hits = rerank(query, self._assemble(query, reading, found, max(limit, DEFAULT_LIMIT)))
            hits = hits[:limit]
        else:
            hits = self._assemble(query, reading, found, limit)
        result = SearchResult(query, hits, reading.corrections, unmatched if hits else missed)
        return result.told(reading)

    def _answerable(
        self, reading: Understanding, found: dict[int, tuple[frozenset[int], float, float]]
    ) -> dict[int, tuple[frozenset[int], float, float]]:
        """The messages that may answer, by what makes the query one of safeguarding."""
        concepts = reading.concepts
        if any(c.known and not _everyday_setting(c.label) for c in concepts):
            return found
        whole = not reading.unmatched and any(
            len(row[0]) == len(concepts) for row in found.values()
        )
        if any(c.known for c in concepts) and not whole:
            # Known only as an everyday setting (baby, school, meeting): a message must hold
            # it with something else the query asks, and half of the query, to answer.
            asked = len(concepts) + len(reading.unmatched)
            return {
                rowid: row
                for rowid, row in found.items()
                if len(row[0]) >= 2
                and any(not _everyday_setting(concepts[i].label) for i in row[0])
                and len(row[0]) >= MIN_FOUND * asked
            }
        if whole:
            return found
        # No word of safeguarding, and no message holds the whole query: everyday words met
        # here and there ("train times to london") answer nothing.
        return {}

    def filter_sql(self, theme: str | None, briefing: str | None) -> str | None:
        """The SQL condition keeping a theme's or briefing's messages ("" for all);
        None when the filter leaves no message."""
        if theme is None and briefing is None:
            return ""
        ranges = self.store.message_range(theme, briefing)
        if not ranges:
            return None
        return (
            " AND ("
            + " OR ".join(f"rowid BETWEEN {int(first)} AND {int(last)}" for first, last in ranges)
            + ")"
        )

    def _subsets(self, reading: Understanding) -> list[tuple[float, frozenset[int]]]:
        """Sets of concepts that cover at least half of the query, best coverage first."""
        concepts = reading.concepts
        asked = len(concepts) + len(reading.unmatched)
        total = sum(c.weight for c in concepts) + reading.unmatched_weight * len(reading.unmatched)
        subsets = []
        for size in range(len(concepts), 0, -1):
            if size < MIN_MESSAGE * asked:
                break
            for combination in combinations(range(len(concepts)), size):
                covered = sum(concepts[i].quality * concepts[i].weight for i in combination)
                subsets.append((covered / total if total else 0.0, frozenset(combination)))
        subsets.sort(key=lambda item: (-item[0], -len(item[1]), sorted(item[1])))
        return subsets

    def _by_coverage(
        self, reading: Understanding, limit: int, where: str
    ) -> dict[int, tuple[frozenset[int], float, float]]:
        """Messages matching the most of the query, as {rowid: (concepts, coverage, bm25)}.

        Each set of concepts, from the best coverage down, is one FTS5 AND query ranked by
        BM25, so a message is first met with everything it matches. It stops once no
        message further down could score into the top `limit`.
        """
        concepts = reading.concepts
        found: dict[int, tuple[frozenset[int], float, float]] = {}
        best_scores: list[float] = []
        for coverage, members in self._subsets(reading):
            if len(best_scores) >= limit:
                # The most a message matching only this subset could score, with every bonus.
                ceiling = 100 * (WEIGHT_COVERAGE * coverage + 1 - WEIGHT_COVERAGE)
                if ceiling < sorted(best_scores, reverse=True)[limit - 1]:
                    break
            expression = " AND ".join(f"({concepts[index].match})" for index in sorted(members))
            rows = self.db.execute(
                f"SELECT rowid, bm25(message, 1.0, {CONTEXT_WEIGHT}) AS relevance FROM message "
                f"WHERE message MATCH ?{where} ORDER BY relevance LIMIT ?",
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

    def _assemble(
        self,
        query: str,
        reading: Understanding,
        found: dict[int, tuple[frozenset[int], float, float]],
        limit: int,
    ) -> tuple[Hit, ...]:
        """Score the messages found, keep the best `limit` above the floor, as hits."""
        if not found:
            return ()
        concepts = reading.concepts
        rowids = _contenders(found, limit)
        alone = len(concepts) + len(reading.unmatched) == 1
        in_text = self._in_text(concepts, rowids) if alone else {}
        nearest = self._nearest(concepts, rowids)
        phrase = self._phrase_matches(reading.phrase_stems, rowids)
        themes = self.store.theme_positions(rowids)
        titled = self._title_matches(concepts, set(themes.values()))
        scored = []
        for rowid in rowids:
            subset, coverage, relevance = found[rowid]
            coverage -= _indirect_loss(reading, rowid, subset, nearest, in_text)
            said = subset
            if alone:
                # One thing asked: a theme's title counts only beside the message saying it.
                said = frozenset(i for i in subset if rowid in in_text.get(i, {rowid}))
            score = 100 * (
                WEIGHT_COVERAGE * coverage
                + WEIGHT_BM25 * relevance
                + WEIGHT_PHRASE * (rowid in phrase)
                + WEIGHT_TITLE * len(titled.get(themes[rowid], set()) & said) / len(concepts)
            )
            if score < MIN_SCORE:
                continue
            scored.append((-round(score, 6), -coverage, -relevance, rowid, subset, score))
        scored.sort()
        chosen = scored[:limit]
        rowids = [row[3] for row in chosen]
        messages = dict(zip(rowids, self.store.messages(rowids), strict=True))
        all_concepts = " OR ".join(f"({c.match})" for c in concepts)
        spans = self._spans(all_concepts, messages)
        holders = self._holders(concepts, rowids)
        terms = _matched_terms(concepts, {row[3]: row[4] for row in chosen}, holders)
        return tuple(
            Hit(rank, round(score), messages[rowid], terms[rowid], spans.get(rowid, ()))
            for rank, (_, _, _, rowid, _, score) in enumerate(chosen, start=1)
        )

    def _nearest(self, concepts: list[Concept], rowids: list[int]) -> Nearest:
        """Of each concept whose other words are not all as near as each other (the word
        itself, another word for it, part of one), how near the nearest that each of these
        messages holds is: one query for each degree of nearness but the last."""
        ids = ",".join(map(str, rowids))
        nearest: Nearest = {}
        for index, concept in enumerate(concepts):
            nearness = [_term_quality(term, concept) for term in concept.matched_as]
            levels = sorted(set(nearness), reverse=True)
            if len(concept.expressions) < 2 or len(levels) < 2:
                continue
            held: dict[int, float] = {}
            for level in levels[:-1]:
                expression = " OR ".join(
                    f"({expression})"
                    for expression, near in zip(concept.expressions, nearness, strict=True)
                    if near == level
                )
                for rowid in self._within(expression, ids):
                    held.setdefault(rowid, level)
            nearest[index] = (held, levels[-1])
        return nearest

    def _in_text(self, concepts: list[Concept], rowids: list[int]) -> dict[int, set[int]]:
        """Of each concept, which of these messages hold it in their own text (the rest
        hold it only in their theme's words)."""
        ids = ",".join(map(str, rowids))
        return {
            index: set(self._within(f"text : ({concept.match})", ids))
            for index, concept in enumerate(concepts)
        }

    def _holders(self, concepts: list[Concept], rowids: list[int]) -> Holders:
        """Of each concept with other words for it, which of these messages hold each."""
        ids = ",".join(map(str, rowids))
        return {
            (index, alternative): set(self._within(expression, ids))
            for index, concept in enumerate(concepts)
            if len(concept.expressions) > 1
            for alternative, expression in enumerate(concept.expressions)
        }

    def _spans(
        self, expression: str, messages: dict[int, Message]
    ) -> dict[int, tuple[tuple[int, int], ...]]:
        """Character spans of the matched words in each message's text as written, from
        FTS5's highlight() on the folded text."""
        if not messages:
            return {}
        ids = ",".join(map(str, messages))
        spans: dict[int, tuple[tuple[int, int], ...]] = {}
        for rowid, marked in self.db.execute(
            "SELECT rowid, highlight(message, 0, char(1), char(2)) FROM message "
            f"WHERE message MATCH ? AND rowid IN ({ids})",
            (expression,),
        ):
            _, origin = fold_with_offsets(messages[rowid].text)
            last = len(origin) - 1
            found: list[tuple[int, int]] = []
            plain = start = 0
            for char in marked:
                if char == "\x01":
                    start = plain
                elif char == "\x02":
                    found.append((origin[min(start, last)], origin[min(plain, last)]))
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

    def _phrase_matches(self, phrase: list[str], rowids: list[int]) -> set[int]:
        """Messages holding the query's meaningful words together: in order, or all within
        a few words of each other. Checked on the candidates' own words, which costs far
        less than an FTS5 NEAR query over the whole index."""
        if len(phrase) < 2:
            return set()
        marks = ",".join(map(str, rowids))
        seen: dict[str, int] = {}
        return {
            rowid
            for rowid, text in self.db.execute(
                f"SELECT id, c0 FROM message_content WHERE id IN ({marks})"
            )
            if _together(_WORDS.findall(text), phrase, seen)
        }

    def _title_matches(self, concepts: list[Concept], themes: set[int]) -> dict[int, set[int]]:
        """For each of these themes, which concepts its title holds (every word of one of a
        concept's alternatives, in any form)."""
        marks = ",".join(map(str, themes))
        matches: dict[int, set[int]] = {}
        for theme_pos, title in self.db.execute(
            f"SELECT id, c0 FROM theme_title_content WHERE id IN ({marks})"
        ):
            tokens = _WORDS.findall(title)
            for index, concept in enumerate(concepts):
                if any(
                    all(any(_stem_of(token, word) for token in tokens) for word in alternative)
                    for alternative in (_WORDS.findall(e) for e in concept.expressions)
                ):
                    matches.setdefault(theme_pos, set()).add(index)
        return matches

    # When nothing matches.

    def suggestions(self, query: str) -> tuple[Suggestion, ...]:
        """Themes and briefings that the query's words (or their glossary and thesaurus
        expansions) name, then the command that lists everything."""
        from .suggest import suggestions

        return suggestions(self.store, self._wanted_stems(query))

    def _wanted_stems(self, query: str) -> set[str]:
        """The stems of the query's meaningful words and of what they expand to."""
        # Who the query is about names no theme: "kids" must not point to "Child Sexual Abuse".
        tokens = [
            t for t in query_words(query) if t not in STOPWORDS | NEGATIONS and t not in PEOPLE
        ]
        if not tokens:
            return set()
        stems = stem_phrases(self.db, tokens)
        wanted = set(stems)
        for phrases in self._equivalents(stems).values():
            # Only one-word equivalents: a phrase's words apart ("missing" + "child") would
            # point to themes that mention one of them in passing.
            # Synonyms and glossary expansions only: what an everyday word suggests
            # ("violent": abuse) is a looser lead than a theme's own name.
            wanted.update(
                key
                for _, key, kind in phrases
                if " " not in key and kind in (PHRASE_TRIGGER, PHRASE_HEART)
            )
        return {stem for stem in wanted if stem not in STOPWORDS | NEGATIONS and len(stem) > 2}


def require_hits(result: SearchResult) -> SearchResult:
    """The result, or a NotFoundError saying nothing matched and what exists instead."""
    if result.hits:
        return result
    found_words = words(result.query)
    if not found_words:
        raise NotFoundError(
            f"Nothing found for '{shown(result.query)}': it has no words to search for.",
            "Search for words, e.g. learnref search chronology",
        )
    meaningful = [w for w in query_words(result.query) if w not in STOPWORDS | NEGATIONS]
    if not meaningful:
        raise NotFoundError(
            f"Nothing found for '{shown(result.query)}': it has only common words.",
            "Search for the words that matter, e.g. learnref search chronology",
        )
    lines = []
    if result.unmatched_terms:
        lines.append("not found: " + ", ".join(result.unmatched_terms))
    if result.ignored_terms:
        lines.append(NOT_SEARCHED + ", ".join(result.ignored_terms))
    for suggestion in result.suggestions:
        if suggestion.kind == "command":
            lines.append(f"{suggestion.title} with: {suggestion.command}")
        else:
            lines.append(f"See the {suggestion.kind} '{suggestion.title}': {suggestion.command}")
            if suggestion.detail:
                lines.append(f"  {suggestion.detail}")
    raise NotFoundError(
        f"No key message matches '{shown(result.query)}'.",
        "\n".join(lines) or "Try fewer or other words, or see the themes with: learnref list",
    )
