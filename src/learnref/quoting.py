"""Words for people: what a person typed quoted back safely, paths as a shell would need
them typed, and counts of things."""

from __future__ import annotations

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
    """A path as it should be typed in a command for this platform's usual shell.

    A path holding control or invisible characters (an escape sequence in a file name) is
    written in the $'...' form of bash and zsh, with those characters as escapes: it can be
    pasted back as typed, and it cannot drive the terminal it is printed on."""
    if sys.platform == "win32":
        path = printable(path)
        return f'"{path}"' if any(char in path for char in ' &()^%!"') else path
    if not path.isprintable():
        return _ansi_c_quote(path)
    import shlex

    return shlex.quote(path)


def _ansi_c_quote(path: str) -> str:
    """`path` as $'...': backslash and quote escaped, unsafe characters as escapes."""
    import unicodedata

    def escaped(char: str) -> str:
        if char in "\\'":
            return "\\" + char
        if unicodedata.category(char) not in _UNSAFE_CATEGORIES:
            return char
        code = ord(char)
        if code < 0x100:
            return f"\\x{code:02x}"
        return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"

    return "$'" + "".join(escaped(char) for char in path) + "'"


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """'1 briefing', '2 briefings': a number and its noun, plural when it is not one."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"
