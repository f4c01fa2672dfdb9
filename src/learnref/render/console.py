"""The streams learnref writes to, and the one place that decides how they are written.

Everything goes through `SafeStream`, so a console that cannot encode a character
(PYTHONIOENCODING=ascii, a cp1252 console) gets a plain stand-in instead of a crash, and
a failing stdout becomes one sentence (StdoutError) instead of a traceback. Errors and
warnings go to stderr through `write_error` only. This module is imported on every run:
it uses nothing but os and sys at import time.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from typing import NamedTuple
else:
    from .._records import NamedTuple

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


def stdout_is_terminal() -> bool:
    """Whether stdout is an interactive terminal that can show Rich output."""
    return sys.stdout.isatty() and os.environ.get("TERM") != "dumb"


def stderr_is_terminal() -> bool:
    """Whether stderr is an interactive terminal (for progress bars and reminders)."""
    return sys.stderr.isatty() and os.environ.get("TERM") != "dumb"


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


def encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeError:
        return False
    except LookupError:
        return text.isascii()
    return True


def _stand_in(char: str, encoding: str) -> str:
    fallback = ASCII_FALLBACK.get(char)
    if fallback is not None and encodable(fallback, encoding):
        return fallback
    import unicodedata

    if unicodedata.combining(char):
        return ""  # an accent on the letter before: the letter stands alone
    base = "".join(
        part
        for part in unicodedata.normalize("NFKD", char)
        if not unicodedata.combining(part) and encodable(part, encoding)
    )
    return base or "?"


def degrade(text: str, encoding: str | None) -> str:
    """Text with every character `encoding` cannot hold replaced by a plain stand-in:
    curly quotes by straight ones, dashes by hyphens, accented letters by their base
    letter, anything else by '?'."""
    encoding = encoding or "utf-8"
    if encodable(text, encoding):
        return text
    return "".join(
        char if encodable(char, encoding) else _stand_in(char, encoding) for char in text
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


def write_out(text: str) -> None:
    """Write text to stdout, degrading characters the console's encoding cannot show."""
    SafeStream(sys.stdout).write(text)


def flush_out() -> None:
    """Flush stdout; a failure becomes StdoutError (a closed pipe stays BrokenPipeError)."""
    SafeStream(sys.stdout).flush()


def write_utf8(text: str) -> None:
    """Write text to stdout as UTF-8 bytes whatever the console's encoding (a data file that
    must stay exact), flushed; a stream without bytes gets the text degraded instead."""
    stream = getattr(sys.stdout, "buffer", None)
    if stream is None:
        write_out(text)
        flush_out()
        return
    try:
        sys.stdout.flush()
        stream.write(text.encode("utf-8"))
        stream.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        raise _stream_failure(error) from None


def write_error(line: str) -> None:
    """Write one line to stderr, degraded like stdout when stderr cannot encode it, with any
    control or invisible character that got this far written as an escape."""
    stream = SafeStream(sys.stderr)  # stderr would escape as \xe9: degrade as stdout does
    stream.write(degrade(_terminal_safe(line), stream.encoding) + "\n")
    sys.stderr.flush()


def _terminal_safe(text: str) -> str:
    """`text` with line breaks and tabs kept and every other control or invisible character
    escaped: the last guard, so no message can carry an escape sequence to the terminal."""
    if text.isprintable():
        return text
    from ..quoting import printable

    return "\n".join(
        "\t".join(printable(part) for part in line.split("\t")) for line in text.split("\n")
    )


def stdout_encoding() -> str:
    """The encoding stdout writes in."""
    return SafeStream(sys.stdout).encoding


# Wider than this, a COLUMNS value is a mistake (or an attack): Rich would lay out, and
# write, gigabytes of padding.
MAX_COLUMNS = 1000


def terminal_size() -> tuple[int, int]:
    """COLUMNS and LINES when set to a sensible number, else the size of the terminal stdout
    is, else 80x25."""
    width, height = 80, 25
    try:
        if sys.stdout.isatty():
            width, height = os.get_terminal_size(sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return _dimension("COLUMNS", width or 80), _dimension("LINES", height or 25)


def _dimension(name: str, default: int) -> int:
    """A size from the environment variable `name`: a whole number from 1 to 1000; a larger
    one is capped and anything else ignored, each with one warning line."""
    value = os.environ.get(name, "")
    if not value:
        return default
    if value.isascii() and value.isdigit() and value.strip("0"):
        if len(value) <= 6 and int(value) <= MAX_COLUMNS:
            return int(value)
        warn_once(f"{name}={value[:24]} is more than learnref lays out; using {MAX_COLUMNS}.")
        return MAX_COLUMNS
    from ..quoting import shown

    warn_once(f"{name}={shown(value)} is not a whole number from 1 to {MAX_COLUMNS}; ignored.")
    return default


_warned: set[str] = set()


def warn_once(line: str) -> None:
    """Write a warning about the environment to stderr, once per run however often it is
    met: "learnref: warning: LINE"."""
    if line not in _warned:
        _warned.add(line)
        write_error(f"learnref: warning: {line}")


def silence_stdout() -> None:
    """Point stdout's descriptor at the null device, so that Python's final flush of a closed
    pipe or a failed disk cannot add a complaint after learnref has said what happened."""
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
