"""Read briefing files into the model, reporting every problem as FILE:LINE:COLUMN.

The YAML is parsed by PyYAML's C parser into a node tree, and the model is built straight
from the nodes: one pass that both validates (with positions) and constructs, which is
faster than PyYAML's own construction and sees what it hides (duplicate keys, aliases,
YAML 1.1 booleans and numbers where text belongs).
"""

from __future__ import annotations

import datetime as dt
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from . import limits
from .errors import ALREADY_LOADED, DataError, Problem, os_reason
from .model import (
    DATA_FORMAT_VERSION,
    Briefing,
    Library,
    Related,
    Resource,
    Theme,
    is_web_address,
    slugify,
)
from .yaml_hints import (
    escaped_tab_warning,
    impossible_date_problem,
    mapping_read_hint,
    placeholder_problem,
    yaml_syntax_problem,
)

if TYPE_CHECKING:
    from yaml import MarkedYAMLError
    from yaml.nodes import Node

# A file larger than this is refused before it is read: a real briefing file is a few
# kilobytes, and a national collection of thousands of briefings fits well inside it.
MAX_FILE_BYTES = 32 * 1024 * 1024

# A key message longer than this is probably several messages run together, or a summary
# pasted in the wrong place: a warning, since some published messages are long.
LONG_MESSAGE_CHARS = 600

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
STR_TAG = "tag:yaml.org,2002:str"
INT_TAG = "tag:yaml.org,2002:int"
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
NULL_TAG = "tag:yaml.org,2002:null"

# Control characters are never part of published text. Line breaks and tabs are allowed in
# the multi-paragraph fields (`summary`, `note`) only; every other field is one line.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
LINE_BREAK_OR_TAB = re.compile(r"[\n\t]")
BLOCK_FIELDS = ("summary", "note")

TOP_KEYS = ("version", "briefings", "glossary", "synonyms", "related")
# A file needs `version` and at least one of these: a glossary or thesaurus file may be shared
# on its own, without briefings.
TOP_REQUIRED = ("version",)
RELATED_KEYS = ("words", "suggest")
CONTENT_KEYS = ("briefings", "glossary", "synonyms", "related")
BRIEFING_KEYS = (
    "id",
    "title",
    "publisher",
    "publisher_short",
    "published",
    "category",
    "url",
    "summary",
    "remember",
    "resources",
    "themes",
)
BRIEFING_REQUIRED = ("id", "title", "publisher", "published", "themes")
THEME_KEYS = ("title", "slug", "aliases", "tags", "messages", "questions", "note")
THEME_REQUIRED = ("title", "messages")
RESOURCE_KEYS = ("title", "url")
RESOURCE_REQUIRED = ("title",)

_TAG_NAMES = {
    STR_TAG: "text",
    "tag:yaml.org,2002:bool": "a true/false value",
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:null": "an empty value",
    "tag:yaml.org,2002:timestamp": "a date",
    "tag:yaml.org,2002:map": "a mapping",
    "tag:yaml.org,2002:seq": "a list",
}

T = TypeVar("T")


class FileContent:
    """What one file gives: its briefings and glossary, or the problems that stop it."""

    __slots__ = (
        "briefings",
        "glossary",
        "ids",
        "path",
        "problems",
        "related",
        "stems",
        "synonyms",
        "warnings",
    )

    def __init__(self, path: str) -> None:
        self.path = path
        self.briefings: list[Briefing] = []
        self.glossary: dict[str, str] = {}
        self.synonyms: list[tuple[str, ...]] = []
        self.related: list[Related] = []
        # Word stems already known for some phrases (the compiled bundled thesaurus).
        self.stems: dict[str, str] = {}
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        # Where each briefing id is written, for errors about ids loaded twice.
        self.ids: dict[str, tuple[int, int]] = {}

    def message_count(self) -> int:
        """How many key messages the file's briefings hold."""
        return sum(len(theme.messages) for b in self.briefings for theme in b.themes)

    def theme_count(self) -> int:
        """How many themes the file's briefings hold."""
        return sum(len(briefing.themes) for briefing in self.briefings)


def read_shipped_words(path: Path, display: str) -> FileContent | None:
    """A file of synonyms and related words that ships with learnref, read without the checks
    of read_file (its tests run them on every change): the bundled thesaurus is read on every
    cache build, and checking it node by node doubled its cost. None when it is not in the
    shape expected, so that read_file reports why."""
    import yaml

    try:
        document = yaml.load(
            path.read_bytes(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        )
    except (OSError, ValueError, yaml.YAMLError):
        return None
    return shipped_words(document, display)


def shipped_words(document: object, display: str) -> FileContent | None:
    """The synonyms and related words of a parsed document of only those (and `version: 1`);
    None when it is in any other shape."""
    if not isinstance(document, dict) or document.get("version") != 1:
        return None
    synonyms = document.get("synonyms", [])
    related = document.get("related", [])
    if set(document) - {"version", "synonyms", "related"}:
        return None
    if not isinstance(synonyms, list) or not isinstance(related, list):
        return None

    def phrases(values: object, least: int) -> bool:
        return (
            isinstance(values, list)
            and len(values) >= least
            and all(type(value) is str and value.strip() for value in values)
        )

    if not all(phrases(group, 2) for group in synonyms) or not all(
        isinstance(entry, dict)
        and set(entry) == set(RELATED_KEYS)
        and all(phrases(entry[key], 1) for key in RELATED_KEYS)
        for entry in related
    ):
        return None
    content = FileContent(display)
    content.synonyms = [tuple(group) for group in synonyms]
    content.related = [Related(tuple(entry["words"]), tuple(entry["suggest"])) for entry in related]
    return content


def read_file(path: Path, display: str | None = None) -> FileContent:
    """Read and validate one briefing file; problems are collected, never raised."""
    name = display or str(path)
    content = FileContent(name)
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode) and not stat.S_ISDIR(status.st_mode):
            # Reading a pipe waits for a writer, and a device like /dev/zero never ends.
            content.problems.append(
                Problem(
                    name,
                    0,
                    0,
                    "this is not a regular file (a pipe or a device); name a briefing file",
                )
            )
            return content
        size = status.st_size
        if size > MAX_FILE_BYTES:
            content.problems.append(
                Problem(
                    name,
                    0,
                    0,
                    f"the file is {size / 1048576:.1f} MB, over the {MAX_FILE_BYTES // 1048576} MB "
                    "limit for one briefing file; split it into several files",
                )
            )
            return content
        raw = path.read_bytes()
    except IsADirectoryError:
        content.problems.append(Problem(name, 0, 0, "this is a directory, not a briefing file"))
        return content
    except OSError as error:
        content.problems.append(Problem(name, 0, 0, f"cannot read the file: {os_reason(error)}"))
        return content
    _parse(raw, content)
    return content


