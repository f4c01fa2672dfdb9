"""Turn a partnership's saved web page into a draft briefing file, for a person to check.

Page bytes in, a `Draft` out, and the draft as YAML text: nothing here knows of terminals.
The page is read into a flat list of blocks (headings, paragraphs, bulleted lists), from
HTML with selectolax or from a text copy with `•`/`-`/`*` bullets; one builder turns the
blocks into the draft, so both kinds of page follow the same rules:

- headings become themes, and the items of the list under a heading its key messages,
  copied character for character (only whitespace is made single spaces);
- paragraphs before the first theme are the summary; a "Remember: ..." or "If you do one
  thing ..." line, or a bold line ending the page, is the `remember` line;
- everything that had to be guessed carries a `# check:` comment, and what is missing and
  cannot be guessed is a value starting `FILL IN:`, which `learnref validate` refuses.

A list nested under a bullet is part of that bullet's message: the first sub-item follows
the bullet's text after a space, each other one after "; " (after a space alone where the
one before ends in punctuation), and the message is marked `# check:` because those
separators are not the publisher's. A sub-item on its own would lose the lead-in that gives
it its meaning. A short bold line with a list straight under it is read as a heading.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import re
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from .errors import LearnrefError, NotFoundError, os_reason
from .limits import LOOSE_JOINER, REFUSED_CHARACTERS
from .model import slugify
from .quoting import printable, shell_quote, shown

if TYPE_CHECKING:
    from selectolax.lexbor import LexborHTMLParser, LexborNode

if TYPE_CHECKING:
    from typing import NamedTuple
else:
    from ._records import NamedTuple

# A saved page with its images inlined can be large; a briefing page is well under this.
MAX_PAGE_BYTES = 32 * 1024 * 1024

FILL_IN = "FILL IN:"
STDIN_NAME = "-"


class PageError(LearnrefError):
    """A page could not be read, or holds nothing that makes a briefing (exit 1)."""


# ---------------------------------------------------------------------------------------
# The blocks a page is read into.


class Heading(NamedTuple):
    """A heading: level 1 for the page's title, 2 to 6 below it."""

    level: int
    text: str


class Paragraph(NamedTuple):
    """A paragraph of running text; `bold` when all of its text is bold."""

    text: str
    bold: bool = False


class Item(NamedTuple):
    """A bullet: its own text, the items of a list nested under it, and its links."""

    text: str
    subitems: tuple[str, ...] = ()
    links: tuple[tuple[str, str], ...] = ()


class BulletList(NamedTuple):
    """A bulleted or numbered list."""

    items: tuple[Item, ...]


Block = Heading | Paragraph | BulletList


class PageMeta(NamedTuple):
    """What a page says about itself outside its visible text (HTML only)."""

    title: str | None = None
    title_source: str | None = None  # None when the title is the page's own heading
    site_name: str | None = None
    published_time: str | None = None
    published_source: str = ""
    section: str | None = None
    canonical: str | None = None
    og_url: str | None = None


# ---------------------------------------------------------------------------------------
# The draft.


class Value(NamedTuple):
    """One value of the draft, with why it needs checking when it was guessed."""

    text: str
    check: str | None = None


class DraftTheme(NamedTuple):
    """A theme of the draft: its messages, or a note saying there are none."""

    title: str
    slug: str
    messages: tuple[Value, ...]
    note: str | None = None
    checks: tuple[str, ...] = ()


class DraftResource(NamedTuple):
    """Further reading listed on the page."""

    title: str
    url: str | None = None


class Draft(NamedTuple):
    """A briefing read from a page, not yet checked by a person."""

    source: str  # the page's name, as given
    id: Value
    title: Value
    publisher: Value
    publisher_short: Value | None
    published: Value
    category: Value | None
    url: Value
    summary: str | None
    summary_check: str | None
    remember: Value | None
    resources: tuple[DraftResource, ...]
    resources_check: str | None
    themes: tuple[DraftTheme, ...]

    @property
    def message_count(self) -> int:
        """How many key messages the draft holds."""
        return sum(len(theme.messages) for theme in self.themes)

    def checks(self) -> list[str]:
        """Every `# check:` comment the draft carries."""
        values = [
            self.id,
            self.title,
            self.publisher,
            self.publisher_short,
            self.published,
            self.category,
            self.url,
            self.remember,
        ]
        found = [value.check for value in values if value is not None and value.check]
        found += [check for check in (self.summary_check, self.resources_check) if check]
        for theme in self.themes:
            found += theme.checks
            found += [message.check for message in theme.messages if message.check]
        return found

    def fill_ins(self) -> int:
        """How many values are placeholders starting FILL IN:."""
        values = [self.id, self.title, self.publisher, self.published, self.url]
        return sum(1 for value in values if value.text.startswith(FILL_IN))


# ---------------------------------------------------------------------------------------
# Reading and decoding.


