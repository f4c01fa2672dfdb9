"""One renderer per output format; `emit` picks one and writes its output to stdout.

Each format module offers the same functions, one per kind of output (`themes`,
`briefings`, `show`, `search`, `glossary`): text, markdown and json return a string,
rich returns renderables. Modules are imported only when used, so a piped `show`
never pays for Rich.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

FORMATS = ("auto", "rich", "text", "markdown", "json")

# Characters outside ASCII that learnref's own output and typical guidance text use, and
# what to print where the console cannot show them.
ASCII_FALLBACK = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "“": '"',
        "”": '"',
        "–": "-",
        "—": "-",
        "…": "...",
        "•": "*",
        "\u00a0": " ",
    }
)


def stdout_is_terminal() -> bool:
    """Whether stdout is an interactive terminal that can show Rich output."""
    return sys.stdout.isatty() and os.environ.get("TERM") != "dumb"


def resolve_format(name: str) -> str:
    """The concrete format for `auto`: rich on a terminal, text otherwise."""
    if name == "auto":
        return "rich" if stdout_is_terminal() else "text"
    return name


def write(text: str) -> None:
    """Write text to stdout, degrading characters the console's encoding cannot show."""
    try:
        sys.stdout.write(text)
    except UnicodeEncodeError:
        encoding = sys.stdout.encoding or "ascii"
        safe = text.translate(ASCII_FALLBACK).encode(encoding, "replace").decode(encoding)
        sys.stdout.write(safe)


def emit(fmt: str, kind: str, payload: Any) -> None:
    """Render `payload` as `kind` in format `fmt` (already resolved) and write it."""
    module = importlib.import_module(f"{__name__}.{fmt}")
    rendered = getattr(module, kind)(payload)
    if fmt == "rich":
        module.print_renderables(rendered)
    else:
        write(rendered)
    sys.stdout.flush()
