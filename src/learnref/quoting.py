"""Words for people: what a person typed quoted back safely, paths as a shell would need
them typed, and counts of things."""

from __future__ import annotations

import re
import sys

# How much of what a person typed an error message quotes back.
SHOWN_LENGTH = 60


def shown(text: str) -> str:
    """What a person typed, fit to quote in a one-line message: cut to 60 characters, with
    control characters written as escapes, so a pasted escape sequence cannot recolour,
    retitle or clear the terminal and a huge argument is not printed back whole."""
    if len(text) > SHOWN_LENGTH:
        text = text[:SHOWN_LENGTH] + "..."
    return printable(text)


# Characters that must never reach a terminal raw: controls (C0, DEL, C1: escape sequences),
# invisible format characters (bidi overrides and isolates, zero-width characters) and the
# Unicode line and paragraph separators.
_UNSAFE_CATEGORIES = frozenset(("Cc", "Cf", "Zl", "Zp"))


def printable(text: str) -> str:
    """`text` with control, format (bidi, zero-width) and line-separator characters written
    as escapes (\\x1b, \\n, \\u202e), so it shows as one line and cannot drive the terminal."""
    if text.isprintable():
        return text
    import unicodedata

    return "".join(
        repr(char)[1:-1] if unicodedata.category(char) in _UNSAFE_CATEGORIES else char
        for char in text
    )


def shell_quote(path: str) -> str:
    """A path as it should be typed in a command for this platform's usual shell."""
    if sys.platform == "win32":
        return f'"{path}"' if any(char in path for char in ' &()^%!"') else path
    import shlex

    return shlex.quote(path)


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """'1 briefing', '2 briefings': a number and its noun, plural when it is not one."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


# A web address inside running text; punctuation that ends the sentence is not part of it.
_WEB_ADDRESS = re.compile(r"""https?://[^\s<>"']+?(?=[.,;:!?)\]]*(?:\s|$))""", re.IGNORECASE)


def web_address_parts(text: str) -> list[tuple[str, bool]]:
    """TEXT in pieces, each with whether it is a web address (http or https), so a writer
    can link the addresses and escape the rest."""
    parts: list[tuple[str, bool]] = []
    position = 0
    for found in _WEB_ADDRESS.finditer(text):
        if found.start() > position:
            parts.append((text[position : found.start()], False))
        parts.append((found.group(), True))
        position = found.end()
    if position < len(text) or not parts:
        parts.append((text[position:], False))
    return parts