def read_page(path: Path) -> bytes:
    """The bytes of a saved page; NotFoundError or PageError naming it when it cannot be read."""
    name = printable(str(path))
    try:
        if path.is_dir():
            raise PageError(f"'{name}' is a folder, not a saved page.", _SAVE_HINT)
        size = path.stat().st_size
        if size > MAX_PAGE_BYTES:
            raise PageError(
                f"'{name}' is {size // (1024 * 1024)} MB: too large for a saved briefing page.",
                _SAVE_HINT,
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise NotFoundError(
            f"No such file: '{name}'.", "Give the path of a saved web page (.html) or text copy."
        ) from None
    except OSError as error:
        raise PageError(f"Cannot read '{name}': {os_reason(error)}.") from None


def read_stream(stream: BinaryIO | None) -> bytes:
    """The bytes of a page piped in (`-`); PageError when there is no input to read."""
    if stream is None:
        raise PageError("Cannot read standard input: it is closed.", "Give the page's path.")
    try:
        raw = stream.read(MAX_PAGE_BYTES + 1)
    except OSError as error:
        raise PageError(f"Cannot read standard input: {os_reason(error)}.") from None
    if len(raw) > MAX_PAGE_BYTES:
        raise PageError(
            f"Standard input is over {MAX_PAGE_BYTES // (1024 * 1024)} MB: "
            "too large for a saved briefing page.",
            _SAVE_HINT,
        )
    return raw


_SAVE_HINT = (
    "Save the page from your browser (File > Save Page As, 'Web page, HTML only'), "
    "or copy its text into a .txt file, and import that."
)
_BINARY_STARTS = {
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a zip archive or Office document",
    b"\x89PNG": "a PNG image",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"\xd0\xcf\x11\xe0": "an old Office document",
}
_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def decode_page(raw: bytes, name: str) -> str:
    """The page's text: UTF-8 (with or without a byte-order mark), UTF-16 with a mark, or
    the charset the page declares in a <meta> tag; PageError for a binary or undecodable file.

    UTF-8 is tried before a declared charset: browsers often save a page as UTF-8 while
    keeping its old declaration, and text that decodes as UTF-8 is almost never anything else.
    """
    shown_name = display_name(name)
    marked = _decode_marked(raw, shown_name)
    if marked is not None:
        return marked
    for start, kind in _BINARY_STARTS.items():
        if raw.startswith(start):
            raise PageError(f"{shown_name} is {kind}, not a saved web page.", _SAVE_HINT)
    if b"\x00" in raw[:65536]:
        raise PageError(f"{shown_name} is a binary file, not a saved web page.", _SAVE_HINT)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return _decode_declared(raw, shown_name, error)


def _decode_marked(raw: bytes, shown_name: str) -> str | None:
    """The text of a page that starts with a byte-order mark, or None when it has none."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if raw.startswith(bom):
            try:
                return raw[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                raise PageError(
                    f"{shown_name} starts with a {encoding.upper()} byte-order mark "
                    "but is not that encoding.",
                    _SAVE_HINT,
                ) from None
    return None


def _decode_declared(raw: bytes, shown_name: str, utf8_error: UnicodeDecodeError) -> str:
    """The text of a page that is not UTF-8, in the charset its <meta> tag declares."""
    declared = _DECLARED_CHARSET.search(raw[:8192])
    if declared is None:
        line = raw[: utf8_error.start].count(b"\n") + 1
        raise PageError(
            f"{shown_name} is not UTF-8 text (line {line} has a byte that is not UTF-8), "
            "and it does not declare its character set.",
            "Save the page again as UTF-8 (most editors offer it under Save As), then import that.",
        )
    charset = declared.group(1).decode("ascii").lower()
    try:
        encoding = codecs.lookup(charset).name
    except LookupError:
        raise PageError(
            f"{shown_name} declares the character set '{shown(charset)}', "
            "which learnref does not know.",
            "Save the page again as UTF-8, then import that.",
        ) from None
    # Browsers read pages declared ISO-8859-1 or ASCII as Windows-1252 (the WHATWG rule),
    # which gives curly quotes and dashes their right characters.
    if encoding in ("latin-1", "iso8859-1", "ascii"):
        encoding = "cp1252"
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        raise PageError(
            f"{shown_name} is neither UTF-8 nor the '{shown(charset)}' it declares.",
            "Save the page again as UTF-8, then import that.",
        ) from None


_HTML_SNIFF = re.compile(r"<(?:!doctype|html|head|body|meta|title|h[1-6]|ul|ol|p|div)\b", re.I)


def looks_like_html(name: str, text: str) -> bool:
    """Whether to read the page as HTML: by its suffix, else by its first few kilobytes."""
    suffix = Path(name).suffix.lower()
    if suffix in (".html", ".htm", ".xhtml"):
        return True
    if suffix == ".txt":
        return False
    return _HTML_SNIFF.search(text[:4096]) is not None


# ---------------------------------------------------------------------------------------
# Text clean-up.

# Characters that are never part of the published words: control characters, zero-width
# spaces, byte-order marks and soft hyphens, the non-characters YAML cannot hold, and the
# invisible characters the loader refuses (bidi isolates and overrides, word joiners),
# which pages copied from other documents often carry.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\u00ad\ufffe\uffff\ud800-\udfff"
    + REFUSED_CHARACTERS
    + "]"
)


def clean(text: str) -> str:
    """Text as one line: invisible characters dropped, whitespace runs made one space, and
    zero-width joiners kept only inside a word, as the loader requires."""
    text = " ".join(_INVISIBLE.sub("", text).split())
    while (joined := " ".join(LOOSE_JOINER.sub("", text).split())) != text:
        text = joined  # a joiner dropped may leave another at the new edge
    return text


# ---------------------------------------------------------------------------------------
# HTML.

_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_LISTS = ("ul", "ol")
_BOLD = ("strong", "b")
# fmt: off
_BLOCKS = frozenset((
    "p", "div", "section", "article", "main", "li", "dd", "dt", "dl", "blockquote", "table",
    "tr", "td", "th", "tbody", "thead", "figure", "figcaption", "address", "details", "summary",
    "center", "body", "fieldset", "pre", "hr",
))
# Never page content: site furniture, widgets, and what a browser does not show as text.
_SKIP_TAGS = frozenset((
    "script", "style", "noscript", "template", "svg", "iframe", "object", "canvas", "nav",
    "footer", "aside", "form", "button", "select", "input", "textarea", "label", "dialog",
    "header", "head", "img", "picture", "video", "audio", "map",
))
_SKIP_ROLES = frozenset((
    "navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alertdialog",
    "menu", "menubar", "toolbar",
))
# fmt: on
_SKIP_NAMES = re.compile(
    r"(?:^|[-_])(?:cookies?|cookie-?notice|consent|gdpr|breadcrumbs?|share|sharing|sharedaddy|"
    r"social|sidebar|skip|skip-link|menu|navbar|nav|navigation|footer|site-header|masthead|"
    r"banner|toc|contents-list|widget|contrast|accessibility|print|search|comments?|"
    r"pagination|screen-reader-text|sr-only|visually-hidden|visuallyhidden|related|"
    r"relatedposts|yarpp|"
    r"post-navigation|entry-meta|post-meta)(?:$|[-_])",
    re.I,
)
_ROOT_SELECTORS = ("main", "[role=main]", "article", ".entry-content", "#content", "#main")


def _is_skipped(node: LexborNode) -> bool:
    """Whether an element is site furniture, a widget or hidden, not the page's content."""
    tag = node.tag or ""
    if tag in _SKIP_TAGS:
        return True
    attributes = node.attributes
    if "hidden" in attributes or (attributes.get("aria-hidden") or "").lower() == "true":
        return True
    if (attributes.get("role") or "").lower() in _SKIP_ROLES:
        return True
    names = f"{attributes.get('class') or ''} {attributes.get('id') or ''}".split()
    return any(_SKIP_NAMES.search(name) for name in names)


def _children(node: LexborNode) -> Iterator[LexborNode]:
    child = node.child
    while child is not None:
        yield child
        child = child.next


def _split_heading(node: LexborNode) -> tuple[str, list[LexborNode]]:
    """A heading's own text, and what follows it inside the element: a heading left open
    (`<h2>Title<ul>...`) holds the rest of the page, which browsers show as text and lists."""
    children = list(_children(node))
    for index, child in enumerate(children):
        tag = child.tag or ""
        if child.is_element_node and (tag in _BLOCKS or tag in _LISTS or tag in _HEADINGS):
            return _text_of(children[:index]), children[index:]
    return _text_of(children), []


def _flat_text(node: LexborNode) -> str:
    """An element's visible text as one line: markup flattened, block edges made spaces."""
    return _text_of(list(_children(node)))


def _text_of(nodes: list[LexborNode]) -> str:
    parts: list[str] = []
    stack = list(reversed(nodes))
    while stack:
        current = stack.pop()
        if current.is_text_node:
            parts.append(current.text_content or "")
        elif current.is_element_node and not _is_skipped(current):
            tag = current.tag or ""
            if tag == "br" or tag in _BLOCKS or tag in _HEADINGS or tag in _LISTS:
                parts.append(" ")
            stack.extend(reversed(list(_children(current))))
    return clean("".join(parts))


def _list_items(node: LexborNode, depth: int = 0) -> tuple[Item, ...]:
    """The items of a <ul> or <ol>: each <li>'s own text, its nested items, and its links."""
    items = []
    for child in _children(node):
        if child.tag == "li" and not _is_skipped(child):
            items.append(_item(child, depth))
    return tuple(items)


def _item(li: LexborNode, depth: int) -> Item:
    parts: list[str] = []
    subitems: list[str] = []
    links: list[tuple[str, str]] = []
    stack = list(reversed(list(_children(li))))
    while stack:
        current = stack.pop()
        if current.is_text_node:
            parts.append(current.text_content or "")
            continue
        if not current.is_element_node or _is_skipped(current):
            continue
        tag = current.tag or ""
        if tag in _LISTS:
            if depth < 8:
                subitems += [_joined(sub) for sub in _list_items(current, depth + 1)]
            else:  # a list nested deeper than any briefing's: keep its words, flat
                subitems.append(_flat_text(current))
            continue
        if tag == "a" and current.attributes.get("href"):
            links.append((_flat_text(current), current.attributes.get("href") or ""))
        if tag == "br" or tag in _BLOCKS or tag in _HEADINGS:
            parts.append(" ")
        stack.extend(reversed(list(_children(current))))
    return Item(clean("".join(parts)), tuple(s for s in subitems if s), tuple(links))


_ENDS_IN_PUNCTUATION = (":", ";", ",", ".", "!", "?", "—", "–", "-")


def _joined(item: Item) -> str:
    """A bullet's text with the items nested under it, as one message: the first sub-item
    after a space, each other after "; " (or a space, where the one before ends in
    punctuation of its own)."""
    parts = [part for part in (item.text, *item.subitems) if part]
    text = parts[0] if parts else ""
    for index, sub in enumerate(parts[1:]):
        first_sub = index == 0 and bool(item.text)
        text += f" {sub}" if first_sub or text.endswith(_ENDS_IN_PUNCTUATION) else f"; {sub}"
    return text


class _Walker:
    """Reads the content of a page, in order, into blocks."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.runs: list[tuple[str, bool]] = []

    def flush(self) -> None:
        text = clean("".join(run for run, _ in self.runs))
        if text:
            bold = all(is_bold or not run.strip() for run, is_bold in self.runs)
            self.blocks.append(Paragraph(text, bold))
        self.runs = []

    def walk(self, root: LexborNode) -> list[Block]:
        """The blocks of `root`, in document order (iteratively: pages nest deeply)."""
        self.bold_depth = 0
        self.stack: list[tuple[LexborNode, bool]] = [(root, False)]
        while self.stack:
            node, leaving = self.stack.pop()
            tag = node.tag or ""
            if leaving:
                self.bold_depth -= tag in _BOLD
                if tag in _BLOCKS:
                    self.flush()
            elif node.is_text_node:
                self.runs.append((node.text_content or "", self.bold_depth > 0))
            elif node.is_element_node and (node is root or not _is_skipped(node)):
                self.enter(node, tag)
        self.flush()
        return self.blocks

    def enter(self, node: LexborNode, tag: str) -> None:
        if tag in _HEADINGS:
            self.flush()
            inline, rest = _split_heading(node)
            if inline:
                self.blocks.append(Heading(_HEADINGS[tag], inline))
            self.stack.extend((child, False) for child in reversed(rest))
        elif tag in _LISTS:
            self.flush()
            items = _list_items(node)
            if items:
                self.blocks.append(BulletList(items))
        elif tag == "br":
            self.runs.append((" ", self.bold_depth > 0))
        else:
            if tag in _BLOCKS:
                self.flush()
            self.bold_depth += tag in _BOLD
            self.stack.append((node, True))
            self.stack.extend((child, False) for child in reversed(list(_children(node))))


def _inside_skipped(node: LexborNode) -> bool:
    parent = node.parent
    while parent is not None and parent.is_element_node:
        if _is_skipped(parent) and parent.tag != "header":
            return True
        parent = parent.parent
    return False


_TITLE_SEPARATOR = re.compile(r"\s+[|\-–—:»]\s+")


def _html_page(text: str) -> tuple[list[Block], PageMeta, tuple[str, ...]]:
    """The blocks of an HTML page's content, what its head says, and the short lines of
    text anywhere on it (for the date and category lines, often outside the content)."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(text)
    tree.strip_tags(["script", "style", "noscript", "template"])
    metas: dict[str, str] = {}
    for tag in tree.css("meta"):
        key = (tag.attributes.get("property") or tag.attributes.get("name") or "").lower()
        content = clean(tag.attributes.get("content") or "")
        if key and content and key not in metas:
            metas[key] = content
    canonical = None
    for link in tree.css("link[href]"):
        if "canonical" in (link.attributes.get("rel") or "").lower().split():
            canonical = clean(link.attributes.get("href") or "") or None
            break
    body = tree.body
    root = body
    for selector in _ROOT_SELECTORS:
        found = tree.css_first(selector)
        if found is not None and not _inside_skipped(found):
            root = found
            break
    if root is None:
        return [], PageMeta(), ()
    title, title_source = _html_title(tree, root, metas)
    published, published_source = _html_published(root, metas)
    meta = PageMeta(
        title=title,
        title_source=title_source,
        site_name=metas.get("og:site_name"),
        published_time=published,
        published_source=published_source,
        section=metas.get("article:section"),
        canonical=canonical,
        og_url=metas.get("og:url"),
    )
    return _Walker().walk(root), meta, _short_lines(body)


def _html_title(
    tree: LexborHTMLParser, root: LexborNode, metas: dict[str, str]
) -> tuple[str | None, str | None]:
    """The page's title and, when it is not the page's own <h1>, where it came from."""
    for h1 in [*root.css("h1"), *tree.css("h1")]:
        if not _inside_skipped(h1) and (text := _flat_text(h1)):
            return text, None
    if metas.get("og:title"):
        return metas["og:title"], "og:title"
    title_node = tree.css_first("title")
    head_title = clean(title_node.text()) if title_node is not None else ""
    if not head_title:
        return None, None
    parts = _TITLE_SEPARATOR.split(head_title)
    if len(parts) > 1:
        return parts[0], "<title>, with the site's name after it cut off"
    return head_title, "<title>"


def _html_published(root: LexborNode, metas: dict[str, str]) -> tuple[str | None, str]:
    """The publication date the page's metadata or a <time> element gives, and which."""
    for key in ("article:published_time", "dcterms.issued", "dcterms.created", "dc.date", "date"):
        if metas.get(key):
            return metas[key], f"the page's {key} metadata"
    for time_node in root.css("time[datetime]"):
        return clean(time_node.attributes.get("datetime") or ""), "the page's <time> element"
    return None, ""


# Elements whose text may be a 'Posted on ...' or 'Date: ... | Category: ...' line.
_LINE_ELEMENTS = "p, span, div, li, dd, td, time"
_LINE_CONTAINERS = "div, p, ul, ol, table, section, article"
_MAX_LINES = 3000


def _short_lines(body: LexborNode | None) -> tuple[str, ...]:
    """The short lines of text anywhere on the page, in order, furniture included: where
    themes put the date, the category and the partnership's name."""
    if body is None:
        return ()
    lines = []
    for node in body.css(_LINE_ELEMENTS)[:_MAX_LINES]:
        # (a selector matches the element itself too, so ask its children)
        if not any(
            child.is_element_node and child.css_first(_LINE_CONTAINERS) is not None
            for child in _children(node)
        ):
            text = _flat_text(node)
            if text and len(text) <= 300:
                lines.append(text)
    return tuple(lines)


# ---------------------------------------------------------------------------------------
# Text copies.

# A list marker: a bullet character, a dash, or a number ("1." or "1)") as numbered lists
# are copied from a page.
_BULLET = re.compile(
    r"^(?P<indent>[ \t]*)(?:[•◦▪▫‣∙●○■□*]|-(?=\s)|\d{1,3}[.)](?=\s))\s*(?P<text>.*)$"
)
_END_PUNCTUATION = (".", ":", ";", ",", "!", "?", "…")


def _text_blocks(text: str) -> list[Block]:
    """The blocks of a text copy: blank lines part paragraphs; `•`, `-`, `*` or a number
    (`1.`) start an item, and an item indented deeper than the list's first is nested under
    the one before. A lone short line without closing punctuation is a heading (the first,
    the title)."""
    reader = _TextReader()
    for line in text.splitlines():
        reader.line(line)
    reader.flush_paragraph()
    reader.flush_list()
    return reader.blocks


class _TextReader:
    """Reads a text copy line by line into blocks."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.paragraph: list[str] = []
        self.items: list[Item] = []
        self.base_indent = 0
        self.in_item = False  # the previous line was an item or its continuation
        self.seen_content = False  # a paragraph or list came before: no more titles

    def line(self, line: str) -> None:
        bullet = _BULLET.match(line)
        if not line.strip():
            self.flush_paragraph()
            self.in_item = False
        elif bullet is not None:
            self.flush_paragraph()
            self.item(len(bullet.group("indent").expandtabs(4)), clean(bullet.group("text")))
        elif self.in_item and self.items and line[:1].isspace():
            self.wrapped(line)
        else:
            self.flush_list()
            self.in_item = False
            self.paragraph.append(line)

    def item(self, indent: int, entry: str) -> None:
        if not self.items:
            self.base_indent = indent
        self.in_item = True
        if not entry:
            return
        if self.items and indent > self.base_indent:
            last = self.items[-1]
            self.items[-1] = last._replace(subitems=(*last.subitems, entry))
        else:
            self.items.append(Item(entry))

    def wrapped(self, line: str) -> None:
        """An indented line under an item goes on with it."""
        last = self.items[-1]
        if last.subitems:
            subitems = (*last.subitems[:-1], clean(f"{last.subitems[-1]} {line}"))
            self.items[-1] = last._replace(subitems=subitems)
        else:
            self.items[-1] = last._replace(text=clean(f"{last.text} {line}"))

    def flush_paragraph(self) -> None:
        joined = clean(" ".join(self.paragraph))
        lone_line = len(self.paragraph) == 1
        self.paragraph.clear()
        if not joined:
            return
        if lone_line and _looks_like_heading(joined):
            self.blocks.append(Heading(2 if self.seen_content else 1, joined))
        else:
            self.blocks.append(Paragraph(joined))
            if not _is_furniture(joined) and meta_line(joined) is None:
                self.seen_content = True

    def flush_list(self) -> None:
        if self.items:
            self.blocks.append(BulletList(tuple(self.items)))
            self.items.clear()
            self.seen_content = True


def _looks_like_heading(line: str) -> bool:
    return (
        len(line) <= 120
        and not line.endswith(_END_PUNCTUATION)
        and any(char.isalpha() for char in line)
        and meta_line(line) is None
        and not _REMEMBER.match(line)
        and not _is_furniture(line)
    )


# ---------------------------------------------------------------------------------------
# From blocks to a draft.

# Lines of site furniture that a text copy (or a page without classes) carries.
_FURNITURE = frozenset(
    s.lower()
    for s in (
        "Toggle Contrast",
        "High contrast",
        "Skip to content",
        "Skip to main content",
        "Back to top",
        "Print this page",
        "Print",
        "Share",
        "Share this page",
        "Accept cookies",
        "Accept all cookies",
        "Reject cookies",
        "Cookie settings",
        "Menu",
        "Search",
        "Text size",
        "A A A",
        "Listen",
        "Home",
    )
)


def _is_furniture(text: str) -> bool:
    return text.lower().rstrip(".:") in _FURNITURE


_META_LABEL = re.compile(
    r"^\s*(?:date|date published|published|published on|posted|posted on|category|categories"
    r"|last updated|updated|last reviewed|page last reviewed|reviewed|author|tags)\s*:",
    re.I,
)
_DATE_LABEL = r"(?:date published|date|published on|published|posted on|posted)"
_DATE_FIELD = re.compile(rf"(?:^|\|)\s*{_DATE_LABEL}\s*:\s*(?P<value>[^|\n]+)", re.I)
_UNLABELLED_DATE = re.compile(rf"^\s*{_DATE_LABEL}\s+(?P<value>.{{4,60}})$", re.I)
_CATEGORY_FIELD = re.compile(r"(?:^|\|)\s*(?:category|categories)\s*:\s*(?P<value>[^|\n]+)", re.I)


def meta_line(text: str) -> tuple[str | None, str | None] | None:
    """The date text and category that a line such as 'Date: Tuesday, 12th Sep 2023 |
    Category: Training' or 'Posted on 5 March 2024' gives; None for any other line."""
    unlabelled = _UNLABELLED_DATE.match(text)
    if unlabelled is not None and parse_date(unlabelled.group("value")):
        return unlabelled.group("value"), None
    if not _META_LABEL.match(text):
        return None
    date = _DATE_FIELD.search(text)
    category = _CATEGORY_FIELD.search(text)
    return (
        date.group("value") if date else None,
        clean(category.group("value")) if category else None,
    )


_REMEMBER = re.compile(
    r"^(?:remember\s*[:\-–—]\s*(?P<rest>\S.*)"
    r"|(?P<whole>if you (?:only )?do (?:just )?one thing\b.*))$",
    re.I,
)
_TOC_HEADINGS = frozenset(
    ("contents", "table of contents", "on this page", "in this section", "jump to", "page contents")
)
_RESOURCE_HEADINGS = re.compile(
    r"^(?:resources|further (?:information|reading|resources)|useful (?:links|resources|documents)"
    r"|related (?:links|documents|resources)|downloads|more information|find out more)$",
    re.I,
)
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_DAY_MONTH_YEAR = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([A-Za-z]+)\.?,?\s+(\d{4})\b"
)
_MONTH_DAY_YEAR = re.compile(r"\b([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})")
_SLASH_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")


