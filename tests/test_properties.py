"""Properties that hold for any input: search on any query, the loader on any bytes.

Hypothesis generates the inputs. Under CI (CI=true) the examples are the same on every
run; locally they vary, to find new cases.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from learnref import commands
from learnref.errors import LearnrefError, NotFoundError, Problem, UsageError
from learnref.folding import words
from learnref.limits import REFUSED_CHARACTERS
from learnref.loader import (
    BRIEFING_KEYS,
    RESOURCE_KEYS,
    THEME_KEYS,
    TOP_KEYS,
    FileContent,
    merge,
)
from learnref.model import Briefing, Library, Resource, Theme, slugify
from learnref.search import MIN_SCORE, STOPWORDS, Index
from learnref.store import Store

from . import briefing_files
from .briefing_files import read_bundled


def examples(count: int) -> settings:
    """Settings for a property: `count` examples, no per-example deadline. The autouse
    fixture in conftest.py gives each test a fresh cache folder; the examples of one test
    share it, since nothing here writes a cache."""
    return settings(
        max_examples=count,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


NAME = "x.yaml"


def load_library() -> Library:
    """The bundled briefing file, validated and merged as learnref loads it."""
    return merge([read_bundled()])


# The bundled library, loaded once for the module.


@pytest.fixture(scope="module")
def library() -> Library:
    """The bundled library as the loader gives it."""
    return load_library()


@pytest.fixture(scope="module")
def store() -> Iterator[Store]:
    """The bundled library in an in-memory store, as `--no-cache` opens it."""
    opened = commands.open_library(use_cache=False)
    yield opened
    opened.db.close()


def message_keys(library: Library) -> set[tuple[str, str, int, str]]:
    """Every key message as (briefing id, theme slug, number, text)."""
    return {
        (message.briefing.id, message.theme.slug, message.number, message.text)
        for message in library.messages()
    }


# Query text: anything a person could type or paste, and what the FTS5 query language means.

BUNDLED_WORDS = sorted(
    {word for message in load_library().messages() for word in words(message.text)}
)
FTS5_SYNTAX = ['"', "*", "(", ")", ":", "^", "-", "+", "NEAR", "AND", "OR", "NOT", ",", "{", "}"]
FTS5_SYNTAX += [
    "NEAR(",
    "text:",
    "message:",
    "-text",
    "^chron",
    "''",
    "\\",
    "'",
    ".",
    "/",
    "%",
    "_",
]


def typo(word: str, position: int, char: str) -> str:
    """The word with one character replaced, dropped or doubled."""
    if not word:
        return char
    at = position % len(word)
    return word[:at] + char + word[at + 1 :]


words_or_typos = st.sampled_from(BUNDLED_WORDS) | st.builds(
    typo, st.sampled_from(BUNDLED_WORDS), st.integers(0, 40), st.sampled_from("aeiorstx")
)
fts5_text = st.lists(
    st.sampled_from(FTS5_SYNTAX) | words_or_typos | st.sampled_from([" ", "  ", "\t"]),
    max_size=20,
).map("".join)
any_text = st.text(max_size=200)
# Command-line arguments that are not UTF-8 reach Python as lone surrogates (surrogateescape).
with_surrogates = st.text(
    st.characters(min_codepoint=0xDC80, max_codepoint=0xDCFF, categories=["Cs"]) | st.characters(),
    max_size=50,
)
control_text = st.text(st.characters(max_codepoint=0x1F) | st.sampled_from("ab \x7f\x85"))
long_text = st.builds(
    lambda word, count, sep: sep.join([word] * count),
    words_or_typos | st.sampled_from(FTS5_SYNTAX),
    st.integers(1_000, 20_000),
    st.sampled_from([" ", "", "-", " OR ", "*"]),
)
queries = st.one_of(fts5_text, any_text, with_surrogates, control_text, long_text)


@examples(120)
@given(
    query=queries,
    limit=st.integers(1, 30) | st.integers(2**62, 2**80),
    filters=st.sampled_from(
        [
            (None, None),
            ("think-family", None),
            ("working-together-and-sharing-information", None),
            ("child-sexual-abuse", None),
            (None, "hscp-2023-09-learning-from-reviews"),
            ("think-family", "no-such-briefing"),
        ]
    ),
)
def test_search_any_query(
    store: Store,
    library: Library,
    query: str,
    limit: int,
    filters: tuple[str | None, str | None],
) -> None:
    """Any query gives real messages, ranked by non-increasing score, the same every time,
    or a UsageError when it is blank; nothing else is ever raised."""
    theme, briefing = filters
    if not query.strip():
        with pytest.raises(UsageError):
            Index(store).search(query, limit=limit, theme=theme, briefing=briefing)
        return
    first = Index(store).search(query, limit=limit, theme=theme, briefing=briefing)
    again = Index(store).search(query, limit=limit, theme=theme, briefing=briefing)
    assert first == again
    assert first.query == query
    assert len(first.hits) <= min(limit, len(library.messages()))
    assert [hit.rank for hit in first.hits] == list(range(1, len(first.hits) + 1))
    scores = [hit.score for hit in first.hits]
    assert scores == sorted(scores, reverse=True)
    assert all(MIN_SCORE <= score <= 100 for score in scores)
    known = message_keys(library)
    for hit in first.hits:
        message = hit.message
        assert (message.briefing.id, message.theme.slug, message.number, message.text) in known
        assert theme is None or message.theme.slug == theme
        assert briefing is None or message.briefing.id == briefing
        assert all(0 <= start < end <= len(message.text) for start, end in hit.spans)
        assert hit.matched_terms


@examples(60)
@given(query=queries)
def test_search_messages_raises_only_learnref_errors(store: Store, query: str) -> None:
    """The command's search call gives hits, or a NotFoundError or UsageError: nothing else."""
    error: LearnrefError | None = None
    try:
        result = commands.search_messages(store, query)
        commands.require_search_hits(result)
    except LearnrefError as caught:
        error = caught
    if error is None:
        assert result.hits
    else:
        assert isinstance(error, (NotFoundError, UsageError))
        assert all(line.strip() for line in error.lines())


