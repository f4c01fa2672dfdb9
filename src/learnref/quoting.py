"""Quoting text safely: what a person typed, back in a one-line message, and paths as a
shell would need them typed."""

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


def printable(text: str) -> str:
    """`text` with control and line-separator characters written as escapes (\\x1b, \\n)."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


def shell_quote(path: str) -> str:
    """A path as it should be typed in a command for this platform's usual shell."""
    if sys.platform == "win32":
        return f'"{path}"' if any(char in path for char in ' &()^%!"') else path
    import shlex

    return shlex.quote(path)