def parse_date(text: str) -> tuple[str, str | None] | None:
    """A date written as pages write them, as YYYY-MM-DD, with a reason to check it when
    its reading is a guess ('12/09/2023' is read the UK way, day first); None if none."""

    def iso(year: str, month: int | None, day: str) -> str | None:
        try:
            return dt.date(int(year), month or 0, int(day)).isoformat()
        except ValueError:
            return None

    if match := _ISO_DATE.search(text):
        found = iso(match.group(1), int(match.group(2)), match.group(3))
        if found:
            return found, None
    if match := _DAY_MONTH_YEAR.search(text):
        found = iso(match.group(3), _MONTHS.get(match.group(2).lower()), match.group(1))
        if found:
            return found, None
    if match := _MONTH_DAY_YEAR.search(text):
        found = iso(match.group(3), _MONTHS.get(match.group(1).lower()), match.group(2))
        if found:
            return found, None
    if match := _SLASH_DATE.search(text):
        found = iso(match.group(3), int(match.group(2)), match.group(1))
        if found:
            return found, f"published read from '{match.group(0)}' as day/month/year"
    return None


_PARTNERSHIP = re.compile(
    r"\b((?!The\b)(?:[A-Z][A-Za-z'’&-]*,? (?:and |& |of |the )?){1,6}"
    r"Safeguarding (?:Children |Children's |Childrens )?Partnership)(?: \(([A-Z]{2,10})\))?"
)
_STOP_WORDS = frozenset(("and", "of", "the", "for", "&", "in", "on"))