def parse_bytes(raw: bytes, name: str) -> FileContent:
    """Validate briefing data held in memory (a fetched subscription), as if read from a
    file called `name`; problems are collected, never raised."""
    content = FileContent(name)
    _parse(raw, content)
    return content


def _parse(raw: bytes, content: FileContent) -> None:
    text = _decode(raw, content)
    if text is not None and (len(raw) < PARALLEL_BYTES or not _read_in_two(text, content)):
        _read_text(text, content)
    content.problems.sort(key=lambda problem: (problem.line, problem.column))
    content.warnings.sort(key=lambda problem: (problem.line, problem.column))


def _read_text(text: str, content: FileContent) -> list[str]:
    """Read a file's text into `content`; the keys at its top level, in file order."""
    composed = _compose(text, content)
    if composed is None:
        return []
    root, reported_aliases = composed
    _FileBuilder(_Nodes(content, reported_aliases=reported_aliases)).build(root)
    from yaml.nodes import MappingNode

    return [str(key.value) for key, _ in root.value] if isinstance(root, MappingNode) else []


# A file at least this large is read by two processes at once where Linux can fork: a
# second process reads the second half of its briefings while this one reads the first.
# A smaller file is read in less time than that saves.
PARALLEL_BYTES = 4 * 1024 * 1024

# The top-level `briefings:` line (a comment may follow it), and the first item of its list:
# after blank or comment lines, the list's indentation (one space or more), then "- ".
_BRIEFINGS_LINE = re.compile(r"\nbriefings:[ ]*(?:#.*)?\n")
_FIRST_ITEM = re.compile(r"(?:[ ]*(?:#.*)?\n)*( +)- ")
# A line that starts with anything but a space or a comment: the list has ended there (or,
# inside a quoted text, may have), so no cut is made after it. (Written with "\n" rather
# than "^", which makes the search about eight times slower.)
_TOP_LEVEL_LINE = re.compile(r"\n[^ \n#]")
# What YAML counts as a line break besides "\n": where the text holds one, its lines are
# not counted by "\n" alone, and it is read in one piece.
_OTHER_BREAKS = ("\r", "\x85", "\u2028", "\u2029")


