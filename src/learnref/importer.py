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

A list nested under a bullet is part of that bullet's message: the sub-items follow the
bullet's text, separated by "; " (by a space where an item already ends in punctuation),
and the message is marked `# check:` because those separators are not the publisher's.
A sub-item on its own would lose the lead-in that gives it its meaning.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import re
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .errors import LearnrefError, NotFoundError, os_reason
from .model import slugify
from .quoting import printable, shell_quote, shown

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

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
    for start, kind in _BINARY_STARTS.items():
        if raw.startswith(start):
            raise PageError(f"{shown_name} is {kind}, not a saved web page.", _SAVE_HINT)
    if b"\x00" in raw[:65536]:
        raise PageError(f"{shown_name} is a binary file, not a saved web page.", _SAVE_HINT)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        utf8_error = error
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
# spaces, byte-order marks and soft hyphens, and the non-characters YAML cannot hold.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\u00ad\u200b\ufeff\ufffe\uffff\ud800-\udfff]"
)


def clean(text: str) -> str:
    """Text as one line: invisible characters dropped, whitespace runs made one space."""
    return " ".join(_INVISIBLE.sub("", text).split())


# ---------------------------------------------------------------------------------------
# HTML.

_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_LISTS = ("ul", "ol")
_BOLD = ("strong", "b")
_BLOCKS = frozenset(
    "p div section article main li dd dt dl blockquote table tr td th tbody thead figure "
    "figcaption address details summary center body fieldset pre hr".split()
)
# Never page content: site furniture, widgets, and what a browser does not show as text.
_SKIP_TAGS = frozenset(
    "script style noscript template svg iframe object canvas nav footer aside form button "
    "select input textarea label dialog header head img picture video audio map".split()
)
_SKIP_ROLES = frozenset(
    "navigation banner contentinfo complementary search dialog alertdialog menu menubar "
    "toolbar".split()
)
_SKIP_NAMES = re.compile(
    r"(?:^|[-_])(?:cookies?|cookie-?notice|consent|gdpr|breadcrumbs?|share|sharing|sharedaddy|"
    r"social|sidebar|skip|skip-link|menu|navbar|nav|navigation|footer|site-header|masthead|"
    r"banner|toc|contents-list|widget|contrast|accessibility|print|search|comments?|"
    r"pagination|screen-reader-text|sr-only|visually-hidden|visuallyhidden|related|"
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


def _joined(item: Item) -> str:
    """A bullet's text with the items nested under it, as one message."""
    text = item.text
    for sub in item.subitems:
        if not text:
            text = sub
        elif text.endswith((":", ";", ",", ".", "!", "?", "—", "–", "-")) or text == item.text:
            text = f"{text} {sub}"
        else:
            text = f"{text}; {sub}"
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
        bold_depth = 0
        stack: list[tuple[LexborNode, bool]] = [(root, False)]
        while stack:
            node, leaving = stack.pop()
            tag = node.tag or ""
            if leaving:
                if tag in _BOLD:
                    bold_depth -= 1
                if tag in _BLOCKS:
                    self.flush()
                continue
            if node.is_text_node:
                self.runs.append((node.text_content or "", bold_depth > 0))
                continue
            if not node.is_element_node or (node is not root and _is_skipped(node)):
                continue
            if tag in _HEADINGS:
                self.flush()
                inline, rest = _split_heading(node)
                if inline:
                    self.blocks.append(Heading(_HEADINGS[tag], inline))
                stack.extend((child, False) for child in reversed(rest))
                continue
            if tag in _LISTS:
                self.flush()
                items = _list_items(node)
                if items:
                    self.blocks.append(BulletList(items))
                continue
            if tag == "br":
                self.runs.append((" ", bold_depth > 0))
                continue
            if tag in _BLOCKS:
                self.flush()
            if tag in _BOLD:
                bold_depth += 1
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(list(_children(node))))
        self.flush()
        return self.blocks


def _inside_skipped(node: LexborNode) -> bool:
    parent = node.parent
    while parent is not None and parent.is_element_node:
        if _is_skipped(parent) and parent.tag != "header":
            return True
        parent = parent.parent
    return False