def _initials(name: str) -> str:
    return "".join(
        word[0] for word in re.findall(r"[A-Za-z][\w'’-]*", name) if word.lower() not in _STOP_WORDS
    ).lower()


_NESTED_CHECK = "a list nested under this bullet is joined into it with '; ': check the separators"


class _Reader:
    """Goes through a page's blocks in order, sorting them into the parts of a briefing."""

    def __init__(self, meta: PageMeta, base_url: str | None) -> None:
        self.meta = meta
        self.base_url = base_url
        self.title: Value | None = None
        if meta.title:
            source = meta.title_source
            self.title = Value(
                meta.title, f"title taken from the page's {source}" if source else None
            )
        self.summary: list[str] = []
        self.summary_list = False
        self.remember: Value | None = None
        self.resources: list[DraftResource] = []
        self.resources_heading: str | None = None
        self.themes: list[_ThemeBuilder] = []
        self.current: _ThemeBuilder | None = None
        self.in_resources = self.in_contents = False
        self.date_line: str | None = None
        self.category_line: str | None = None
        self.last_bold: str | None = None  # the text of the last block, when it is bold

    def read(self, blocks: list[Block]) -> None:
        for index, block in enumerate(blocks):
            self.last_bold = None
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            if isinstance(block, Heading):
                self.heading(block)
            elif isinstance(block, Paragraph) and _is_bold_heading(block, following):
                self.heading(Heading(6, block.text.rstrip(":").rstrip()))
                if self.current is not None and self.current.title == block.text.rstrip(": "):
                    self.current.checks.append(
                        "theme heading read from a bold line with a list under it"
                    )
            elif isinstance(block, Paragraph):
                self.paragraph(block)
            else:
                self.bullets(block)
        if self.remember is None and self.last_bold is not None and len(self.last_bold) <= 300:
            self.take_bold_remember(self.last_bold)

    def heading(self, block: Heading) -> None:
        if block.level == 1 and (self.title is None or block.text == self.title.text):
            if self.title is None:
                self.title = Value(block.text, "title taken from the first line of the page")
            return
        name = block.text.rstrip(":").strip()
        self.in_contents = name.lower() in _TOC_HEADINGS
        self.in_resources = bool(_RESOURCE_HEADINGS.match(name))
        if self.in_resources and self.resources_heading is None:
            self.resources_heading = block.text
        if not (self.in_contents or self.in_resources):
            self.current = _ThemeBuilder(block.text, block.level)
            self.themes.append(self.current)

    def paragraph(self, block: Paragraph) -> None:
        text = block.text
        if _is_furniture(text):
            return
        if (fields := meta_line(text)) is not None:
            self.date_line = self.date_line or fields[0]
            self.category_line = self.category_line or fields[1]
            return
        if self.remember is None and (match := _REMEMBER.match(text)):
            self.remember = Value(match.group("rest") or match.group("whole"))
            return
        if block.bold:
            self.last_bold = text
        if self.in_resources:
            return
        if self.current is None:
            self.summary.append(text)
        else:
            self.current.paragraphs.append(text)

    def bullets(self, block: BulletList) -> None:
        if self.in_contents or _is_table_of_contents(block):
            self.in_contents = False
            return
        if self.in_resources:
            for item in block.items:
                href = next((link for _, link in item.links if not link.startswith("#")), None)
                self.resources.append(DraftResource(item.text, _absolute(href, self.base_url)))
            return
        messages = [(_joined(item), item) for item in block.items]
        if self.current is None:
            self.summary += [message for message, _ in messages if message]
            self.summary_list = True
            return
        for message, item in messages:
            if message:
                check = _NESTED_CHECK if item.subitems else None
                self.current.messages.append(Value(message, check))

    def take_bold_remember(self, text: str) -> None:
        """The bold line that ends the page is its take-away: out of the text it was put in."""
        self.remember = Value(text, "remember taken from the bold line that ends the page")
        for paragraphs in (self.summary, *(theme.paragraphs for theme in self.themes)):
            if paragraphs and paragraphs[-1] == text:
                paragraphs.pop()


