"""English words, to tell a typo from a real word: only a typo is ever corrected.

The list (SCOWL size 50 via Debian's wbritish, 73,000 words, 200 KB gzipped; licence in
english-words.LICENSE.txt) ships inside the package and is read only when a query word is
not in the library's index, so most searches never load it.
"""

from __future__ import annotations

import gzip
from functools import lru_cache
from pathlib import Path

WORD_LIST = Path(__file__).resolve().parent / "english-words.txt.gz"


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Every word of the list, lowercased and without accents."""
    try:
        return frozenset(gzip.decompress(WORD_LIST.read_bytes()).decode("ascii").split())
    except (OSError, ValueError):  # pragma: no cover - a broken install: correct nothing
        return frozenset()


def is_english_word(word: str) -> bool:
    """Whether a folded word is a real English word, or a regular form of one (teddies,
    cushions, sorted, hanging)."""
    known = english_words()
    if word in known:
        return True
    return any(
        word.endswith(ending) and word[: len(word) - len(ending)] + base in known
        for ending, base in _REGULAR_FORMS
    )


# Regular endings and what the word ends with without them: teddies -> teddy.
_REGULAR_FORMS = (
    ("s", ""),
    ("es", ""),
    ("ies", "y"),
    ("ed", ""),
    ("ed", "e"),
    ("ied", "y"),
    ("ing", ""),
    ("ing", "e"),
    ("ly", ""),
    ("er", ""),
    ("ers", ""),
)
