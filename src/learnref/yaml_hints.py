"""What `validate` says for the mistakes people make most when writing a briefing file by
hand: a template placeholder left in, a date that does not exist, a colon or an indent
that YAML reads differently from how it looks. Each message says what to do."""

from __future__ import annotations

import re

# What `learnref init` and `learnref import` write for every value a person must supply.
PLACEHOLDER = "FILL IN"

_DATE_SHAPE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_SIMPLE_KEY = re.compile(r"^(\s*(?:-\s+)?)[\w-]+:(\s|$)")
_QUOTED_THEN_MORE = re.compile(r"""^\s*(?:-\s+)?(?:[\w-]+:\s+)?(["']).*?\1\s*\S""")


def placeholder_problem(value: str, what: str) -> str | None:
    """The problem with a value still holding a template placeholder (`FILL IN: ...`), or None.

    The placeholder names what belongs there, so the message repeats it."""
    text = value.strip()
    if not text.startswith(PLACEHOLDER):
        return None
    wanted = text[len(PLACEHOLDER) :].lstrip(" :").strip() or "the published text"
    return f"{what} is a placeholder from the template; replace it with {wanted}"


def impossible_date_problem(value: str, label: str) -> str | None:
    """The problem with a date written YYYY-MM-DD that does not exist (2024-02-31), or None
    when it is not in that shape."""
    shape = _DATE_SHAPE.match(value.strip())
    if shape is None:
        return None
    import calendar  # only on this error path

    year, month, day = (int(part) for part in shape.groups())
    if not 1 <= month <= 12:
        return (
            f"the `published` date of {label}, {value.strip()}, is not a date: there is no "
            f"month {month}; write YYYY-MM-DD, with the month from 01 to 12"
        )
    days = calendar.monthrange(year, month)[1]
    return (
        f"the `published` date of {label} is not a date: {day} {calendar.month_name[month]} "
        f"{year} does not exist ({calendar.month_name[month]} {year} has {days} days); "
        "check the day and the month"
    )


BACKSLASH_HINT = (
    "a backslash in double quotes, which starts a special character (\\t is a tab, \\n a "
    "line break): write \\\\ for a backslash, or put the text in single quotes"
)


def escaped_tab_warning(value: str, what: str, style: str | None) -> str | None:
    """A warning for a tab in double-quoted text, where a backslash makes one ("G:\\templates"
    is G: and a tab); None when there is none. Tabs are allowed in a summary or a note,
    so this is not an error, but it is rarely meant."""
    if style != '"' or "\t" not in value:
        return None
    return f"{what} has a tab made by {BACKSLASH_HINT}"


def mapping_read_hint() -> str:
    """What to do when YAML read text such as `Note: ...` as a key and a value."""
    return (
        "; the text has `: ` in it, which YAML reads as a key and a value: "
        "put the whole text in double quotes"
    )


def yaml_syntax_problem(  # noqa: PLR0911 - one answer per kind of syntax error
    message: str, context: str | None, text: str, line: int, column: int
) -> str | None:
    """PyYAML's common syntax errors, at LINE and COLUMN (1-based) of TEXT, said as what to
    do; None for one this does not know."""
    lines = text.splitlines()
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    if "mapping values are not allowed" in message:
        key = _SIMPLE_KEY.match(here)
        # The colon YAML stopped at is the line's own key's: the line is a key that YAML
        # took as more of the value above it, so it is indented wrongly. A later colon is
        # one inside the text.
        if key is not None and key.end(1) + here[key.end(1) :].index(":") + 1 == column:
            return (
                "this line is indented differently from the one above, so YAML reads it as "
                "part of that line; indent it like the one above"
            )
        return (
            "this text has `: ` in it, which YAML reads as the start of a new key; "
            "put the whole text in double quotes"
        )
    if "did not find expected" in message and context and "while parsing a block" in context:
        if _QUOTED_THEN_MORE.match(here):
            return (
                "the text goes on after its closing quote; put the whole text inside the "
                'quotes, and write a quote mark inside it as \\" in double quotes or as two '
                "quote marks ('') in single quotes"
            )
        return (
            "this line is not indented like the lines it belongs with; indent it like the "
            "other keys (or list items) at its level"
        )
    if "unknown escape character" in message:
        return f"this text has {BACKSLASH_HINT}"
    if "unexpected end of stream" in message and context and "quoted scalar" in context:
        return "a quote is opened but never closed; end the text with the same quote mark"
    return None