def _is_bold_heading(block: Paragraph, following: Block | None) -> bool:
    """A short bold line straight above a list: many sites' way of writing a heading."""
    return (
        block.bold
        and isinstance(following, BulletList)
        and len(block.text) <= 120
        and not block.text.endswith((".", "!", "?", ";", ","))
        and not _REMEMBER.match(block.text)
    )


def _no_themes(source: str, themes: list[_ThemeBuilder]) -> PageError:
    if themes:
        return PageError(
            f"{display_name(source)} has headings but no bulleted list under any of them, "
            "so there are no key messages to take.",
            "learnref import reads key messages from the list items under each heading. "
            "Check that the page was saved whole, or copy its text into a .txt file with "
            "one '• ' bullet per key message.",
        )
    return PageError(
        f"{display_name(source)} has no headings with bulleted lists under them: "
        "learnref import found no themes.",
        "Give it a saved web page (.html) of a briefing whose key messages are listed under "
        "headings, or a .txt copy with a line per heading and '• ' before each key message.",
    )


def _page_url(url: str | None, meta: PageMeta) -> Value:
    if url:
        return Value(url)
    if meta.canonical:
        return Value(meta.canonical)
    if meta.og_url:
        return Value(meta.og_url, "url taken from og:url")
    return Value(f"{FILL_IN} the address of the published page, https://...")


