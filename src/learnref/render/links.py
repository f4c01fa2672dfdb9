"""The one rule for links in every writer (Markdown and HTML): only http(s) addresses become
links, and an address is percent-encoded wherever it could end the link or start markup."""

from __future__ import annotations

import re

from ..model import is_web_address

# Kept as they are: letters, digits and the characters a web address uses for its parts.
# Everything else (space, quotes, <, >, (, ), [, ], backslash, backtick, non-ASCII) is
# percent-encoded, so the address cannot close a Markdown link or open an HTML tag.
_KEPT = "-._~:/?#@!$&*+,;=%"


def link_address(url: str | None) -> str | None:
    """`url` made safe to put in any link, or None when it is not an http(s) address: a
    `javascript:` or `data:` address is never made a link."""
    if not url or not is_web_address(url):
        return None
    from urllib.parse import quote

    return quote(url, safe=_KEPT)


def markdown_link(label: str, url: str | None) -> str | None:
    """`[label](<address>)`, with `label` already Markdown-escaped; None when `url` is not an
    address learnref links to."""
    address = link_address(url)
    return f"[{label}](<{address}>)" if address else None


def markdown_autolink(url: str | None) -> str | None:
    """`<address>`, a bare link; None when `url` is not an address learnref links to."""
    address = link_address(url)
    return f"<{address}>" if address else None


# A web address inside running text; punctuation that ends the sentence is not part of it.
_WEB_ADDRESS = re.compile(r"""https?://[^\s<>"']+?(?=[.,;:!?)\]]*(?:\s|$))""", re.IGNORECASE)


def web_address_parts(text: str) -> list[tuple[str, bool]]:
    """TEXT in pieces, each with whether it is a web address (http or https), so a writer
    can link the addresses and escape the rest."""
    parts: list[tuple[str, bool]] = []
    position = 0
    for found in _WEB_ADDRESS.finditer(text):
        if found.start() > position:
            parts.append((text[position : found.start()], False))
        parts.append((found.group(), True))
        position = found.end()
    if position < len(text) or not parts:
        parts.append((text[position:], False))
    return parts