@examples(25)
@given(data=st.data())
def test_message_text_finds_itself(store: Store, library: Library, data: st.DataObject) -> None:
    """Searching for a key message's own text finds that message."""
    message = data.draw(st.sampled_from(library.messages()))
    assume(any(word not in STOPWORDS for word in words(message.text)))
    result = Index(store).search(message.text, limit=100)
    found = [(hit.message.theme.slug, hit.message.number) for hit in result.hits]
    assert (message.theme.slug, message.number) in found


# The loader on any document: problems with positions, never an exception.


def check_content(raw: bytes, content: FileContent) -> None:
    """What must hold for whatever the loader gives."""
    lines = len(raw.decode("utf-8", "replace").splitlines()) + 1
    assert content.path == NAME
    for problem in [*content.problems, *content.warnings]:
        assert problem.path == NAME
        assert 1 <= problem.line <= lines, problem
        assert problem.column >= 1, problem
        assert problem.message.strip(), problem
        # One problem is one line of output: FILE:LINE:COLUMN: message.
        assert not re.search(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]", str(problem)), problem
    assert {problem.severity for problem in content.problems} <= {"error"}
    assert {problem.severity for problem in content.warnings} <= {"warning"}
    if not content.problems:
        assert content.briefings


def parse(raw: bytes) -> FileContent:
    content = briefing_files.parse(raw, NAME)
    check_content(raw, content)
    return content


scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=30)
    | st.dates()
    | st.binary(max_size=10)
)
anything = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=10) | st.integers(), children, max_size=4)
    ),
    max_leaves=20,
)
texts_or_not = st.text(max_size=20) | anything
theme_like = st.dictionaries(
    st.sampled_from([*THEME_KEYS, "mesages"]),  # and a misspelt key
    texts_or_not | st.lists(texts_or_not, max_size=3),
)
briefing_like = st.dictionaries(
    st.sampled_from([*BRIEFING_KEYS, "tittle"]),  # and a misspelt key
    texts_or_not | st.lists(theme_like, max_size=3) | st.dates(),
)
document_like = st.fixed_dictionaries(
    {"version": st.just(1) | anything, "briefings": st.lists(briefing_like, max_size=3) | anything},
    optional={
        "glossary": st.dictionaries(st.text(max_size=8), texts_or_not, max_size=3) | anything
    },
)
YAML_PIECES = [
    "- ",
    ": ",
    "\n",
    "  ",
    "\t",
    "&a ",
    "*a",
    "!!str ",
    "!tag ",
    "[",
    "]",
    "{",
    "}",
    "'",
    '"',
    "# c",
    "---\n",
    "...\n",
    "? ",
    "|\n",
    ">-\n",
    "%YAML 1.1\n",
    "version: 1\n",
    "briefings:\n",
    "id: a\n",
    "themes:\n",
    "messages:\n",
    "no",
    "12:30",
    "010",
    "~",
    "\r\n",
    "\r",
    "\x85",
    "\u2028",
    "\ufeff",
    "\x07",
    "é",
    "\\x",
]
yaml_ish = st.lists(st.sampled_from(YAML_PIECES) | st.text(max_size=5), max_size=40).map(
    lambda pieces: "".join(pieces).encode("utf-8", "surrogatepass")
)


def dumped(value: Any) -> bytes:
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False).encode("utf-8")


raw_documents = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=300).map(lambda text: text.encode("utf-8", "surrogatepass")),
    yaml_ish,
    anything.map(dumped),
    document_like.map(dumped),
    st.binary(max_size=40).map(lambda junk: b"version: 1\nbriefings:\n  - id: " + junk),
)


@examples(250)
@given(raw=raw_documents)
@example(raw=b"\x01")  # once reported at 1:1 on two lines
@example(raw=b'"\\r":')  # once an unknown key that broke the line
@example(raw=b"version: 1\nbriefings:\n  - title: x\n")  # once an AssertionError
def test_loader_any_document(raw: bytes) -> None:
    """Any bytes give briefings with no problems, or located one-line problems; never an
    exception."""
    parse(raw)


# A YAML writer of our own, which records the line each value is written on.


class Raw(str):
    """A YAML token written as it is, unquoted (a number, a date, a flow list)."""


def quote(text: str) -> str:
    """Text as a YAML double-quoted scalar that any YAML reader gives back exactly."""
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif 0x20 <= code < 0x7F:
            out.append(char)
        elif code < 0x100:
            out.append(f"\\x{code:02x}")
        elif code < 0x10000:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


Path_ = tuple[str | int, ...]


FORMAT_KEYS = {*TOP_KEYS, *BRIEFING_KEYS, *THEME_KEYS, *RESOURCE_KEYS}


