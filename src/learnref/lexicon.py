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
def _word_list() -> bytes:
    """The list as one block of newline-separated words, with a newline at each end:
    searching it for "\nword\n" costs a fraction of a millisecond, less than building a set."""
    try:
        return b"\n" + gzip.decompress(WORD_LIST.read_bytes())
    except (OSError, ValueError):  # pragma: no cover - a broken install: correct nothing
        return b"\n"


def _known(word: str) -> bool:
    return word.isascii() and f"\n{word}\n".encode("ascii") in _word_list()


def is_english_word(word: str) -> bool:
    """Whether a folded word is a real English word, or a regular form of one (teddies,
    cushions, sorted, hanging)."""
    if _known(word):
        return True
    return any(
        word.endswith(ending) and _known(word[: len(word) - len(ending)] + base)
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


def forms_apart(word: str) -> list[str]:
    """The other forms of a folded English word that the index's stemmer stems apart, and
    that are words: across a final e (evidence: evid; evidenced: evidenc), so evidenced ->
    evidence and experience -> experiencing, experienced, experiences; and -men for -man
    (women, woman), which WordNet reads by rule and the stemmer not at all."""
    if word.endswith("men"):
        forms = [word[:-3] + "man"]
    elif word.endswith("man"):
        forms = [word[:-3] + "men"]
    elif word.endswith("e"):
        forms = [word[:-1] + "ing", word + "d", word + "s"]
    elif word.endswith("ing"):
        forms = [word[:-3] + "e"]
    elif word.endswith(("ed", "es")):
        forms = [word[:-1]]
    else:
        return []
    return [form for form in forms if len(form) > 3 and _known(form)]


RELATED_WORDS = Path(__file__).resolve().parent / "related-words.txt.gz"


IRREGULAR_FORMS = Path(__file__).resolve().parent / "irregular-forms.txt.gz"


@lru_cache(maxsize=2)
def _table(path: Path) -> dict[str, str]:
    """A `key<TAB>value` list built by scripts/build_related_words.py from WordNet, read
    once per process and only when a word needs it; empty when it cannot be read."""
    try:
        text = gzip.decompress(path.read_bytes()).decode("utf-8")
    except (OSError, ValueError):  # pragma: no cover - a broken install: relate nothing
        return {}
    return dict(line.split("\t", 1) for line in text.splitlines() if "\t" in line)


def related_words(word: str) -> list[str]:
    """English words related to a folded word (the synonyms of its commonest sense in WordNet),
    nearest first; for a regular form, those of its base word (punches -> punch)."""
    table = _table(RELATED_WORDS)
    for candidate in (word, *_bases(word)):
        found = table.get(candidate)
        if found:
            return found.split(",")
    return []


def _bases(word: str) -> list[str]:
    """The base words a regular form may come from: hurrying -> hurry, hurrye."""
    return [
        word[: len(word) - len(ending)] + base
        for ending, base in _REGULAR_FORMS
        if word.endswith(ending) and len(word) > len(ending) + 2
    ]


def base_form(word: str) -> str | None:
    """The base of an irregular form a stemmer cannot see (shaken -> shake, slept ->
    sleep), or None."""
    return _table(IRREGULAR_FORMS).get(word)