def _split_point(text: str) -> int | None:
    """Where the text may be cut in two: the start of a line, near the middle, that starts
    an item of the top-level `briefings` list; None where there is no such line, or the
    text holds what makes a cut harder to prove right (anchors, other line breaks).

    A line of the list's indentation and "- " there is the next briefing unless it sits
    inside a quoted text or a [flow] list, which the first half would then leave open: that
    half fails to read, and `_read_in_two` reads the whole file instead. Inside the
    briefing (a mapping indented further) such a line ends every deeper value, a block
    text (`|`, `>`) or a plain one included.
    """
    if any(mark in text for mark in _OTHER_BREAKS) or _anchor_hint(text):
        return None
    header = _BRIEFINGS_LINE.search(text)
    first = _FIRST_ITEM.match(text, header.end()) if header is not None else None
    if header is None or first is None:
        return None
    after = _TOP_LEVEL_LINE.search(text, first.end())
    end = after.start() + 1 if after is not None else len(text)
    item = re.compile(rf"^{first.group(1)}- ", re.MULTILINE)
    found = item.search(text, max(first.end(), len(text) // 2), end)
    # The second half is read under two lines of header ("version: 1", "briefings:").
    if found is None or text.count("\n", 0, found.start()) < 2:
        return None
    return found.start()


def _read_in_two(text: str, content: FileContent) -> bool:
    """Read a large file's text in two processes at once, into `content`; False (with
    nothing read) where that cannot be done or either half has a problem: the whole text
    is then read in one piece, which reports every problem as it always has.

    The second half is read on the same line numbers as in the file, below a header
    ("version: 1", "briefings:") on the two lines before it; the halves are joined only
    when neither has a problem, they share no top-level key but those two and no briefing
    id, and the list of briefings is within its limit.
    """
    import os
    import sys
    import threading

    if not sys.platform.startswith("linux") or threading.active_count() > 1:
        return False  # forking a process that runs other threads is not safe
    split = _split_point(text)
    started = _start_second_half(text, split, content.path) if split is not None else None
    if split is None or started is None:
        return False
    pid, reader = started
    first = FileContent(content.path)
    try:
        first_keys = _read_text(text[:split], first)
        with os.fdopen(reader, "rb") as source:
            reader = -1
            data = source.read()
        _, status = os.waitpid(pid, 0)
        pid = 0
    finally:
        if reader != -1:
            os.close(reader)
        if pid:  # stopped (Ctrl-C) before the second process ended: end it
            import signal

            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    return status == 0 and bool(data) and _join_halves(content, first, first_keys, data)


def _start_second_half(text: str, split: int, path: str) -> tuple[int, int] | None:
    """Fork a second process that reads the text from `split` on; its process id and the
    pipe its result comes through, or None when no process can be started."""
    import os

    reader, writer = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(reader)
        os.close(writer)
        return None
    if pid == 0:  # pragma: no cover - the second process; coverage sees only this one
        status = 1
        try:
            os.close(reader)
            _send_second_half(text, split, path, writer)
            status = 0
        finally:
            os._exit(status)
    os.close(writer)
    return pid, reader


def _send_second_half(  # pragma: no cover - runs in the second process
    text: str, split: int, path: str, writer: int
) -> None:
    """Read the text from `split` on, on its lines in the file, and write what it gives,
    pickled, to the pipe `writer` (in the second process)."""
    import os
    import pickle

    second = FileContent(path)
    lines_before = text.count("\n", 0, split)
    keys = _read_text("\n" * (lines_before - 2) + "version: 1\nbriefings:\n" + text[split:], second)
    read = (keys, second.briefings, second.glossary, second.synonyms)
    data = pickle.dumps(
        (*read, second.problems, second.warnings, second.ids), pickle.HIGHEST_PROTOCOL
    )
    with os.fdopen(writer, "wb") as out:
        out.write(data)


def _join_halves(
    content: FileContent, first: FileContent, first_keys: list[str], data: bytes
) -> bool:
    """Put the two halves together in `content`, when they can be: see `_read_in_two`."""
    import pickle

    keys, briefings, glossary, synonyms, problems, warnings, ids = pickle.loads(data)
    if (
        first.problems
        or problems
        or (set(first_keys) & set(keys)) - {"version", "briefings"}
        or first.ids.keys() & ids.keys()
        or limits.list_problem(len(first.briefings) + len(briefings), "`briefings`")
    ):
        return False
    content.briefings = first.briefings + briefings
    content.glossary = {**first.glossary, **glossary}
    content.synonyms = first.synonyms + synonyms
    content.warnings = first.warnings + warnings
    content.ids = {**first.ids, **ids}
    return True


def _decode(raw: bytes, content: FileContent) -> str | None:
    """The file's text, or None with a problem saying why it is not UTF-8 text."""
    name = content.path
    wide = limits.wide_encoding(raw)
    if wide:
        content.problems.append(Problem(name, 1, 1, limits.wide_encoding_problem(wide)))
        return None
    if b"\x00" in raw:
        content.problems.append(
            Problem(name, 1, 1, "this is not a text file; briefing files are YAML text")
        )
        return None
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _position(raw, error.start)
        content.problems.append(
            Problem(
                name,
                line,
                column,
                "the file is not UTF-8 text (byte "
                f"0x{raw[error.start]:02x}); save it with UTF-8 encoding",
            )
        )
        return None
    if not text.strip():
        content.problems.append(
            Problem(name, 1, 1, "the file is empty; start from `learnref init FILE`")
        )
        return None
    return text


def _compose(text: str, content: FileContent) -> tuple[Node, bool] | None:
    """The YAML node tree of the text and whether anchors were reported, or None with the
    located problem that stops it being read."""
    import yaml

    name = content.path
    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        loader = loader_class(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
        reported_aliases = "&" in text and _check_anchors(text, name, content.problems)
    except yaml.MarkedYAMLError as error:
        content.problems.append(_yaml_problem(error, text, name))
        return None
    except yaml.reader.ReaderError as error:
        # A character YAML does not allow, e.g. a control character pasted from a PDF.
        # PyYAML's C reader counts UTF-8 bytes, its Python reader characters.
        if loader_class is yaml.SafeLoader:
            line, column = _text_position(text, error.position)
        else:
            line, column = _position(text.encode("utf-8"), error.position)
        code = error.character if isinstance(error.character, int) else 0xFFFD
        content.problems.append(
            Problem(
                name,
                line,
                column,
                f"the character U+{code:04X} is not allowed in YAML; delete it "
                "(it often comes from copying out of a PDF or Word)",
            )
        )
        return None
    except yaml.YAMLError as error:
        content.problems.append(Problem(name, 1, 1, f"YAML: {' '.join(str(error).split())}"))
        return None
    if root is None:
        content.problems.append(Problem(name, 1, 1, "the file holds no data, only comments"))
        return None
    return root, reported_aliases


def _yaml_problem(error: MarkedYAMLError, text: str, name: str) -> Problem:
    """A YAML syntax error, located, said as what to do where it is a common one, with a
    hint when a tab is to blame."""
    mark = error.problem_mark or error.context_mark
    message = str(error.problem or error.context or "this is not valid YAML")
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if "\t" in message or _char_at(text, line, column) == "\t":
        return Problem(name, line, column, f"YAML: {message}; indent with spaces, not tabs")
    if error.context_mark and "quoted scalar" in str(error.context):
        # An unclosed quote: point at where it opens, not at the end of the file.
        line, column = error.context_mark.line + 1, error.context_mark.column + 1
    plain = yaml_syntax_problem(message, error.context, text, line, column)
    return Problem(name, line, column, plain or f"YAML: {message}")


def _text_position(text: str, offset: int) -> tuple[int, int]:
    """Line and column (1-based, in characters) of a character offset in text."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def _position(raw: bytes, offset: int) -> tuple[int, int]:
    """Line and column (in characters) of a byte offset; the bytes before it are UTF-8."""
    line_start = raw.rfind(b"\n", 0, offset) + 1
    column = len(raw[line_start:offset].decode("utf-8", "replace")) + 1
    return raw.count(b"\n", 0, offset) + 1, column


def _char_at(text: str, line: int, column: int) -> str:
    """The character at a 1-based position, or '' past the end."""
    lines = text.split("\n", line)
    if line > len(lines):
        return ""
    row = lines[line - 1]
    return row[column - 1] if 0 < column <= len(row) else ""


_ANCHOR_HINT = re.compile(r"(?:^|[\s\[{,:-])&\S", re.MULTILINE)


def _anchor_hint(text: str) -> bool:
    """Whether `_ANCHOR_HINT` is found in the text, looking at each "&" only: a regular
    expression that starts with a choice tries every character, about 50 times slower on
    a large file with an "&" in it."""
    at = text.find("&")
    while at != -1:
        if (
            at + 1 < len(text)
            and not text[at + 1].isspace()
            and (at == 0 or text[at - 1].isspace() or text[at - 1] in "[{,:-")
        ):
            return True
        at = text.find("&", at + 1)
    return False


def _check_anchors(text: str, name: str, problems: list[Problem]) -> bool:
    """Report every anchor and alias where it is written; True when there were any.

    The text is only re-read (as events, which never expand aliases, so an alias bomb
    costs nothing) when an anchor may be there. An alias needs an anchor, so a file with
    no anchor has no alias either.
    """
    if not _anchor_hint(text):
        return False
    import yaml

    found = False
    for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        anchor = getattr(event, "anchor", None)
        if not anchor:
            continue
        found = True
        mark = event.start_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        if isinstance(event, yaml.AliasEvent):
            message = f"YAML aliases (*{anchor}) are not allowed; write the text out in full"
        else:
            message = f"YAML anchors (&{anchor}) are not allowed; write the text out in full"
        problems.append(Problem(name, line, column, message))
    return found


class _Nodes:
    """Reads YAML nodes as the data format expects them, noting every problem where it is
    written: the checks every part of a file shares (kinds, keys, text, slugs, lists)."""

    def __init__(self, content: FileContent, *, reported_aliases: bool = False) -> None:
        from yaml.nodes import MappingNode, ScalarNode, SequenceNode

        # The node classes, looked up once: an import statement in a method run for each
        # of a large file's 300,000 values costs about 0.15 s.
        self.mapping_node = MappingNode
        self.scalar_node = ScalarNode
        self.sequence_node = SequenceNode
        self.content = content
        self.seen: set[int] = set()
        self.reported_aliases = reported_aliases
        # Problems found so far, and aliases met (already reported where they are written):
        # a part of the file is only built when this did not grow while reading it.
        self.failures = 0

    def problem(self, node: Node, message: str) -> None:
        mark = node.start_mark
        self.failures += 1
        self.content.problems.append(
            Problem(self.content.path, mark.line + 1, mark.column + 1, message)
        )

    def warning(self, node: Node, message: str) -> None:
        mark = node.start_mark
        self.content.warnings.append(
            Problem(self.content.path, mark.line + 1, mark.column + 1, message, "warning")
        )

    def visit(self, node: Node) -> bool:
        """False when the node was reached before: an alias, which is never built."""
        key = id(node)
        if key in self.seen:
            if self.reported_aliases:
                self.failures += 1
            else:  # pragma: no cover - an alias always comes with an anchor, reported above
                self.problem(node, "YAML aliases are not allowed; write the text out in full")
            return False
        self.seen.add(key)
        return True

    def kind(self, node: Node) -> str:
        return _TAG_NAMES.get(node.tag, "a custom-tagged value")

    def mapping(
        self, node: Node, what: str, allowed: Sequence[str], required: Sequence[str]
    ) -> dict[str, Node] | None:
        """The keys of a mapping node, after checking kind, unknown, duplicate and missing keys.

        A key whose value is an alias counts as present (the alias is the problem), but is
        left out of the result.
        """
        if not isinstance(node, self.mapping_node):
            self.problem(
                node, f"{what} should be a mapping of `key: value` lines, not {self.kind(node)}"
            )
            return None
        keys: dict[str, Node] = {}
        present: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value if key_node.tag == STR_TAG else None
            if not isinstance(key, str):
                self.problem(key_node, f"{what} has a key that is not text: {key_node.value!r}")
                continue
            if key in present:
                first = keys[key].start_mark.line + 1 if key in keys else None
                where = f" (first on line {first})" if first else ""
                self.problem(key_node, f"duplicate key `{key}` in {what}{where}")
                continue
            if key not in allowed:
                self.problem(key_node, _unknown_key_message(key, what, allowed))
                continue
            present.add(key)
            if self.visit(value_node):
                keys[key] = value_node
        self.require(node, present, what, required)
        return keys

    def require(self, node: Node, present: Iterable[str], what: str, keys: Sequence[str]) -> None:
        """A problem for each required key that is not there."""
        for key in keys:
            if key not in present:
                self.problem(node, f"{what} is missing the required key `{key}`")

    def text(
        self, node: Node | None, what: str, *, allow_empty: bool = False, block: bool = False
    ) -> str | None:
        """The text of a scalar; `block` fields may hold line breaks and tabs."""
        if node is None:
            return None
        if not isinstance(node, self.scalar_node) or node.tag != STR_TAG:
            self.problem(node, self.not_text(node, what))
            return None
        value: str = node.value
        if not block and node.style in ("|", ">"):
            # `>` folds a long line over several in the file; its final line break is
            # YAML's, not the text's.
            value = value.rstrip("\n")
        refused = _text_problem(value, what, allow_empty=allow_empty, block=block)
        if refused:
            self.problem(node, refused)
            return None
        tab = escaped_tab_warning(value, what, node.style) if block else None
        if tab:
            self.warning(node, tab)
        return value

    def not_text(self, node: Node, what: str) -> str:
        """Why a value that should be text is not, and what to do."""
        from yaml.nodes import MappingNode, ScalarNode

        message = f"{what} should be text, but YAML read {self.kind(node)}"
        if isinstance(node, ScalarNode) and node.tag != NULL_TAG:
            message += f'; put it in quotes: "{node.value}"'
        elif isinstance(node, MappingNode):
            message += mapping_read_hint()
        return message

    def slug(self, node: Node | None, what: str) -> str | None:
        value = self.text(node, what)
        if value is not None and node is not None and not SLUG_PATTERN.match(value):
            self.problem(
                node,
                f"{what} `{value}` should be lowercase letters, digits and hyphens "
                f"(for example `{slugify(value) or 'think-family'}`)",
            )
            return None
        return value

    def items(self, node: Node | None, what: str) -> Iterator[tuple[int, Node]]:
        """The numbered items of a list node, after checking it is one; aliases left out."""
        if node is None:
            return
        if not isinstance(node, self.sequence_node):
            self.problem(
                node, f"{what} should be a list (lines starting with `- `), not {self.kind(node)}"
            )
            return
        too_many = limits.list_problem(len(node.value), what)
        if too_many:
            self.problem(node, too_many)
            return
        for index, child in enumerate(node.value, start=1):
            if self.visit(child):
                yield index, child

    def sequence(
        self,
        node: Node | None,
        what: str,
        noun: str,
        item: Callable[[Node, str], T | None],
        owner: str,
    ) -> list[T] | None:
        """A list's values; each item is named `{noun} {number} of {owner}` in problems."""
        if node is None:
            return None
        values: list[T] = []
        for index, child in self.items(node, what):
            value = item(child, f"{noun} {index} of {owner}")
            if value is not None:
                values.append(value)
        return values

    def texts(self, node: Node | None, what: str, noun: str, owner: str) -> tuple[str, ...]:
        return tuple(self.sequence(node, what, noun, self.text, owner) or ())

    def slugs(self, node: Node | None, what: str, noun: str, owner: str) -> tuple[str, ...]:
        return tuple(self.sequence(node, what, noun, self.slug, owner) or ())


class _FileBuilder:
    """Builds what one file gives: its format version, its briefings and its glossary."""

    def __init__(self, nodes: _Nodes) -> None:
        self.nodes = nodes
        self.briefings = _BriefingBuilder(nodes)

    def build(self, root: Node) -> None:
        self.nodes.seen.add(id(root))
        keys = self.nodes.mapping(root, "the file", TOP_KEYS, ())
        if keys is not None and not self.version(keys.get("version")):
            return  # another format version: the rest of the file cannot be judged
        if keys is not None:
            self.nodes.require(root, keys, "the file", TOP_REQUIRED)
            if not any(key in keys for key in CONTENT_KEYS):
                self.nodes.problem(
                    root,
                    "the file has no `briefings` (nor a `glossary`, `synonyms` or `related` "
                    "section); "
                    "add `briefings:`",
                )
        if keys is None:
            if root.tag == "tag:yaml.org,2002:seq":
                self.nodes.content.problems[-1] = Problem(
                    self.nodes.content.path,
                    root.start_mark.line + 1,
                    root.start_mark.column + 1,
                    "the file should be a mapping starting with `version: 1` and `briefings:`, "
                    "not a list",
                )
            return
        briefings: list[Briefing] = []
        for index, child in self.nodes.items(keys.get("briefings"), "`briefings`"):
            briefing = self.briefings.briefing(child, index)
            if briefing is None:
                continue
            if briefing.id in self.nodes.content.ids:
                line = self.nodes.content.ids[briefing.id][0]
                self.nodes.problem(
                    child,
                    f"briefing id `{briefing.id}` is used twice in this file (first on line "
                    f"{line}); give each briefing its own id",
                )
                continue
            mark = _mark_of(child, "id")
            self.nodes.content.ids[briefing.id] = mark
            briefings.append(briefing)
        if "briefings" in keys and not briefings and not self.nodes.failures:
            self.nodes.problem(keys["briefings"], "`briefings` is empty; add at least one briefing")
        self.nodes.content.briefings = briefings
        self.words_for_search(keys)

    def words_for_search(self, keys: dict[str, Node]) -> None:
        """The file's glossary, thesaurus and related words."""
        content = self.nodes.content
        if "glossary" in keys:
            content.glossary = self.glossary(keys["glossary"])
        if "synonyms" in keys:
            content.synonyms = _SynonymBuilder(self.nodes).synonyms(keys["synonyms"])
        if "related" in keys:
            content.related = _SynonymBuilder(self.nodes).related(keys["related"])

    def version(self, node: Node | None) -> bool:
        """False (with a problem) when the file is in a format version learnref cannot read."""
        if node is None:
            return True  # missing: reported as a missing key; read the rest anyway
        if node.tag == INT_TAG and node.value == "1":
            return True
        if node.tag == STR_TAG and node.value.strip() == "1":
            self.nodes.problem(node, "`version` should be the number 1, without quotes")
            return True
        self.nodes.problem(
            node,
            f"unsupported data format version {getattr(node, 'value', '')!r}; "
            f"this learnref reads version {DATA_FORMAT_VERSION} (write `version: 1`)",
        )
        return False

    def glossary(self, node: Node) -> dict[str, str]:
        from yaml.nodes import MappingNode

        if not isinstance(node, MappingNode):
            self.nodes.problem(
                node,
                f"`glossary` should be a mapping of `TERM: expansion`, not {self.nodes.kind(node)}",
            )
            return {}
        too_many = limits.glossary_problem(len(node.value))
        if too_many:
            self.nodes.problem(node, too_many)
            return {}
        terms: dict[str, str] = {}
        lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not self.nodes.visit(value_node):
                continue
            term = self.nodes.text(key_node, "a glossary term")
            expansion = self.nodes.text(value_node, f"the glossary entry for {key_node.value!r}")
            if term is None or expansion is None:
                continue
            if term in terms:
                self.nodes.problem(
                    key_node, f"duplicate glossary term `{term}` (first on line {lines[term]})"
                )
                continue
            terms[term] = expansion
            lines[term] = key_node.start_mark.line + 1
        return terms


class _SynonymBuilder:
    """Builds a file's thesaurus: groups of words or phrases that mean the same for search."""

    def __init__(self, nodes: _Nodes) -> None:
        self.nodes = nodes

    def synonyms(self, node: Node) -> list[tuple[str, ...]]:
        """The thesaurus: groups of at least two words or phrases that mean the same."""
        groups: list[tuple[str, ...]] = []
        group_of: dict[str, int] = {}  # folded entry -> line of the group it is in
        for index, child in self.nodes.items(node, "`synonyms`"):
            group = self.synonym_group(child, index, group_of)
            if group:
                groups.append(group)
        return groups

    def synonym_group(
        self, node: Node, index: int, group_of: dict[str, int]
    ) -> tuple[str, ...] | None:
        what = f"synonym group {index}"
        entries: list[str] = []
        seen: set[str] = set()
        before = self.nodes.failures
        for _, child in self.nodes.items(node, what):
            entry = self.nodes.text(child, f"an entry of {what}")
            if entry is None:
                continue
            key = synonym_key(entry)
            if key in seen:
                self.nodes.problem(child, f"`{entry}` is in {what} twice")
                continue
            line = node.start_mark.line + 1
            if key in group_of and group_of[key] != line:
                # Groups that share an entry are joined when loaded; say so, it may be a slip.
                self.nodes.warning(
                    child,
                    f"`{entry}` is also in the synonym group on line {group_of[key]}; "
                    "the two groups are joined",
                )
            group_of.setdefault(key, line)
            seen.add(key)
            entries.append(entry)
        if self.nodes.failures != before:
            return None
        from yaml.nodes import SequenceNode

        if isinstance(node, SequenceNode) and len(entries) < 2:
            count = "is empty" if not entries else "has only one entry"
            self.nodes.problem(node, f"{what} {count}; a group needs at least two words or phrases")
            return None
        return tuple(entries)

    def related(self, node: Node) -> list[Related]:
        """The related words: everyday words and the professional words they suggest."""
        entries: list[Related] = []
        for index, child in self.nodes.items(node, "`related`"):
            entry = self.related_entry(child, index)
            if entry is not None:
                entries.append(entry)
        return entries

    def related_entry(self, node: Node, index: int) -> Related | None:
        what = f"related entry {index}"
        before = self.nodes.failures
        keys = self.nodes.mapping(node, what, RELATED_KEYS, RELATED_KEYS)
        if keys is None:
            return None
        lists = {key: self.phrases(keys.get(key), f"`{key}` of {what}") for key in RELATED_KEYS}
        words, suggest = lists["words"], lists["suggest"]
        both = {synonym_key(entry) for entry in words} & {synonym_key(e) for e in suggest}
        if both:
            self.nodes.problem(
                keys["suggest"],
                f"`{sorted(both)[0]}` is in both `words` and `suggest` of {what}; "
                "a word cannot suggest itself",
            )
        if self.nodes.failures != before:
            return None
        return Related(words, suggest)

    def phrases(self, node: Node | None, what: str) -> tuple[str, ...]:
        """A list of at least one word or phrase, none twice."""
        if node is None:
            return ()
        entries: list[str] = []
        seen: set[str] = set()
        for _, child in self.nodes.items(node, what):
            entry = self.nodes.text(child, f"an entry of {what}")
            if entry is None:
                continue
            if synonym_key(entry) in seen:
                self.nodes.problem(child, f"`{entry}` is in {what} twice")
                continue
            seen.add(synonym_key(entry))
            entries.append(entry)
        from yaml.nodes import SequenceNode

        if isinstance(node, SequenceNode) and not node.value:
            self.nodes.problem(node, f"{what} is empty; give at least one word or phrase")
        return tuple(entries)


class _BriefingBuilder:
    """Builds one briefing: its fields, its further reading and its themes."""

    def __init__(self, nodes: _Nodes) -> None:
        self.nodes = nodes
        self.theme_builder = _ThemeBuilder(nodes)

    def briefing(self, node: Node, index: int) -> Briefing | None:
        before = self.nodes.failures
        named = _slug_label(node, "id")
        label = f"briefing `{named}`" if named else f"briefing {index}"
        keys = self.nodes.mapping(node, label, BRIEFING_KEYS, BRIEFING_REQUIRED)
        if keys is None:
            return None
        briefing_id = self.nodes.slug(keys.get("id"), f"the `id` of {label}")
        themes = self.themes(keys, label, before)
        resources = self.nodes.sequence(
            keys.get("resources"), f"the `resources` of {label}", "resource", self.resource, label
        )
        url = self.nodes.text(keys.get("url"), f"the `url` of {label}")
        if url is not None:
            self.check_url(keys["url"], url, f"the `url` of {label}")
        elif "url" not in keys:
            self.nodes.warning(node, f"{label} has no `url`; readers cannot check the source")
        published = self.date(keys.get("published"), label)
        title = self.nodes.text(keys.get("title"), f"the `title` of {label}")
        publisher = self.nodes.text(keys.get("publisher"), f"the `publisher` of {label}")
        publisher_short = self.nodes.text(
            keys.get("publisher_short"), f"the `publisher_short` of {label}"
        )
        category = self.nodes.text(keys.get("category"), f"the `category` of {label}")
        summary = self.nodes.text(keys.get("summary"), f"the `summary` of {label}", block=True)
        remember = self.nodes.text(keys.get("remember"), f"the `remember` line of {label}")
        if self.nodes.failures > before or not (briefing_id and title and publisher and published):
            return None
        return Briefing(
            id=briefing_id,
            title=title,
            publisher=publisher,
            published=published,
            themes=tuple(themes),
            publisher_short=publisher_short,
            category=category,
            url=url,
            summary=summary,
            remember=remember,
            resources=tuple(resources or ()),
            source=self.nodes.content.path,
        )

    def themes(self, keys: dict[str, Node], label: str, before: int) -> list[Theme]:
        """A briefing's themes, each slug once; at least one unless something failed."""
        themes: list[Theme] = []
        slugs: dict[str, int] = {}
        for number, child in self.nodes.items(keys.get("themes"), f"the `themes` of {label}"):
            theme = self.theme_builder.theme(child, number, label)
            if theme is None:
                continue
            if theme.slug in slugs:
                self.nodes.problem(
                    child,
                    f"{label} has two themes with the slug `{theme.slug}` (first on line "
                    f"{slugs[theme.slug]}); merge them, or give one another `slug:`",
                )
                continue
            slugs[theme.slug] = child.start_mark.line + 1
            themes.append(theme)
        if "themes" in keys and not themes and self.nodes.failures == before:
            self.nodes.problem(keys["themes"], f"{label} has no themes; add at least one")
        return themes

    def check_url(self, node: Node, url: str, what: str) -> None:
        if not is_web_address(url):
            self.nodes.warning(node, f"{what} should start with https:// or http://")

    def date(self, node: Node | None, label: str) -> str | None:
        if node is None:
            return None
        from yaml.nodes import ScalarNode

        if isinstance(node, ScalarNode) and node.tag in (STR_TAG, TIMESTAMP_TAG):
            try:
                return dt.date.fromisoformat(node.value.strip()).isoformat()
            except ValueError:
                pass
            what = f"the `published` date of {label}"
            problem = placeholder_problem(node.value, what) or impossible_date_problem(
                node.value, label
            )
            if problem:
                self.nodes.problem(node, problem)
                return None
        self.nodes.problem(
            node,
            f"the `published` date of {label} should be written YYYY-MM-DD "
            f"(12 September 2023 is 2023-09-12), not {getattr(node, 'value', '')!r}",
        )
        return None

    def resource(self, node: Node, what: str) -> Resource | None:
        keys = self.nodes.mapping(node, what, RESOURCE_KEYS, RESOURCE_REQUIRED)
        if keys is None:
            return None
        title = self.nodes.text(keys.get("title"), f"the `title` of {what}")
        url = self.nodes.text(keys.get("url"), f"the `url` of {what}")
        if url is not None:
            self.check_url(keys["url"], url, f"the `url` of {what}")
        return Resource(title, url) if title else None


class _ThemeBuilder:
    """Builds one theme of a briefing: names, key messages, questions and note."""

    def __init__(self, nodes: _Nodes) -> None:
        self.nodes = nodes

    def theme(self, node: Node, index: int, briefing: str) -> Theme | None:
        before = self.nodes.failures
        named = _slug_label(node, "slug") or _title_label(node)
        label = f"theme `{named}`" if named else f"theme {index}"
        keys = self.nodes.mapping(node, f"{label} of {briefing}", THEME_KEYS, THEME_REQUIRED)
        if keys is None:
            return None
        title = self.nodes.text(keys.get("title"), f"the `title` of {label}")
        slug = (
            self.nodes.slug(keys.get("slug"), f"the `slug` of {label}") if "slug" in keys else None
        )
        if slug is None and title is not None and "slug" not in keys:
            slug = slugify(title)
            if not slug:
                self.nodes.problem(node, f"the theme title {title!r} gives no slug; add `slug:`")
        messages = self.nodes.texts(
            keys.get("messages"), f"the `messages` of {label}", "message", label
        )
        for number, text in enumerate(messages, start=1):
            if len(text) > LONG_MESSAGE_CHARS:
                self.nodes.warning(
                    keys["messages"].value[number - 1],
                    f"message {number} of {label} is {len(text)} characters long (over "
                    f"{LONG_MESSAGE_CHARS}); check it is one key message, not several run together",
                )
        note = self.nodes.text(keys.get("note"), f"the `note` of {label}", block=True)
        if "messages" in keys and not messages and note is None and self.nodes.failures == before:
            self.nodes.problem(
                keys["messages"],
                f"{label} has no messages; add a `note:` saying why (for example, "
                "that the source gives none)",
            )
        aliases = self.nodes.slugs(keys.get("aliases"), f"the `aliases` of {label}", "alias", label)
        tags = self.nodes.slugs(keys.get("tags"), f"the `tags` of {label}", "tag", label)
        questions = self.nodes.texts(
            keys.get("questions"), f"the `questions` of {label}", "question", label
        )
        if self.nodes.failures > before or not (title and slug):
            return None
        return Theme(
            title=title,
            slug=slug,
            messages=messages,
            aliases=aliases,
            tags=tags,
            questions=questions,
            note=note,
        )


def _text_problem(value: str, what: str, *, allow_empty: bool, block: bool) -> str | None:
    """Why a text value cannot be used (empty, a placeholder, a control character, a line
    break in a one-line field, past a limit), or None when it can."""
    if not allow_empty and not value.strip():
        return f"{what} is empty"
    placeholder = placeholder_problem(value, what)
    if placeholder:
        return placeholder
    if value.isprintable():
        # Controls, line breaks, tabs and invisible characters are all unprintable (Cc, Cf,
        # Zl, Zp): printable text, nearly every value, needs only its length checked.
        return limits.length_problem(value, what, block=block)
    control = CONTROL.search(value) or (None if block else LINE_BREAK_OR_TAB.search(value))
    if control:
        char = control.group()
        if char in "\n\t":
            kind = "a line break" if char == "\n" else "a tab"
            return (
                f"{what} contains {kind}; it should be one line of text "
                "(only `summary` and `note` may have several)"
            )
        return (
            f"{what} contains the control character U+{ord(char):04X}, which is not "
            "text; delete it (it often comes from copying out of a PDF or Word)"
        )
    return limits.text_problem(value, what, block=block)


def _scalar_value(node: Node, key: str) -> str | None:
    """The text of a `key: text` entry in a mapping node, if there is one (for labels)."""
    from yaml.nodes import MappingNode, ScalarNode

    if not isinstance(node, MappingNode):
        return None
    for key_node, value_node in node.value:
        if key_node.value == key and isinstance(value_node, ScalarNode):
            value = value_node.value
            return value if value_node.tag == STR_TAG and isinstance(value, str) else None
    return None


def _title_label(node: Node) -> str:
    """A theme's name for messages, from its title; none from a template placeholder."""
    title = _scalar_value(node, "title") or ""
    return "" if placeholder_problem(title, "") else slugify(title)


def _slug_label(node: Node, key: str) -> str | None:
    value = _scalar_value(node, key)
    return value if value and SLUG_PATTERN.match(value) else None


def _mark_of(node: Node, key: str) -> tuple[int, int]:
    """Where a key's value is written in a mapping node (the node itself when absent)."""
    for key_node, value_node in node.value:
        if key_node.value == key:
            return value_node.start_mark.line + 1, value_node.start_mark.column + 1
    return node.start_mark.line + 1, node.start_mark.column + 1


def _unknown_key_message(key: str, what: str, allowed: Sequence[str]) -> str:
    import difflib

    message = f"unknown key `{key}` in {what}"
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    if close:
        return f"{message}; did you mean `{close[0]}`?"
    return f"{message}; expected one of: {', '.join(allowed)}"


def duplicate_ids(
    contents: Iterable[FileContent],
) -> Iterator[tuple[FileContent, list[Problem]]]:
    """Each file with the briefing ids it shares with a file before it (those it keeps).

    A file with a clash is not counted as loaded, so its other ids clash with nothing.
    """
    where: dict[str, tuple[str, Briefing]] = {}
    for content in contents:
        clashes = []
        for briefing in content.briefings:
            if briefing.id in where:
                line, column = content.ids.get(briefing.id, (1, 1))
                clashes.append(
                    Problem(
                        content.path, line, column, _clash_message(briefing, *where[briefing.id])
                    )
                )
        if not clashes:
            for briefing in content.briefings:
                line, column = content.ids.get(briefing.id, (1, 1))
                where[briefing.id] = (f"{content.path}:{line}:{column}", briefing)
        yield content, clashes


def _clash_message(briefing: Briefing, loaded_from: str, loaded: Briefing) -> str:
    """Why a briefing cannot be loaded beside one with its id: a second copy of the same
    briefing (remove one file) or a different briefing (give one another id)."""
    if briefing._replace(source="") == loaded._replace(source=""):
        return (
            f"briefing `{briefing.id}` {ALREADY_LOADED} {loaded_from}, and this file holds "
            "the same briefing: remove one of the two copies"
        )
    return (
        f"briefing id `{briefing.id}` {ALREADY_LOADED} {loaded_from}, for a different "
        "briefing; give one of them another id"
    )


def merge(
    contents: Iterable[FileContent],
    *,
    skip: Callable[[FileContent, list[Problem]], bool] | None = None,
) -> Library:
    """One library from several files; a briefing id loaded twice is a problem naming both.

    `skip(content, clashes)` may answer True to leave a clashing file out instead.
    """
    briefings: list[Briefing] = []
    glossary: dict[str, str] = {}
    groups: list[tuple[str, ...]] = []
    related: list[Related] = []
    stems: dict[str, str] = {}
    problems: list[Problem] = []
    for content, clashes in duplicate_ids(contents):
        if clashes:
            if skip is None or not skip(content, clashes):
                problems.extend(clashes)
            continue
        briefings.extend(content.briefings)
        for term, expansion in content.glossary.items():
            glossary.setdefault(term, expansion)
        groups.extend(content.synonyms)
        related.extend(content.related)
        stems.update(content.stems)
    if problems:
        raise DataError(problems)
    return Library(
        tuple(briefings), glossary, merge_synonyms(groups), tuple(related), stems or None
    )


def synonym_key(entry: str) -> str:
    """How synonym entries are compared: without case or extra spaces."""
    return " ".join(entry.casefold().split())


def merge_synonyms(groups: Iterable[Sequence[str]]) -> tuple[tuple[str, ...], ...]:
    """Synonym groups joined where they share an entry; each entry kept as first written."""
    merged: list[dict[str, str]] = []  # key -> entry
    where: dict[str, int] = {}  # key -> index in merged
    for group in groups:
        entries = {synonym_key(entry): entry for entry in reversed(group)}
        targets = sorted({where[key] for key in entries if key in where})
        if targets:
            into = targets[0]
        else:
            into = len(merged)
            merged.append({})
        for other in targets[1:]:
            for key, entry in merged[other].items():
                merged[into].setdefault(key, entry)
                where[key] = into
            merged[other] = {}
        for key in (synonym_key(entry) for entry in group):
            merged[into].setdefault(key, entries[key])
            where[key] = into
    return tuple(tuple(group.values()) for group in merged if len(group) >= 2)