def _publisher(meta: PageMeta, text: str) -> tuple[Value, Value | None]:
    """The publisher and its short name: from og:site_name or a '... Safeguarding Children
    Partnership (XSCP)' in the page's text, always to check."""
    partnership = _PARTNERSHIP.search(text)
    if meta.site_name:
        publisher = Value(meta.site_name, "publisher guessed from og:site_name")
    elif partnership:
        publisher = Value(partnership.group(1), "publisher guessed from the page's text")
    else:
        return Value(f"{FILL_IN} who published the page, in full"), None
    short = re.search(re.escape(publisher.text) + r" \(([A-Z]{2,10})\)", text)
    if short is None:
        return publisher, None
    return publisher, Value(short.group(1), "publisher_short guessed from the page's text")


def _visible_fields(visible: tuple[str, ...]) -> tuple[str | None, str | None, str | None]:
    """The first date (and its line) and category that lines outside the content give."""
    date = line_of_date = category = None
    for line in visible:
        fields = meta_line(line)
        if fields is not None:
            if date is None and fields[0] and parse_date(fields[0]):
                date, line_of_date = fields[0], line
            category = category or fields[1]
    return date, line_of_date, category


def _published(reader: _Reader, meta: PageMeta, visible: tuple[str, ...]) -> Value:
    """The date: the page's own date line, else one elsewhere on the page, else its metadata."""
    visible_date, line, _ = _visible_fields(visible)
    outside = f"published read from the line '{_shorten(line or '')}', outside the page's main text"
    for candidate, reason in (
        (reader.date_line, None),
        (visible_date, outside),
        (meta.published_time, f"published taken from {meta.published_source}"),
    ):
        if candidate and (parsed := parse_date(candidate)):
            return Value(parsed[0], parsed[1] or reason)
    return Value(f"{FILL_IN} the date the page was published, YYYY-MM-DD")