class Writer:
    """Writes nested dicts, lists and text as block YAML, noting the line of every path."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.where: dict[Path_, int] = {}

    def scalar(self, value: Any) -> str:
        if isinstance(value, Raw):
            return str(value)
        if isinstance(value, str):
            return quote(value)
        if value == []:
            return "[]"
        assert value == {}, value
        return "{}"

    def mapping(self, mapping: dict[str, Any], indent: int, path: Path_, item: bool) -> None:
        for index, (key, value) in enumerate(mapping.items()):
            prefix = " " * indent
            if item and index == 0:
                prefix = " " * (indent - 2) + "- "
            self.entry(prefix, key, value, indent, (*path, key))

    def entry(self, prefix: str, key: str, value: Any, indent: int, path: Path_) -> None:
        self.where[path] = len(self.lines) + 1
        written = key if key in FORMAT_KEYS else quote(key)
        if isinstance(value, dict) and value:
            self.lines.append(f"{prefix}{written}:")
            self.mapping(value, indent + 2, path, item=False)
        elif isinstance(value, list) and value:
            self.lines.append(f"{prefix}{written}:")
            for position, child in enumerate(value):
                item_path = (*path, position)
                self.where[item_path] = len(self.lines) + 1
                if isinstance(child, dict) and child:
                    self.mapping(child, indent + 4, item_path, item=True)
                else:
                    self.lines.append(" " * (indent + 2) + "- " + self.scalar(child))
        else:
            self.lines.append(f"{prefix}{written}: {self.scalar(value)}")

    def write(self, document: dict[str, Any]) -> bytes:
        self.mapping(document, 0, (), item=False)
        return ("\n".join(self.lines) + "\n").encode("utf-8")


# Models: what the loader must give back.


def texts(exclude: str = "") -> st.SearchStrategy[str]:
    """Text a briefing field may hold: any characters but lone surrogates, control
    characters and line or paragraph separators (which the loader rejects in one-line
    fields), not all white space, and not a template placeholder (`FILL IN...`, refused)."""
    alphabet = st.characters(
        exclude_categories=["Cs", "Cc", "Zl", "Zp"],
        # The invisible characters the loader refuses, and the joiners it allows only
        # inside a word.
        exclude_characters=exclude + REFUSED_CHARACTERS + "\u200c\u200d",
    )
    return st.text(alphabet, min_size=1, max_size=40).filter(
        lambda text: text.strip() and not text.strip().startswith("FILL IN")
    )


yaml_text = texts()
# PyYAML's emitter writes NEL (U+0085) raw inside single quotes, where YAML reads a line
# break and folds it to a space: yaml.safe_dump cannot carry it, whatever reads the file.
dumpable_text = texts(exclude="\x85")
slugs = st.lists(
    st.text(string.ascii_lowercase + string.digits, min_size=1, max_size=8), min_size=1, max_size=3
).map("-".join)


@st.composite
def themes(draw: st.DrawFn, text: st.SearchStrategy[str]) -> Theme:
    title = draw(text)
    slug = slugify(title)
    if not slug or draw(st.booleans()):
        slug = draw(slugs)
    messages = tuple(draw(st.lists(text, max_size=4)))
    note = draw(text) if not messages else draw(st.none() | text)
    return Theme(
        title=title,
        slug=slug,
        messages=messages,
        aliases=tuple(draw(st.lists(slugs, max_size=2))),
        tags=tuple(draw(st.lists(slugs, max_size=2))),
        questions=tuple(draw(st.lists(text, max_size=2))),
        note=note,
    )


@st.composite
def briefings(draw: st.DrawFn, text: st.SearchStrategy[str]) -> Briefing:
    optional = st.none() | text
    return Briefing(
        id=draw(slugs),
        title=draw(text),
        publisher=draw(text),
        published=draw(st.dates()).isoformat(),
        themes=tuple(
            draw(st.lists(themes(text), min_size=1, max_size=3, unique_by=lambda t: t.slug))
        ),
        publisher_short=draw(optional),
        category=draw(optional),
        url=draw(optional),
        summary=draw(optional),
        remember=draw(optional),
        resources=tuple(draw(st.lists(st.builds(Resource, text, optional), max_size=2))),
        source=NAME,
    )


def libraries(text: st.SearchStrategy[str], size: int = 3) -> st.SearchStrategy[Library]:
    """Libraries of up to `size` briefings and a glossary, all written in `text`."""
    return st.builds(
        Library,
        st.lists(briefings(text), min_size=1, max_size=size, unique_by=lambda b: b.id).map(tuple),
        st.dictionaries(text, text, max_size=size),
    )


def as_document(library: Library, *, quote_dates: bool = False) -> dict[str, Any]:
    """The library as the data format's nested dicts, lists and text."""

    def present(fields: dict[str, Any]) -> dict[str, Any]:
        return {key: value for key, value in fields.items() if value not in (None, ())}

    def theme(item: Theme) -> dict[str, Any]:
        fields = present(
            {
                "title": item.title,
                "slug": item.slug if item.slug != slugify(item.title) else None,
                "aliases": list(item.aliases),
                "tags": list(item.tags),
                "questions": list(item.questions),
                "note": item.note,
            }
        )
        fields["messages"] = list(item.messages)
        return fields

    def briefing(item: Briefing) -> dict[str, Any]:
        return present(
            {
                "id": item.id,
                "title": item.title,
                "publisher": item.publisher,
                "publisher_short": item.publisher_short,
                "published": item.published if quote_dates else Raw(item.published),
                "category": item.category,
                "url": item.url,
                "summary": item.summary,
                "remember": item.remember,
                "resources": [present(resource._asdict()) for resource in item.resources],
                "themes": [theme(each) for each in item.themes],
            }
        )

    document: dict[str, Any] = {
        "version": Raw("1"),
        "briefings": [briefing(item) for item in library.briefings],
    }
    if library.glossary:
        document["glossary"] = dict(library.glossary)
    return document


