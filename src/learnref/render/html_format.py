"""HTML: one self-contained, accessible page for printing or an intranet.

Semantic headings in order, `lang="en-GB"`, readable without its stylesheet, black on white
with underlined links, print styles, no scripts and no external assets: the only links
are the briefings' own sources and further reading. Every piece of content is escaped,
and a link is made only of an http(s) address.
"""

from __future__ import annotations

from html import escape

from ..model import NOT_PROCEDURE, Briefing, ExportDocument, Theme
from ..quoting import counted
from .console import encodable
from .links import link_address, web_address_parts

STYLE = """
:root { color-scheme: light; }
body {
  margin: 0 auto; max-width: 46rem; padding: 1.5rem;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  font-size: 1.125rem; line-height: 1.55; color: #000; background: #fff;
}
h1, h2, h3, h4 { line-height: 1.25; margin: 1.6em 0 0.5em; }
h1 { font-size: 2rem; margin-top: 0.5em; }
h2 { font-size: 1.55rem; border-top: 4px solid #000; padding-top: 0.8rem; }
h3 { font-size: 1.25rem; }
h4 { font-size: 1.1rem; }
a { color: #00338a; text-decoration: underline; overflow-wrap: anywhere; }
a:focus { outline: 3px solid #000; outline-offset: 2px; background: #ffdd00; color: #000; }
li + li { margin-top: 0.45em; }
.source { margin-top: 0; }
.note { border-left: 6px solid #000; padding: 0.2em 0 0.2em 1rem; }
.remember { border: 3px solid #000; padding: 0.6em 1rem; font-weight: bold; }
dt { font-weight: bold; }
dd { margin: 0 0 0.5em 1.5rem; }
.glossary dl { columns: 2 16rem; column-gap: 2rem; }
.glossary dl > div { break-inside: avoid; page-break-inside: avoid; }
footer { margin-top: 3rem; border-top: 2px solid #000; font-size: 1rem; }
@media print {
  body { max-width: none; padding: 0; font-size: 12pt; }
  a { color: #000; }
  .resources a[href]::after { content: " (" attr(href) ")"; }
  h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  li, .note, .remember, dd { break-inside: avoid; page-break-inside: avoid; }
  .glossary dl { columns: 2; }
  footer { margin-top: 1.5rem; }
  article + article { break-before: page; page-break-before: always; }
}
"""


def _e(text: str) -> str:
    return escape(text, quote=True)


def _link(url: str | None, label: str | None = None) -> str:
    """A link for an http(s) address; any other address is shown as text, not linked."""
    if not url:
        return _e(label or "")
    address = link_address(url)
    if address is None:
        return _e(label or url) + (f" ({_e(url)})" if label else "")
    return f'<a href="{_e(address)}">{_e(label or url)}</a>'


def _linked(text: str) -> str:
    """Text, escaped, with each web address in it made a link."""
    return "".join(
        _link(part) if address else _e(part) for part, address in web_address_parts(text)
    )


def _anchor(*parts: str) -> str:
    return "-".join(parts)


def _theme(briefing: Briefing, theme: Theme, level: int, heading: bool) -> list[str]:
    anchor = _anchor(briefing.id, theme.slug)
    lines: list[str] = []
    if heading:
        lines.append(f'<section aria-labelledby="{_e(anchor)}">')
        lines.append(f'<h{level} id="{_e(anchor)}">{_e(theme.title)}</h{level}>')
        level += 1
    if theme.messages:
        lines.append("<ol>")
        lines += [f"<li>{_e(message)}</li>" for message in theme.messages]
        lines.append("</ol>")
    if theme.note:
        lines.append(f'<p class="note"><strong>Note:</strong> {_linked(theme.note)}</p>')
    if theme.questions:
        lines.append(f"<h{level}>Questions to reflect on</h{level}>")
        lines.append("<ul>")
        lines += [f"<li>{_e(question)}</li>" for question in theme.questions]
        lines.append("</ul>")
    if heading:
        lines.append("</section>")
    return lines


def _briefing(briefing: Briefing, scope: str) -> list[str]:
    whole = scope != "theme"
    lines = [
        f'<article aria-labelledby="{_e(briefing.id)}">',
        f'<h2 id="{_e(briefing.id)}">{_e(briefing.title)}</h2>',
        f'<p class="source">{_e(briefing.publisher_label)}, published '
        f'<time datetime="{_e(briefing.published)}">{_e(briefing.published_label)}</time>.'
        + (f"<br>\nSource: {_link(briefing.url)}" if briefing.url else "")
        + "</p>",
    ]
    if briefing.summary and whole:
        lines.append("<h3>Context</h3>")
        lines += [f"<p>{_e(paragraph)}</p>" for paragraph in briefing.summary.split("\n\n")]
    for theme in briefing.themes:
        lines += _theme(briefing, theme, 3, heading=whole)
    if briefing.remember:
        # Under its own heading: it belongs to the briefing, not to the theme above it.
        lines += ["<h3>Remember</h3>", f'<p class="remember">{_e(briefing.remember)}</p>']
    if briefing.resources:
        lines.append("<h3>Further reading</h3>")
        lines.append('<ul class="resources">')
        lines += [f"<li>{_link(r.url, r.title)}</li>" for r in briefing.resources]
        lines.append("</ul>")
    lines.append("</article>")
    return lines


def _page_title(title: str) -> str:
    """The browser tab's title: the document's, saying "key messages" once."""
    return title if "key messages" in title.casefold() else f"{title}: key messages"


def _glossary(document: ExportDocument) -> list[str]:
    """The terms the exported messages use, each term kept with its meaning (one <div>
    each, so a page or column break never falls between them)."""
    if not document.glossary:
        return []
    lines = [
        '<section class="glossary" aria-labelledby="glossary">',
        '<h2 id="glossary">Terms used</h2>',
        "<dl>",
    ]
    for term, meaning in document.glossary:
        lines.append(f"<div><dt>{_e(term)}</dt><dd>{_e(meaning)}</dd></div>")
    return [*lines, "</dl>", "</section>"]


def page(document: ExportDocument) -> str:
    """The whole page."""
    count = len(document.briefings)
    messages = document.message_count
    lines = [
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="{_e(document.generator)}">',
        f"<title>{_e(_page_title(document.title))}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{_e(document.title)}</h1>",
        f"<p>{counted(messages, 'key message')} from {counted(count, 'briefing')}, "
        "quoted as published.</p>",
        "</header>",
        "<main>",
    ]
    for briefing in document.briefings:
        lines += _briefing(briefing, document.scope)
    lines += _glossary(document)
    lines += [
        "</main>",
        "<footer>",
        f"<p>Exported from {_e(document.generator)} on "
        f'<time datetime="{_e(document.exported)}">{_e(document.exported_label)}</time>. '
        f"A learning reference, {NOT_PROCEDURE}</p>",
        "</footer>",
        "</body>",
        "</html>",
    ]
    return "\n".join(lines) + "\n"


class HtmlExporter:
    """A self-contained web page; characters the console cannot show become references."""

    def __init__(self, encoding: str = "utf-8") -> None:
        self.encoding = encoding

    def export(self, document: ExportDocument) -> str:
        """The whole page, in characters the encoding can hold."""
        text = page(document)
        if encodable(text, self.encoding):
            return text
        return text.encode(self.encoding, "xmlcharrefreplace").decode(self.encoding)