def _category(reader: _Reader, meta: PageMeta, visible: tuple[str, ...]) -> Value | None:
    visible_category = _visible_fields(visible)[2]
    if reader.category_line:
        return Value(reader.category_line)
    if visible_category:
        return Value(visible_category, "category read from a line outside the page's main text")
    if meta.section:
        return Value(meta.section, "category taken from the page's article:section metadata")
    return None


def build_draft(
    blocks: list[Block],
    *,
    source: str,
    meta: PageMeta | None = None,
    visible: tuple[str, ...] = (),
    url: str | None = None,
) -> Draft:
    """A draft briefing from a page's blocks; PageError when they hold no theme with a list."""
    meta = meta or PageMeta()
    url_value = _page_url(url, meta)
    page_url = None if url_value.text.startswith(FILL_IN) else url_value.text
    reader = _Reader(meta, page_url)
    reader.read(blocks)
    if not any(theme.messages for theme in reader.themes):
        raise _no_themes(source, reader.themes)
    publisher, publisher_short = _publisher(meta, "\n".join([*reader.summary, *visible]))
    published = _published(reader, meta, visible)
    title = reader.title or Value(f"{FILL_IN} the briefing's title, as published")
    return Draft(
        source=source,
        id=_make_id(publisher, publisher_short, published, title),
        title=title,
        publisher=publisher,
        publisher_short=publisher_short,
        published=published,
        category=_category(reader, meta, visible),
        url=url_value,
        summary="\n\n".join(reader.summary) or None,
        summary_check=(
            "the summary holds a list from the page's introduction, an item to a paragraph"
            if reader.summary_list
            else None
        ),
        remember=reader.remember,
        resources=tuple(reader.resources),
        resources_check=(
            f"resources taken from the list under '{reader.resources_heading}'"
            if reader.resources
            else None
        ),
        themes=_finish_themes(reader.themes, page_url),
    )


class _ThemeBuilder:
    """A theme as it is read: its heading, the messages and paragraphs under it."""

    def __init__(self, title: str, level: int) -> None:
        self.title = title
        self.level = level
        self.messages: list[Value] = []
        self.paragraphs: list[str] = []
        self.checks: list[str] = []


def _is_table_of_contents(block: BulletList) -> bool:
    """A list whose every item is only a link within the page: a table of contents."""
    return all(
        len(item.links) == 1
        and item.links[0][1].startswith("#")
        and clean(item.links[0][0]) == item.text
        and not item.subitems
        for item in block.items
    )


def _absolute(href: str | None, base: str | None) -> str | None:
    if not href or href.startswith(("javascript:", "mailto:", "tel:")):
        return None
    joined = urllib.parse.urljoin(base, href) if base else href
    return joined if joined.startswith(("https://", "http://")) else None


