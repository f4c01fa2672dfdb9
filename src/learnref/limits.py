"""Limits on what a briefing file may hold, set where no real file goes, and the invisible
characters it may not hold: the checks that keep a file from another agency from stalling
learnref or changing how text is shown. The loader reports each as a located error."""

from __future__ import annotations

import re

# One line of text (a key message, a title, a publisher, a `remember` line, a glossary
# term or its meaning): a key message is a sentence or two, and the longest published one
# learnref knows is under 600 characters. 2,000 leaves room for any real text while keeping
# every search, highlight and layout quick.
MAX_LINE_CHARS = 2_000

# A `summary` or `note`: a few paragraphs.
MAX_BLOCK_CHARS = 20_000

# Lists: a real file has tens of briefings, a glossary of a few hundred terms and a theme
# with a handful of aliases and tags.
MAX_LIST_ITEMS = {
    "briefings": 10_000,
    "themes": 10_000,
    "messages": 10_000,
    "questions": 10_000,
    "resources": 10_000,
    "aliases": 50,
    "tags": 50,
}
MAX_GLOSSARY_TERMS = 5_000

# Characters that change how text is shown without being seen: bidi embeddings, overrides
# and isolates (they reorder the text around them), the zero-width space, word joiner and
# a byte-order mark inside text (they split or join words invisibly, so search misses
# them), and the Unicode line and paragraph separators (they break "one message per line"
# for tools that read learnref's output).
REFUSED_CHARACTERS = (
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u2060\ufeff\u2028\u2029"
)
_INVISIBLE = re.compile(f"[{REFUSED_CHARACTERS}]")

# Zero-width joiner and non-joiner are part of real writing: the joiner builds emoji
# sequences and shapes Indic scripts, the non-joiner is needed in Persian and Urdu words.
# They are allowed between two visible characters, never at an edge or beside a space.
LOOSE_JOINER = re.compile("(?:^|(?<=\\s))[\u200c\u200d]|[\u200c\u200d](?=\\s|$)")

_NAMES = {
    "\u202a": "a left-to-right embedding",
    "\u202b": "a right-to-left embedding",
    "\u202c": "a pop directional formatting",
    "\u202d": "a left-to-right override",
    "\u202e": "a right-to-left override",
    "\u2066": "a left-to-right isolate",
    "\u2067": "a right-to-left isolate",
    "\u2068": "a first-strong isolate",
    "\u2069": "a pop directional isolate",
    "\u200b": "a zero-width space",
    "\u200c": "a zero-width non-joiner outside a word",
    "\u200d": "a zero-width joiner outside a word",
    "\u2060": "a word joiner",
    "\ufeff": "a byte-order mark",
    "\u2028": "a line separator",
    "\u2029": "a paragraph separator",
}


def text_problem(value: str, what: str, *, block: bool) -> str | None:
    """Why `value`, the text of `what`, cannot be used (too long, or an invisible character
    that would change how it shows), or None when it can."""
    too_long = length_problem(value, what, block=block)
    if too_long:
        return too_long
    found = _INVISIBLE.search(value) or LOOSE_JOINER.search(value)
    if found is None:
        return None
    char = found.group()
    return (
        f"{what} contains {_NAMES[char]} (U+{ord(char):04X}), an invisible character that "
        "changes how the text is shown or found; delete it (it often comes from copying "
        "out of a web page or a PDF)"
    )


def length_problem(value: str, what: str, *, block: bool) -> str | None:
    """Why `value` is too long for a one-line (or, with `block`, a block) field, or None."""
    limit = MAX_BLOCK_CHARS if block else MAX_LINE_CHARS
    return _too_long(len(value), what, limit, block=block) if len(value) > limit else None


def _too_long(length: int, what: str, limit: int, *, block: bool) -> str:
    if block:
        kind = "a summary or note is a few paragraphs"
    elif what.startswith("message "):
        kind = "a key message is a sentence or two"
    else:
        kind = "one line of text is a sentence or two"
    return (
        f"{what} is {length:,} characters long; {kind}, and learnref refuses more than "
        f"{limit:,} (see docs/security.md); split it, or shorten it to what was published"
    )


def list_problem(count: int, what: str) -> str | None:
    """Why a list of `count` items, `what` (e.g. "the `aliases` of theme `x`"), is too long
    for learnref, or None."""
    field = re.search(r"`(\w+)`", what)
    limit = MAX_LIST_ITEMS.get(field.group(1)) if field else None
    if limit is None or count <= limit:
        return None
    return (
        f"{what} has {count:,} items; learnref reads at most {limit:,} "
        "(a limit no real briefing file reaches; see docs/security.md)"
    )


def glossary_problem(count: int) -> str | None:
    """Why a glossary of `count` terms is too large, or None."""
    if count <= MAX_GLOSSARY_TERMS:
        return None
    return (
        f"`glossary` has {count:,} terms; learnref reads at most {MAX_GLOSSARY_TERMS:,} "
        "(a limit no real glossary reaches; see docs/security.md)"
    )


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")


def wide_encoding(raw: bytes) -> str | None:
    """ "UTF-16" or "UTF-32" when `raw` looks like text in one of them (a byte-order mark,
    or the pattern of zero bytes that ASCII letters leave), else None."""
    if raw.startswith(_UTF32_BOMS):
        return "UTF-32"
    if raw.startswith(_UTF16_BOMS):
        return "UTF-16"
    head = raw[:400]
    if len(head) < 8 or b"\x00" not in head:
        return None
    quads = [head[i : i + 4] for i in range(0, len(head) - 3, 4)]
    if all(q[1:] == b"\x00\x00\x00" or q[:3] == b"\x00\x00\x00" for q in quads):
        return "UTF-32"
    pairs = [head[i : i + 2] for i in range(0, len(head) - 1, 2)]
    zeros = sum(1 for pair in pairs if b"\x00" in pair and pair != b"\x00\x00")
    return "UTF-16" if zeros >= len(pairs) * 0.9 else None


def wide_encoding_problem(encoding: str) -> str:
    """What to do with a file saved as UTF-16 or UTF-32."""
    return (
        f'this file is {encoding} text (Windows Notepad\'s "Unicode"); save it as UTF-8: in '
        "Notepad, File > Save As, then Encoding: UTF-8"
    )
