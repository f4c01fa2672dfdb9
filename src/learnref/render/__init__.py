"""One renderer per output format; `emit` picks one and writes its output to stdout.

Each format module offers the same functions, one per kind of output (`themes`,
`briefings`, `show`, `search`, `glossary`, `random`; `export` for markdown and html):
text, markdown, json and html return a string, rich returns renderables. Modules are
imported only when used, so a piped `show` never pays for Rich.

Everything written goes through `SafeStream`, so a console that cannot encode a character
(PYTHONIOENCODING=ascii, a cp1252 console) gets a plain stand-in instead of a crash.
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from typing import IO, Any, NamedTuple

FORMATS = ("auto", "rich", "text", "markdown", "json")

# Characters outside ASCII that learnref's own output and typical guidance text use, and
# what to print where the console cannot show them.
ASCII_FALLBACK = {
    "‘": "'",
    "’": "'",
    "‚": ",",
    "‛": "'",
    "“": '"',
    "”": '"',
    "„": '"',
    "′": "'",
    "″": '"',
    "‐": "-",
    "‑": "-",
    "‒": "-",
    "–": "-",
    "—": "-",
    "―": "-",
    "−": "-",
    "…": "...",
    "•": "*",
    "·": "*",
    "→": "->",
    "←": "<-",
    "≤": "<=",
    "≥": ">=",
    "×": "x",
    "£": "GBP ",
    "€": "EUR ",
    "©": "(c)",
    "®": "(R)",
    "™": "(TM)",
    "\u00a0": " ",
    "\u2009": " ",
    "\u202f": " ",
    "\u200b": "",
    "\ufeff": "",
}


class Settings(NamedTuple):
    """How the person asked for output to look: --color and --high-contrast."""

    color: str = "auto"  # auto | always | never
    high_contrast: bool = False


_settings = Settings()


def configure(settings: Settings) -> None:
    """Set the look for this run; the CLI's callback calls it once, before any command."""
    global _settings  # noqa: PLW0603 - one run, one look; set once by the CLI callback.
    _settings = settings


def stdout_is_terminal() -> bool:
    """Whether stdout is an interactive terminal that can show Rich output."""
    return sys.stdout.isatty() and os.environ.get("TERM") != "dumb"


def resolve_format(name: str) -> str:
    """The concrete format for `auto`: rich on a terminal, text otherwise."""
    if name == "auto":
        return "rich" if stdout_is_terminal() else "text"
    return name


class ColorPolicy(NamedTuple):
    """Whether to write terminal escapes at all, and whether they may carry colour."""

    escapes: bool
    colour: bool


def color_policy(mode: str) -> ColorPolicy:
    """The one place that decides on escapes and colour.

    `always` wins over everything; `never` drops colour but keeps bold and underline on a
    terminal; `auto` follows the terminal, FORCE_COLOR (any non-empty value, as
    force-color.org says) and NO_COLOR (any non-empty value, as no-color.org says).
    """
    if mode == "always":
        return ColorPolicy(escapes=True, colour=True)
    escapes = stdout_is_terminal() or os.environ.get("FORCE_COLOR", "") != ""
    if mode == "never":
        return ColorPolicy(escapes=escapes, colour=False)
    return ColorPolicy(escapes=escapes, colour=escapes and os.environ.get("NO_COLOR", "") == "")


def _encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeError:
        return False
    except LookupError:
        return text.isascii()
    return True


def _stand_in(char: str, encoding: str) -> str:
    fallback = ASCII_FALLBACK.get(char)
    if fallback is not None and _encodable(fallback, encoding):
        return fallback
    import unicodedata

    if unicodedata.combining(char):
        return ""  # an accent on the letter before: the letter stands alone
    base = "".join(
        part
        for part in unicodedata.normalize("NFKD", char)
        if not unicodedata.combining(part) and _encodable(part, encoding)
    )
    return base or "?"


def degrade(text: str, encoding: str | None) -> str:
    """Text with every character `encoding` cannot hold replaced by a plain stand-in:
    curly quotes by straight ones, dashes by hyphens, accented letters by their base
    letter, anything else by '?'."""
    encoding = encoding or "utf-8"
    if _encodable(text, encoding):
        return text
    return "".join(
        char if _encodable(char, encoding) else _stand_in(char, encoding) for char in text
    )


def _stream_failure(error: OSError) -> Exception:
    from ..errors import StdoutError, os_reason

    return StdoutError(f"Cannot write the output: {os_reason(error)}.")


class SafeStream:
    """A text stream that degrades what its encoding cannot hold instead of raising."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    @property
    def encoding(self) -> str:
        """The wrapped stream's encoding."""
        return getattr(self.stream, "encoding", None) or "utf-8"

    def write(self, text: str) -> int:
        """Write text, degraded when the stream cannot encode it."""
        try:
            try:
                return self.stream.write(text)
            except UnicodeEncodeError:
                return self.stream.write(degrade(text, self.encoding))
        except BrokenPipeError:
            raise
        except OSError as error:
            raise _stream_failure(error) from None

    def flush(self) -> None:
        """Flush the wrapped stream."""
        try:
            self.stream.flush()
        except BrokenPipeError:
            raise
        except OSError as error:
            raise _stream_failure(error) from None

    def isatty(self) -> bool:
        """Whether the wrapped stream is a terminal."""
        return self.stream.isatty()

    def fileno(self) -> int:
        """The wrapped stream's file descriptor."""
        return self.stream.fileno()


def write(text: str) -> None:
    """Write text to stdout, degrading characters the console's encoding cannot show."""
    SafeStream(sys.stdout).write(text)


def flush() -> None:
    """Flush stdout; a failure becomes StdoutError (a closed pipe stays BrokenPipeError)."""
    SafeStream(sys.stdout).flush()


def write_error(line: str) -> None:
    """Write one line to stderr, degraded like stdout when stderr cannot encode it."""
    stream = SafeStream(sys.stderr)  # stderr would escape as \xe9: degrade as stdout does
    stream.write(degrade(line, stream.encoding) + "\n")
    sys.stderr.flush()


def emit(fmt: str, kind: str, payload: Any) -> None:
    """Render `payload` as `kind` in format `fmt` (already resolved) and write it."""
    module = importlib.import_module(f"{__name__}.{fmt}_format")
    if fmt == "rich":
        module.emit(kind, payload, _settings)
    else:
        text = getattr(module, kind)(payload)
        if fmt == "json" and not _encodable(text, SafeStream(sys.stdout).encoding):
            # JSON can carry any character as a \u escape: lossless on any console, and
            # valid even for an argument that was not UTF-8.
            import json

            text = json.dumps(json.loads(text), ensure_ascii=True, indent=2) + "\n"
        write(text)
    flush()


def export(fmt: str, payload: Any, output: Path | None, *, force: bool = False) -> None:
    """Render an export as `fmt` (markdown or html) to stdout or, atomically, to a file."""
    module = importlib.import_module(f"{__name__}.{fmt}_format")
    text: str = module.export(payload)
    if output is None:
        if fmt == "html" and not _encodable(text, SafeStream(sys.stdout).encoding):
            # HTML can carry any character as a reference: lossless on any console.
            encoding = SafeStream(sys.stdout).encoding
            text = text.encode(encoding, "xmlcharrefreplace").decode(encoding)
        write(text)
        flush()
        return
    from ..files import write_file

    write_file(output, text, force=force)