def _shorten(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[:length].rstrip() + "..."


def _finish_themes(themes: list[_ThemeBuilder], url: str | None) -> tuple[DraftTheme, ...]:
    """The draft's themes: section headings over deeper ones dropped, empty themes given
    an honest note, and slugs made unique."""
    finished: list[DraftTheme] = []
    slugs: set[str] = set()
    pending: list[str] = []
    for index, theme in enumerate(themes):
        following = themes[index + 1] if index + 1 < len(themes) else None
        if (
            not theme.messages
            and not theme.paragraphs
            and following is not None
            and following.level > theme.level
        ):
            pending.append(
                f"the heading '{_shorten(theme.title)}' above this theme was read as a section "
                "heading over the themes below it, not as a theme"
            )
            continue
        checks = [*pending, *theme.checks]
        pending = []
        slug = slugify(theme.title) or f"theme-{len(finished) + 1}"
        if slug in slugs:
            number = 2
            while f"{slug}-{number}" in slugs:
                number += 1
            checks.append(f"slug '{slug}-{number}' made unique: another theme has '{slug}'")
            slug = f"{slug}-{number}"
        slugs.add(slug)
        if theme.paragraphs:
            count = len(theme.paragraphs)
            checks.append(
                f"the page has {count} paragraph{'s' if count != 1 else ''} under this heading "
                f"that {'are' if count != 1 else 'is'} not a list item (starting "
                f"'{_shorten(theme.paragraphs[0])}'); key messages are taken from lists only"
            )
        note = None
        if not theme.messages:
            note = (
                "The published page lists this theme, but no key messages were found under it. "
                + (
                    f"Read the theme on the published page: {url}"
                    if url
                    else "Read the theme on the published page."
                )
            )
        finished.append(DraftTheme(theme.title, slug, tuple(theme.messages), note, tuple(checks)))
    return tuple(finished)


def _make_id(
    publisher: Value, publisher_short: Value | None, published: Value, title: Value
) -> Value:
    """A briefing id: the publisher's short name or initials, year-month, and the title."""
    if publisher_short is not None:
        prefix = slugify(publisher_short.text)
    elif not publisher.text.startswith(FILL_IN):
        prefix = _initials(publisher.text)
    else:
        prefix = "draft"
    parts = [prefix]
    dated = not published.text.startswith(FILL_IN)
    if dated:
        parts.append(published.text[:7])
    title_words = slugify(title.text).split("-") if not title.text.startswith(FILL_IN) else []
    parts += title_words[:8] or ["briefing"]
    if dated and prefix != "draft":
        reason = "id made from the publisher, date and title; it must differ from every other id"
    else:
        reason = (
            "id made from what the page gives; with the FILL IN values in, make it "
            "publisher-YYYY-MM-title"
        )
    return Value(slugify("-".join(parts)), reason)


# ---------------------------------------------------------------------------------------
# The whole import, and the draft as YAML.


def draft_from_bytes(raw: bytes, source: str, *, url: str | None = None) -> Draft:
    """Read a saved page (HTML, or a text copy with bullets) into a draft briefing.

    `source` is the page's name as given ('-' for standard input), used in messages and
    to tell a .txt copy from HTML; PageError when the page cannot be used.
    """
    text = decode_page(raw, source)
    if looks_like_html(source, text):
        blocks, meta, visible = _html_page(text)
    else:
        blocks, meta, visible = _text_blocks(text), PageMeta(), ()
    return build_draft(blocks, source=source, meta=meta, visible=visible, url=url)


def display_name(source: str) -> str:
    """How a page is named in messages: its path, quoted safely, or 'standard input'."""
    return "standard input" if source == STDIN_NAME else f"'{printable(source)}'"


def _q(text: str) -> str:
    """A YAML double-quoted scalar: JSON's string syntax is a subset of YAML's."""
    return json.dumps(text, ensure_ascii=False)


def render_draft(draft: Draft) -> str:
    """The draft as a briefing file: YAML learnref's loader reads back exactly, with a
    header saying where it came from, `# check:` comments above guesses."""
    name = "standard input" if draft.source == STDIN_NAME else printable(draft.source)
    lines = [
        f"# A draft briefing, made by `learnref import` from {name}.",
        "# It is a draft: check every value against the published page before you use it.",
        '# Lines marked "# check:" hold guesses, and every "FILL IN:" value is yours to write.',
        "# Key messages are copied from the page's lists, word for word.",
        "# Then check the file with: learnref validate FILE",
        "version: 1",
        "briefings:",
    ]

    def add(indent: str, key: str, value: Value | None, *, plain: bool = False) -> None:
        if value is None:
            return
        if value.check:
            lines.append(f"{indent}# check: {printable(value.check)}")
        shown_value = value.text if plain else _q(value.text)
        lines.append(f"{indent}{key}: {shown_value}")

    if draft.id.check:
        lines.append(f"  # check: {printable(draft.id.check)}")
    lines.append(f"  - id: {_q(draft.id.text)}")
    indent = "    "
    add(indent, "title", draft.title)
    add(indent, "publisher", draft.publisher)
    add(indent, "publisher_short", draft.publisher_short)
    add(indent, "published", draft.published, plain=not draft.published.text.startswith(FILL_IN))
    add(indent, "category", draft.category)
    add(indent, "url", draft.url)
    if draft.summary:
        if draft.summary_check:
            lines.append(f"{indent}# check: {draft.summary_check}")
        lines.append(f"{indent}summary: |-")
        for paragraph in draft.summary.split("\n"):
            lines.append(f"{indent}  {paragraph}" if paragraph else "")
    add(indent, "remember", draft.remember)
    lines += _resource_lines(draft)
    lines.append(f"{indent}themes:")
    for theme in draft.themes:
        lines += _theme_lines(theme)
    return "\n".join(lines) + "\n"


def _resource_lines(draft: Draft) -> list[str]:
    lines = [f"    # check: {printable(draft.resources_check)}"] if draft.resources_check else []
    if draft.resources:
        lines.append("    resources:")
    for resource in draft.resources:
        lines.append(f"      - title: {_q(resource.title)}")
        if resource.url:
            lines.append(f"        url: {_q(resource.url)}")
    return lines


def _theme_lines(theme: DraftTheme) -> list[str]:
    lines = [f"      # check: {printable(check)}" for check in theme.checks]
    lines.append(f"      - title: {_q(theme.title)}")
    lines.append(f"        slug: {_q(theme.slug)}")
    lines.append("        messages: []" if not theme.messages else "        messages:")
    for message in theme.messages:
        if message.check:
            lines.append(f"          # check: {printable(message.check)}")
        lines.append(f"          - {_q(message.text)}")
    if theme.note:
        lines.append(f"        note: {_q(theme.note)}")
    return lines


def summary_line(draft: Draft, output: str | None) -> str:
    """The one line said after an import: what was read and what to do next."""
    themes = len(draft.themes)
    messages = draft.message_count
    checks = len(draft.checks())
    fill_ins = draft.fill_ins()
    line = (
        f"Read {themes} theme{'s' if themes != 1 else ''} and {messages} key "
        f"message{'s' if messages != 1 else ''} from {display_name(draft.source)}; "
        f"{checks} line{'s' if checks != 1 else ''} to check (marked # check:)"
    )
    if fill_ins:
        line += f" and {fill_ins} value{'s' if fill_ins != 1 else ''} to fill in (FILL IN:)"
    target = shell_quote(printable(output)) if output else "FILE"
    return f"{line}. Check them, then: learnref validate {target}"