_TITLE_SEPARATOR = re.compile(r"\s+[|\-–—:»]\s+")


def _html_page(text: str) -> tuple[list[Block], PageMeta, tuple[str, ...]]:
    """The blocks of an HTML page, what its head says, and its visible text (for the
    date and category lines, which themes often put outside the content)."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(text)
    tree.strip_tags(["script", "style", "noscript", "template"])
    metas: dict[str, str] = {}
    for meta in tree.css("meta"):
        key = (meta.attributes.get("property") or meta.attributes.get("name") or "").lower()
        content = clean(meta.attributes.get("content") or "")
        if key and content and key not in metas:
            metas[key] = content
    canonical = None
    for link in tree.css("link[href]"):
        if "canonical" in (link.attributes.get("rel") or "").lower().split():
            canonical = clean(link.attributes.get("href") or "") or None
            break
    title_node = tree.css_first("title")
    head_title = clean(title_node.text()) if title_node is not None else ""

    body = tree.body
    root = body
    for selector in _ROOT_SELECTORS:
        found = tree.css_first(selector)
        if found is not None and not _inside_skipped(found):
            root = found
            break
    blocks = _Walker().walk(root) if root is not None else []

    title, title_source = None, None
    candidates = [*(root.css("h1") if root is not None else []), *tree.css("h1")]
    for h1 in candidates:
        if not _inside_skipped(h1) and _flat_text(h1):
            title = _flat_text(h1)
            break
    if title is None and metas.get("og:title"):
        title, title_source = metas["og:title"], "og:title"
    elif title is None and head_title:
        parts = _TITLE_SEPARATOR.split(head_title)
        title, title_source = parts[0], "<title>"
        if len(parts) > 1:
            title_source = "<title>, with the site's name after it cut off"
    published, published_source = None, ""
    for key in ("article:published_time", "dcterms.issued", "dcterms.created", "dc.date", "date"):
        if metas.get(key):
            published, published_source = metas[key], f"the page's {key} metadata"
            break
    if published is None and root is not None:
        for time_node in root.css("time[datetime]"):
            published = clean(time_node.attributes.get("datetime") or "")
            published_source = "the page's <time> element"
            break
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
    return blocks, meta, _short_lines(body)


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
        if node.css_first(_LINE_CONTAINERS) is None:
            text = _flat_text(node)
            if text and len(text) <= 300:
                lines.append(text)
    return tuple(lines)


# ---------------------------------------------------------------------------------------
# Text copies.

_BULLET = re.compile(r"^(?P<indent>[ \t]*)(?:[•◦▪▫‣∙●○■□*]|-(?=\s))\s*(?P<text>.*)$")
_END_PUNCTUATION = (".", ":", ";", ",", "!", "?", "…")


def _text_blocks(text: str) -> list[Block]:
    """The blocks of a text copy: blank lines part paragraphs; `•`, `-` or `*` start an
    item, and an item indented deeper than the list's first is nested under the one before.
    A lone short line without closing punctuation is a heading (the first, the title)."""
    blocks: list[Block] = []
    paragraph: list[str] = []
    items: list[Item] = []
    base_indent = 0
    in_item = False  # the previous line was an item or its continuation
    seen_content = False

    def flush_paragraph() -> None:
        nonlocal seen_content
        if not paragraph:
            return
        joined = clean(" ".join(paragraph))
        lone_line = len(paragraph) == 1
        paragraph.clear()
        if not joined:
            return
        if lone_line and _looks_like_heading(joined):
            blocks.append(Heading(2 if seen_content else 1, joined))
        else:
            blocks.append(Paragraph(joined))
            if not _is_furniture(joined) and meta_line(joined) is None:
                seen_content = True

    def flush_list() -> None:
        nonlocal seen_content
        if items:
            blocks.append(BulletList(tuple(items)))
            items.clear()
            seen_content = True

    for line in text.splitlines():
        bullet = _BULLET.match(line)
        if not line.strip():
            flush_paragraph()
            in_item = False
            continue
        if bullet is not None:
            flush_paragraph()
            indent = len(bullet.group("indent").expandtabs(4))
            entry = clean(bullet.group("text"))
            if not items:
                base_indent = indent
            if items and indent > base_indent:
                last = items[-1]
                items[-1] = last._replace(subitems=(*last.subitems, entry))
            else:
                items.append(Item(entry))
            in_item = True
            continue
        if in_item and items and line[:1].isspace():  # a wrapped item goes on
            last = items[-1]
            if last.subitems:
                subitems = (*last.subitems[:-1], clean(f"{last.subitems[-1]} {line}"))
                items[-1] = last._replace(subitems=subitems)
            else:
                items[-1] = last._replace(text=clean(f"{last.text} {line}"))
            continue
        flush_list()
        in_item = False
        paragraph.append(line)
    flush_paragraph()
    flush_list()
    return blocks


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
    r"^(?:remember\s*[:\-–—]\s*(?P<rest>\S.*)|(?P<whole>if you (?:only )?do (?:just )?one thing\b.*))$",
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
    title = (
        Value(
            meta.title,
            f"title taken from the page's {meta.title_source}" if meta.title_source else None,
        )
        if meta.title
        else None
    )
    summary: list[str] = []
    remember: Value | None = None
    resources: list[DraftResource] = []
    resources_heading: str | None = None
    themes: list[_ThemeBuilder] = []
    current: _ThemeBuilder | None = None
    in_resources = in_contents = False
    category_line = date_line = None
    summary_list = False
    last_block_bold: str | None = None

    for block in blocks:
        last_block_bold = None
        if isinstance(block, Heading):
            if block.level == 1 and (title is None or block.text == title.text):
                if title is None:
                    title = Value(
                        block.text,
                        "title taken from the first line of the page" if not meta.title else None,
                    )
                continue
            in_contents = block.text.lower().rstrip(":") in _TOC_HEADINGS
            in_resources = bool(_RESOURCE_HEADINGS.match(block.text.rstrip(":")))
            if in_resources and resources_heading is None:
                resources_heading = block.text
            if in_contents or in_resources:
                current = None if in_contents else current
                continue
            current = _ThemeBuilder(block.text, block.level)
            themes.append(current)
        elif isinstance(block, Paragraph):
            text = block.text
            if _is_furniture(text):
                continue
            if (fields := meta_line(text)) is not None:
                date_line = date_line or fields[0]
                category_line = category_line or fields[1]
                continue
            if remember is None and (match := _REMEMBER.match(text)):
                remember = Value(match.group("rest") or match.group("whole"))
                continue
            if block.bold:
                last_block_bold = text
            if in_resources:
                continue
            if current is None:
                summary.append(text)
            else:
                current.paragraphs.append(text)
        else:
            if _is_table_of_contents(block) or in_contents:
                in_contents = False
                continue
            if in_resources:
                for item in block.items:
                    href = next((link for _, link in item.links if not link.startswith("#")), None)
                    resources.append(
                        DraftResource(item.text, _absolute(href, url or meta.canonical))
                    )
                continue
            if current is None:
                summary += [_joined(item) for item in block.items if _joined(item)]
                summary_list = True
                continue
            for item in block.items:
                message = _joined(item)
                if message:
                    check = (
                        "a list nested under this bullet is joined into it with '; ': check the separators"
                        if item.subitems
                        else None
                    )
                    current.messages.append(Value(message, check))
    if remember is None and last_block_bold is not None and len(last_block_bold) <= 300:
        remember = Value(last_block_bold, "remember taken from the bold line that ends the page")
        for theme in themes:
            if theme.paragraphs and theme.paragraphs[-1] == last_block_bold:
                theme.paragraphs.pop()
        if summary and summary[-1] == last_block_bold:
            summary.pop()

    if not any(theme.messages for theme in themes):
        if themes:
            raise PageError(
                f"{display_name(source)} has headings but no bulleted list under any of them, "
                "so there are no key messages to take.",
                "learnref import reads key messages from the list items under each heading. "
                "Check that the page was saved whole, or copy its text into a .txt file with "
                "one '• ' bullet per key message.",
            )
        raise PageError(
            f"{display_name(source)} has no headings with bulleted lists under them: "
            "learnref import found no themes.",
            "Give it a saved web page (.html) of a briefing whose key messages are listed under "
            "headings, or a .txt copy with a line per heading and '• ' before each key message.",
        )

    page_url = url or meta.canonical
    url_value = (
        Value(url)
        if url
        else Value(meta.canonical)
        if meta.canonical
        else Value(meta.og_url, "url taken from og:url")
        if meta.og_url
        else Value(f"{FILL_IN} the address of the published page, https://...")
    )
    page_url = url_value.text if not url_value.text.startswith(FILL_IN) else None

    text_for_names = "\n".join([*summary, *visible])
    visible_date = visible_category = visible_date_line = None
    for line in visible:
        fields = meta_line(line)
        if fields is not None:
            if visible_date is None and fields[0] and parse_date(fields[0]):
                visible_date, visible_date_line = fields[0], line
            visible_category = visible_category or fields[1]
    partnership = _PARTNERSHIP.search(text_for_names)
    if meta.site_name:
        publisher = Value(meta.site_name, "publisher guessed from og:site_name")
    elif partnership:
        publisher = Value(partnership.group(1), "publisher guessed from the page's text")
    else:
        publisher = Value(f"{FILL_IN} who published the page, in full")
    publisher_short = None
    short_match = re.search(re.escape(publisher.text) + r" \(([A-Z]{2,10})\)", text_for_names)
    if short_match:
        publisher_short = Value(
            short_match.group(1), "publisher_short guessed from the page's text"
        )

    published = None
    for candidate, reason in (
        (date_line, None),
        (
            visible_date,
            f"published read from the line '{_shorten(visible_date_line or '')}', "
            "outside the page's main text",
        ),
        (meta.published_time, f"published taken from {meta.published_source}"),
    ):
        if candidate and (parsed := parse_date(candidate)):
            published = Value(parsed[0], parsed[1] or reason)
            break
    if published is None:
        published = Value(f"{FILL_IN} the date the page was published, YYYY-MM-DD")

    category = None
    if category_line:
        category = Value(category_line)
    elif visible_category:
        category = Value(visible_category, "category read from a line outside the page's main text")
    elif meta.section:
        category = Value(meta.section, "category taken from the page's article:section metadata")

    if title is None:
        title = Value(f"{FILL_IN} the briefing's title, as published")

    return Draft(
        source=source,
        id=_make_id(publisher, publisher_short, published, title),
        title=title,
        publisher=publisher,
        publisher_short=publisher_short,
        published=published,
        category=category,
        url=url_value,
        summary="\n\n".join(summary) or None,
        summary_check=(
            "the summary holds a list from the page's introduction, an item to a paragraph"
            if summary_list
            else None
        ),
        remember=remember,
        resources=tuple(resources),
        resources_check=(
            f"resources taken from the list under '{resources_heading}'" if resources else None
        ),
        themes=_finish_themes(themes, page_url),
    )


class _ThemeBuilder:
    """A theme as it is read: its heading, the messages and paragraphs under it."""

    def __init__(self, title: str, level: int) -> None:
        self.title = title
        self.level = level
        self.messages: list[Value] = []
        self.paragraphs: list[str] = []


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
        checks = list(pending)
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
    lines.append(f"  - id: {draft.id.text}")
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
    if draft.resources:
        if draft.resources_check:
            lines.append(f"{indent}# check: {printable(draft.resources_check)}")
        lines.append(f"{indent}resources:")
        for resource in draft.resources:
            lines.append(f"{indent}  - title: {_q(resource.title)}")
            if resource.url:
                lines.append(f"{indent}    url: {_q(resource.url)}")
    lines.append(f"{indent}themes:")
    for theme in draft.themes:
        lines += [f"{indent}  # check: {printable(check)}" for check in theme.checks]
        lines.append(f"{indent}  - title: {_q(theme.title)}")
        lines.append(f"{indent}    slug: {theme.slug}")
        if not theme.messages:
            lines.append(f"{indent}    messages: []")
        else:
            lines.append(f"{indent}    messages:")
            for message in theme.messages:
                if message.check:
                    lines.append(f"{indent}      # check: {printable(message.check)}")
                lines.append(f"{indent}      - {_q(message.text)}")
        if theme.note:
            lines.append(f"{indent}    note: {_q(theme.note)}")
    return "\n".join(lines) + "\n"


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