def plain(value: Any) -> Any:
    """A document with Raw tokens turned into what yaml.safe_dump should write."""
    if isinstance(value, Raw):
        return int(value) if value.isdigit() else dt.date.fromisoformat(value)
    if isinstance(value, dict):
        return {key: plain(child) for key, child in value.items()}
    if isinstance(value, list):
        return [plain(child) for child in value]
    return value


def assert_same(content: FileContent, library: Library) -> None:
    assert content.problems == []
    assert len(content.briefings) == len(library.briefings)
    for loaded, expected in zip(content.briefings, library.briefings, strict=True):
        assert loaded._replace(themes=()) == expected._replace(themes=())
        assert len(loaded.themes) == len(expected.themes)
        for loaded_theme, expected_theme in zip(loaded.themes, expected.themes, strict=True):
            assert loaded_theme._asdict() == expected_theme._asdict()
    assert content.glossary == library.glossary


@examples(60)
@given(library=libraries(yaml_text), quote_dates=st.booleans())
def test_round_trip_own_writer(library: Library, quote_dates: bool) -> None:
    """A library written as double-quoted YAML loads back equal, field by field."""
    assert_same(parse(Writer().write(as_document(library, quote_dates=quote_dates))), library)


@examples(60)
@given(library=libraries(dumpable_text))
def test_round_trip_safe_dump(library: Library) -> None:
    """A library written by yaml.safe_dump(allow_unicode=True) loads back equal, field by
    field."""
    assert_same(parse(dumped(plain(as_document(library)))), library)


# Near-valid documents: one field removed or given the wrong kind of value.

simple_text = st.text(string.ascii_letters + " ", min_size=1, max_size=12).filter(str.strip)
small_libraries = libraries(simple_text, size=2)
WRONG_TEXT = ["no", "yes", "12:30", "010", "3.5", "~", "[a, b]", "{a: b}", "2023-09-12", ".inf"]
WRONG_DATE = ["no", "12:30", "[2023]", "{a: b}", "~", '"12 September 2023"', "2023-13-45"]
WRONG_LIST = ["no", "12:30", "{a: b}", '"text"']
WRONG_MAPPING = ["no", "12:30", "[a, b]", '"text"']
REQUIRED = {
    "briefing": ("id", "title", "publisher", "published", "themes"),
    "theme": ("title", "messages"),
    "resource": ("title",),
    "top": ("version",),  # `briefings` may go when a glossary or thesaurus stays
}
LISTS = {"aliases", "tags", "messages", "questions", "resources", "themes", "briefings"}


def kind_of(path: Path_) -> str:
    """What mapping a path's last key belongs to."""
    if len(path) == 1:
        return "top"
    if path[0] == "glossary":
        return "glossary"
    return {"briefings": "briefing", "themes": "theme", "resources": "resource"}.get(
        str(path[-3]), "glossary"
    )


def leaves(document: dict[str, Any], path: Path_ = ()) -> Iterator[Path_]:
    """Every key path of a document and every list item path."""
    for key, value in document.items():
        here = (*path, key)
        yield here
        if isinstance(value, dict):
            yield from leaves(value, here)
        elif isinstance(value, list):
            for position, child in enumerate(value):
                if isinstance(child, dict):
                    yield from leaves(child, (*here, position))
                else:
                    yield (*here, position)


def parent(document: dict[str, Any], path: Path_) -> Any:
    node: Any = document
    for step in path[:-1]:
        node = node[step]
    return node


