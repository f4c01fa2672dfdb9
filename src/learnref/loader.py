"""Read briefing files into the model, reporting every problem as FILE:LINE:COLUMN.

The YAML is parsed by PyYAML's C parser into a node tree, and the model is built straight
from the nodes: one pass that both validates (with positions) and constructs, which is
faster than PyYAML's own construction and sees what it hides (duplicate keys, aliases,
YAML 1.1 booleans and numbers where text belongs).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from .errors import DataError, Problem
from .model import DATA_FORMAT_VERSION, Briefing, Library, Resource, Theme

if TYPE_CHECKING:
    from yaml.nodes import Node

# A file larger than this is refused before it is read: a real briefing file is a few
# kilobytes, and a national collection of thousands of briefings fits well inside it.
MAX_FILE_BYTES = 32 * 1024 * 1024

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
STR_TAG = "tag:yaml.org,2002:str"
INT_TAG = "tag:yaml.org,2002:int"
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
NULL_TAG = "tag:yaml.org,2002:null"

TOP_KEYS = ("version", "briefings", "glossary")
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
THEME_KEYS = ("title", "slug", "aliases", "tags", "messages", "questions", "note")
RESOURCE_KEYS = ("title", "url")

_TAG_NAMES = {
    "tag:yaml.org,2002:bool": "a true/false value",
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:null": "an empty value",
    "tag:yaml.org,2002:timestamp": "a date",
    "tag:yaml.org,2002:map": "a mapping",
    "tag:yaml.org,2002:seq": "a list",
}

T = TypeVar("T")


def slugify(title: str) -> str:
    """The slug of a title: lowercase letters and digits joined by hyphens."""
    return "-".join(re.findall(r"[a-z0-9]+", title.lower()))


def bundled_data_path() -> Path:
    """Where the bundled briefing file is: inside the package when installed from a wheel,
    at the top of the checkout for an editable install or `uv run`."""
    here = Path(__file__).resolve().parent
    packaged = here / "data" / "briefings.yaml"
    if packaged.is_file():
        return packaged
    return here.parent.parent / "data" / "briefings.yaml"


class FileContent:
    """What one file gives: its briefings and glossary, or the problems that stop it."""

    __slots__ = ("briefings", "glossary", "path", "problems", "warnings")

    def __init__(self, path: str) -> None:
        self.path = path
        self.briefings: list[Briefing] = []
        self.glossary: dict[str, str] = {}
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []


def read_file(path: Path, display: str | None = None) -> FileContent:
    """Read and validate one briefing file; problems are collected, never raised."""
    name = display or str(path)
    content = FileContent(name)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            content.problems.append(
                Problem(
                    name,
                    1,
                    1,
                    f"the file is {size / 1048576:.1f} MB, over the {MAX_FILE_BYTES // 1048576} MB "
                    "limit for one briefing file; split it into several files",
                )
            )
            return content
        raw = path.read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        content.problems.append(Problem(name, 1, 1, f"cannot read the file: {reason}"))
        return content
    _parse(raw, content)
    return content


def parse_bytes(raw: bytes, name: str) -> FileContent:
    """Validate briefing data held in memory, as if read from a file called `name`."""
    content = FileContent(name)
    _parse(raw, content)
    return content


def _parse(raw: bytes, content: FileContent) -> None:
    name = content.path
    if b"\x00" in raw:
        content.problems.append(
            Problem(name, 1, 1, "this is not a text file; briefing files are YAML text")
        )
        return
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
        return
    if not text.strip():
        content.problems.append(
            Problem(name, 1, 1, "the file is empty; start from `learnref init FILE`")
        )
        return

    import yaml

    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        loader = loader_class(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
        if "&" in text:
            _check_anchors(text, name, content.problems)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = str(error.problem or error.context or "this is not valid YAML")
        if "\t" in message or "'\\t'" in message:
            message += "; indent with spaces, not tabs"
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        content.problems.append(Problem(name, line, column, f"YAML: {message}"))
        return
    except yaml.YAMLError as error:
        content.problems.append(Problem(name, 1, 1, f"YAML: {error}"))
        return
    if root is None:
        content.problems.append(Problem(name, 1, 1, "the file holds no data"))
        return
    _Builder(content).build(root)


def _position(raw: bytes, offset: int) -> tuple[int, int]:
    line_start = raw.rfind(b"\n", 0, offset) + 1
    return raw.count(b"\n", 0, offset) + 1, offset - line_start + 1


_ANCHOR_HINT = re.compile(r"(?:^|[\s\[{,:-])&\S", re.MULTILINE)


def _check_anchors(text: str, name: str, problems: list[Problem]) -> None:
    """Report anchors even when unused; the text is only re-read when one may be there."""
    if not _ANCHOR_HINT.search(text):
        return
    import yaml

    for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        anchor = getattr(event, "anchor", None)
        if anchor and not isinstance(event, yaml.AliasEvent):
            mark = event.start_mark
            line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            problems.append(
                Problem(
                    name,
                    line,
                    column,
                    f"YAML anchors (&{anchor}) are not allowed; write the text out in full",
                )
            )


class _Builder:
    """Walks the node tree once, building the model and noting every problem."""

    def __init__(self, content: FileContent) -> None:
        self.content = content
        self.seen: set[int] = set()

    def problem(self, node: Node, message: str) -> None:
        mark = node.start_mark
        self.content.problems.append(
            Problem(self.content.path, mark.line + 1, mark.column + 1, message)
        )

    def warning(self, node: Node, message: str) -> None:
        mark = node.start_mark
        self.content.warnings.append(
            Problem(self.content.path, mark.line + 1, mark.column + 1, message, "warning")
        )

    def visit(self, node: Node) -> bool:
        """False (with a problem) when the node was reached before: an alias."""
        key = id(node)
        if key in self.seen:
            self.problem(node, "YAML aliases (*name) are not allowed; write the text out in full")
            return False
        self.seen.add(key)
        return True

    def kind(self, node: Node) -> str:
        return _TAG_NAMES.get(node.tag, "a custom-tagged value")

    def mapping(
        self, node: Node, what: str, allowed: Sequence[str], required: Sequence[str]
    ) -> dict[str, Node] | None:
        """The keys of a mapping node, after checking kind, unknown, duplicate and missing keys."""
        from yaml.nodes import MappingNode

        if not isinstance(node, MappingNode):
            self.problem(
                node, f"{what} should be a mapping of `key: value` lines, not {self.kind(node)}"
            )
            return None
        keys: dict[str, Node] = {}
        for key_node, value_node in node.value:
            if not self.visit(value_node):
                continue
            key = key_node.value if key_node.tag == STR_TAG else None
            if not isinstance(key, str):
                self.problem(key_node, f"{what} has a key that is not text: {key_node.value!r}")
                continue
            if key in keys:
                first = keys[key].start_mark.line + 1
                self.problem(key_node, f"duplicate key `{key}` in {what} (first on line {first})")
                continue
            if key not in allowed:
                self.problem(key_node, _unknown_key_message(key, what, allowed))
                continue
            keys[key] = value_node
        for key in required:
            if key not in keys:
                self.problem(node, f"{what} is missing the required key `{key}`")
        return keys

    def text(self, node: Node | None, what: str, *, allow_empty: bool = False) -> str | None:
        if node is None:
            return None
        from yaml.nodes import ScalarNode

        if not isinstance(node, ScalarNode) or node.tag != STR_TAG:
            message = f"{what} should be text, but YAML read {self.kind(node)}"
            if isinstance(node, ScalarNode) and node.tag != NULL_TAG:
                message += f'; put it in quotes: "{node.value}"'
            self.problem(node, message)
            return None
        value: str = node.value
        if not allow_empty and not value.strip():
            self.problem(node, f"{what} is empty")
            return None
        return value

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

    def sequence(
        self, node: Node | None, what: str, item: Callable[[Node, str], T | None]
    ) -> list[T] | None:
        if node is None:
            return None
        from yaml.nodes import SequenceNode

        if not isinstance(node, SequenceNode):
            self.problem(
                node, f"{what} should be a list (lines starting with `- `), not {self.kind(node)}"
            )
            return None
        values: list[T] = []
        for index, child in enumerate(node.value, start=1):
            if not self.visit(child):
                continue
            value = item(child, f"{what} item {index}")
            if value is not None:
                values.append(value)
        return values

    def texts(self, node: Node | None, what: str) -> tuple[str, ...]:
        """A list of text items; the common, valid case is checked inline because a large
        collection has tens of thousands of messages."""
        from yaml.nodes import ScalarNode, SequenceNode

        if not isinstance(node, SequenceNode):
            return tuple(self.sequence(node, what, self.text) or ())
        values: list[str] = []
        seen = self.seen
        for index, child in enumerate(node.value, start=1):
            key = id(child)
            if key not in seen and child.tag == STR_TAG and type(child) is ScalarNode:
                value: str = child.value
                if value.strip():
                    seen.add(key)
                    values.append(value)
                    continue
            if self.visit(child):
                checked = self.text(child, f"{what} item {index}")
                if checked is not None:
                    values.append(checked)
        return tuple(values)

    def slugs(self, node: Node | None, what: str) -> tuple[str, ...]:
        return tuple(self.sequence(node, what, self.slug) or ())

    # The format, from the top down.

    def build(self, root: Node) -> None:
        self.seen.add(id(root))
        keys = self.mapping(root, "the file", TOP_KEYS, ("version", "briefings"))
        if keys is None:
            if root.tag == "tag:yaml.org,2002:seq":
                self.content.problems[-1] = Problem(
                    self.content.path,
                    root.start_mark.line + 1,
                    root.start_mark.column + 1,
                    "the file should be a mapping starting with `version: 1` and `briefings:`, "
                    "not a list",
                )
            return
        version = keys.get("version")
        if version is not None and (version.tag != INT_TAG or version.value != "1"):
            self.problem(
                version,
                f"unsupported data format version {version.value!r}; "
                f"this learnref reads version {DATA_FORMAT_VERSION}",
            )
            return
        briefings = self.sequence(keys.get("briefings"), "briefings", self.briefing)
        if briefings is not None and not briefings and not self.content.problems:
            self.problem(keys["briefings"], "`briefings` is empty; add at least one briefing")
        self.content.briefings = briefings or []
        glossary = keys.get("glossary")
        if glossary is not None:
            self.content.glossary = self.glossary(glossary)

    def briefing(self, node: Node, what: str) -> Briefing | None:
        keys = self.mapping(
            node,
            f"briefing ({what})",
            BRIEFING_KEYS,
            ("id", "title", "publisher", "published", "themes"),
        )
        if keys is None:
            return None
        before = len(self.content.problems)
        briefing_id = self.slug(keys.get("id"), "the briefing `id`")
        label = f"briefing `{briefing_id}`" if briefing_id else f"briefing ({what})"
        themes = self.sequence(keys.get("themes"), f"the themes of {label}", self.theme) or []
        if keys.get("themes") is not None and not themes and len(self.content.problems) == before:
            self.problem(keys["themes"], f"{label} has no themes; add at least one")
        slugs: dict[str, Theme] = {}
        for theme in themes:
            if theme.slug in slugs:
                self.problem(
                    node, f"{label} has two themes with the slug `{theme.slug}`; give one a `slug:`"
                )
            slugs[theme.slug] = theme
        resources = self.sequence(keys.get("resources"), f"the resources of {label}", self.resource)
        url = self.text(keys.get("url"), "`url`")
        if url is None and "url" not in keys:
            self.warning(node, f"{label} has no `url`; readers cannot check the source")
        published = self.date(keys.get("published"))
        title = self.text(keys.get("title"), "the briefing `title`")
        publisher = self.text(keys.get("publisher"), "`publisher`")
        if len(self.content.problems) > before:
            return None
        assert briefing_id
        assert title
        assert publisher
        assert published
        return Briefing(
            id=briefing_id,
            title=title,
            publisher=publisher,
            published=published,
            themes=tuple(themes),
            publisher_short=self.text(keys.get("publisher_short"), "`publisher_short`"),
            category=self.text(keys.get("category"), "`category`"),
            url=url,
            summary=self.text(keys.get("summary"), "`summary`"),
            remember=self.text(keys.get("remember"), "`remember`"),
            resources=tuple(resources or ()),
            source=self.content.path,
        )

    def date(self, node: Node | None) -> str | None:
        if node is None:
            return None
        from yaml.nodes import ScalarNode

        if isinstance(node, ScalarNode) and node.tag in (STR_TAG, TIMESTAMP_TAG):
            try:
                return dt.date.fromisoformat(node.value.strip()).isoformat()
            except ValueError:
                pass
        self.problem(
            node,
            f"`published` should be a date written YYYY-MM-DD (for example 2023-09-12), "
            f"not {getattr(node, 'value', '')!r}",
        )
        return None

    def theme(self, node: Node, what: str) -> Theme | None:
        keys = self.mapping(node, f"theme ({what})", THEME_KEYS, ("title", "messages"))
        if keys is None:
            return None
        before = len(self.content.problems)
        title = self.text(keys.get("title"), "the theme `title`")
        slug = self.slug(keys.get("slug"), "the theme `slug`") if "slug" in keys else None
        if slug is None and title is not None and "slug" not in keys:
            slug = slugify(title)
            if not slug:
                self.problem(node, f"the theme title {title!r} gives no slug; add `slug:`")
        label = f"theme `{slug}`" if slug else f"theme ({what})"
        messages = self.texts(keys.get("messages"), f"the messages of {label}")
        note = self.text(keys.get("note"), "`note`")
        if (
            "messages" in keys
            and not messages
            and note is None
            and len(self.content.problems) == before
        ):
            self.problem(
                keys["messages"],
                f"{label} has no messages; add a `note:` saying why (for example, "
                "that the source gives none)",
            )
        theme = Theme(
            title=title or "",
            slug=slug or "",
            messages=messages,
            aliases=self.slugs(keys.get("aliases"), f"the aliases of {label}"),
            tags=self.slugs(keys.get("tags"), f"the tags of {label}"),
            questions=self.texts(keys.get("questions"), f"the questions of {label}"),
            note=note,
        )
        return None if len(self.content.problems) > before else theme

    def resource(self, node: Node, what: str) -> Resource | None:
        keys = self.mapping(node, f"resource ({what})", RESOURCE_KEYS, ("title",))
        if keys is None:
            return None
        title = self.text(keys.get("title"), "the resource `title`")
        url = self.text(keys.get("url"), "the resource `url`")
        return Resource(title, url) if title else None

    def glossary(self, node: Node) -> dict[str, str]:
        from yaml.nodes import MappingNode

        if not isinstance(node, MappingNode):
            self.problem(
                node, f"`glossary` should be a mapping of `TERM: expansion`, not {self.kind(node)}"
            )
            return {}
        terms: dict[str, str] = {}
        lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            term = self.text(key_node, "a glossary term")
            expansion = self.text(value_node, f"the glossary entry for {key_node.value!r}")
            if term is None or expansion is None:
                continue
            if term in terms:
                self.problem(
                    key_node, f"duplicate glossary term `{term}` (first on line {lines[term]})"
                )
                continue
            terms[term] = expansion
            lines[term] = key_node.start_mark.line + 1
        return terms


def _unknown_key_message(key: str, what: str, allowed: Sequence[str]) -> str:
    import difflib

    message = f"unknown key `{key}` in {what}"
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    if close:
        return f"{message}; did you mean `{close[0]}`?"
    return f"{message}; expected one of: {', '.join(allowed)}"


def yaml_files(directory: Path) -> list[Path]:
    """The briefing files directly inside a directory, sorted by name."""
    try:
        entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
    except OSError:
        return []
    return [
        Path(entry.path)
        for entry in entries
        if entry.name.endswith((".yaml", ".yml")) and not entry.name.startswith(".")
    ]


def merge(contents: Iterable[FileContent]) -> Library:
    """One library from several files; a briefing id loaded twice is a problem naming both."""
    briefings: list[Briefing] = []
    glossary: dict[str, str] = {}
    where: dict[str, str] = {}
    problems: list[Problem] = []
    for content in contents:
        for briefing in content.briefings:
            if briefing.id in where:
                problems.append(
                    Problem(
                        content.path,
                        1,
                        1,
                        f"briefing id `{briefing.id}` is already loaded from {where[briefing.id]}; "
                        "give one of them another id",
                    )
                )
                continue
            where[briefing.id] = content.path
            briefings.append(briefing)
        for term, expansion in content.glossary.items():
            glossary.setdefault(term, expansion)
    if problems:
        raise DataError(problems)
    return Library(tuple(briefings), glossary)


def load_bundled() -> FileContent:
    """The bundled briefing file, validated (it is checked by the tests before release)."""
    return read_file(bundled_data_path(), "bundled data (briefings.yaml)")


def load_library(paths: Sequence[Path] = (), *, bundled: bool = True) -> Library:
    """Load the bundled file and the given files or directories into one library."""
    contents: list[FileContent] = []
    if bundled:
        contents.append(load_bundled())
    for path in paths:
        files = yaml_files(path) if path.is_dir() else [path]
        contents.extend(read_file(file) for file in files)
    problems = [problem for content in contents for problem in content.problems]
    if problems:
        raise DataError(problems)
    return merge(contents)
