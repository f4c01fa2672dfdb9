"""Text folding for search: one function for the query and for what goes into the index.

NFKC turns compatibility characters into plain ones (the PDF ligature "ﬁ" into "fi",
full-width "ＭＡＳＨ" into "MASH"), casefold lowers case the Unicode way ("Maße" into
"masse"), and combining marks are stripped ("café" into "cafe"). The index is fed folded
text, so a word is found however the message or the query spells it; `fold_with_offsets`
maps a position in folded text back to the original, for highlighting.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

WORD = re.compile(r"\w+")  # a word of folded text


def fold(text: str) -> str:
    """Text folded for search: NFKC, casefolded, without combining marks."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    return unicodedata.normalize(
        "NFC", "".join(char for char in decomposed if not unicodedata.combining(char))
    )


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    return fold(char)


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """The folded text, and for each of its characters (and its end) the original offset."""
    if text.isascii():
        return text.lower(), list(range(len(text) + 1))
    pieces: list[str] = []
    origin: list[int] = []
    for offset, char in enumerate(text):
        piece = _fold_char(char)
        pieces.append(piece)
        origin.extend([offset] * len(piece))
    origin.append(len(text))
    return "".join(pieces), origin


def words(text: str) -> list[str]:
    """The words of a text, folded; underscores and punctuation separate words."""
    return WORD.findall(fold(text).replace("_", " "))


# What contractions and possessives stand for, before the query is split into words.
_CONTRACTIONS = (
    (re.compile(r"\b(can)'?t\b"), r"\1 not"),
    (re.compile(r"\bwon'?t\b"), "will not"),
    (re.compile(r"\bshan'?t\b"), "shall not"),
    (re.compile(r"\b(\w+)n't\b"), r"\1 not"),
    (
        re.compile(
            r"\b(is|are|was|were|do|does|did|has|have|had|could|should|would|must|need)nt\b"
        ),
        r"\1 not",
    ),
    (re.compile(r"\b(\w+)'re\b"), r"\1 are"),
    (re.compile(r"\b(\w+)'ve\b"), r"\1 have"),
    (re.compile(r"\b(\w+)'ll\b"), r"\1 will"),
    (re.compile(r"\b(\w+)'d\b"), r"\1 would"),
    (re.compile(r"\bi'm\b"), "i am"),
    (re.compile(r"\b(\w+)'s?\b"), r"\1"),  # mum's, parents' -> mum, parents
)
# Contractions written without an apostrophe: the only ones a text without one can hold.
_BARE_CONTRACTION = re.compile(
    r"\b(?:cant|wont|shant|(?:is|are|was|were|do|does|did|has|have|had|could|should|would|"
    r"must|need)nt)\b"
)
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})


def spoken_words(text: str) -> list[str]:
    """The words of text as a person means them: folded, contractions expanded ("isn't"
    -> "is not", "won't" -> "will not"), possessive endings dropped ("mum's" -> "mum")."""
    text = fold(text).translate(_APOSTROPHES)
    if "'" not in text and not _BARE_CONTRACTION.search(text):
        return words(text)  # nothing to expand: most text, and every thesaurus entry but few
    for pattern, replacement in _CONTRACTIONS:
        text = pattern.sub(replacement, text)
    return words(text)