@examples(80)
@given(library=small_libraries, data=st.data())
def test_near_valid_document_names_the_line(library: Library, data: st.DataObject) -> None:
    """A valid document with one required key removed, or one value of the wrong kind, gives
    a problem on the line of that key's mapping or of that value."""
    document = as_document(library)
    paths = list(leaves(document))
    path = data.draw(st.sampled_from(paths))
    key = path[-1]
    container = parent(document, path)
    removable = isinstance(key, str) and key in REQUIRED.get(kind_of(path), ())
    if removable and data.draw(st.booleans(), label="remove"):
        del container[key]
        writer = Writer()
        raw = writer.write(document)
        expected_line = writer.where.get(path[:-1], 1)
        expected_words = f"`{key}`"
    else:
        if key == "version":
            wrong = data.draw(st.sampled_from(["2", "0", '"1"', "1.0", "no"]))
        elif key == "glossary":
            wrong = data.draw(st.sampled_from(WRONG_MAPPING))
        elif kind_of(path) == "glossary":  # a glossary term may be named like any key
            wrong = data.draw(st.sampled_from(WRONG_TEXT))
        elif key == "published":
            wrong = data.draw(st.sampled_from(WRONG_DATE))
        elif isinstance(key, str) and key in LISTS:
            wrong = data.draw(st.sampled_from(WRONG_LIST))
        else:
            wrong = data.draw(st.sampled_from(WRONG_TEXT))
        container[key] = Raw(wrong)
        writer = Writer()
        raw = writer.write(document)
        expected_line = writer.where[path]
        expected_words = ""
    content = parse(raw)
    located = [problem for problem in content.problems if problem.line == expected_line]
    assert located, (raw.decode(), expected_line, content.problems)
    assert any(expected_words in problem.message for problem in located), content.problems


# Bugs the properties found, pinned as examples.


def one_briefing() -> dict[str, Any]:
    """A valid document with one briefing of one theme."""
    theme = Theme("Think Family", "think-family", ("A message.",))
    briefing = Briefing("b-1", "Title", "Publisher", "2023-09-12", (theme,), source=NAME)
    return as_document(Library((briefing,), {}))


@pytest.mark.parametrize("key", REQUIRED["briefing"])
def test_briefing_missing_a_required_key(key: str) -> None:
    """A briefing without a required key is one problem at the briefing naming the key, not
    an exception."""
    document = one_briefing()
    del document["briefings"][0][key]
    assert parse(Writer().write(document)).problems == [
        Problem(
            NAME,
            3,
            5,
            f"briefing {'1' if key == 'id' else '`b-1`'} is missing the required key `{key}`",
        )
    ]


@pytest.mark.parametrize(
    ("raw", "line", "column", "code"),
    [
        (b"\x01", 1, 1, "0001"),
        ('version: 1\nbriefings:\n  - title: "\u00e9\x07"\n'.encode(), 3, 14, "0007"),
        ("version: 1\r\nbriefings: \ufffe\r\n".encode(), 2, 12, "FFFE"),
    ],
)
def test_character_yaml_does_not_allow(raw: bytes, line: int, column: int, code: str) -> None:
    """A character YAML does not allow is reported at its line and column, in one line."""
    assert parse(raw).problems == [
        Problem(
            NAME,
            line,
            column,
            f"the character U+{code} is not allowed in YAML; delete it "
            "(it often comes from copying out of a PDF or Word)",
        )
    ]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (
            b'"a\\rb": 1\n',
            "unknown key `a\\rb` in the file; "
            "expected one of: version, briefings, glossary, synonyms, related",
        ),
        (
            b'"\\e[31mred": 1\n',
            "unknown key `\\x1b[31mred` in the file; "
            "expected one of: version, briefings, glossary, synonyms, related",
        ),
    ],
)
def test_problem_quotes_text_on_one_line(raw: bytes, message: str) -> None:
    """Text quoted from the file in a problem has its line breaks and escape codes escaped."""
    assert str(parse(raw).problems[0]) == f"{NAME}:1:1: error: {message}"


# The store: what goes in comes out.


@examples(60)
@given(library=libraries(yaml_text))
def test_any_library_round_trips_through_the_store(library: Library) -> None:
    """Every field of every briefing, theme, summary and message comes back from the store
    as it went in: the stored rows follow the model's own fields. (A briefing named by a
    theme or a message comes without its other themes.)"""
    import sqlite3

    def bare(briefing: Briefing) -> Briefing:
        return briefing._replace(themes=())

    store = Store.build(sqlite3.connect(":memory:"), library, {}, search_index=False)
    assert tuple(store.briefings()) == library.briefings
    assert store.glossary() == library.glossary
    assert store.summaries() == library.summaries()
    for view in library.themes():
        entries = tuple(entry._replace(briefing=bare(entry.briefing)) for entry in view.entries)
        assert store.theme_view(view.slug) == view._replace(entries=entries)
    messages = [m._replace(briefing=bare(m.briefing)) for m in library.messages()]
    assert store.messages(list(range(len(messages)))[::-1]) == messages[::-1]
