"""For any text in any field of a briefing file and any file name, no command writes a
control character (other than newline and tab), an escape or a bidi override or isolate,
on stdout or stderr, in any format.

Hypothesis generates the files. Under CI (CI=true) the examples are the same on every run.
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from learnref.cli import app

# What must never be written: C0 controls but newline and tab, DEL, C1 controls (ESC among
# them), bidi embeddings, overrides and isolates.
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

# Pieces of hostile text: escape sequences, bell, C1 CSI, bidi, zero-width, separators.
HOSTILE = [
    "\x1b[2J",
    "\x1b]52;c;cm0gLXJmIH4K\x07",
    "\x9b31m",
    "\x07",
    "\x00",
    "\x7f",
    "\r",
    "\u202e",
    "\u2066",
    "\u200b",
    "\u200d",
    "\u2028",
    "\ufeff",
    "<img src=x onerror=alert(1)>",
    "](javascript:alert(1))",
    "\n",
    "\t",
]

_any_char = st.characters(exclude_categories=["Cs"])
_text = st.lists(
    st.one_of(st.sampled_from(HOSTILE), st.text(_any_char, max_size=6)), min_size=1, max_size=4
).map("".join)
_plain = st.text(st.characters(categories=["L", "N", "P", "S", "Zs"]), min_size=1)
field = st.one_of(_plain, _text)
file_name = st.one_of(_text, st.text(_any_char, min_size=1, max_size=12)).map(
    lambda name: name.replace("/", "_").replace("\x00", "_")[:60] + ".yaml"
)


def _document(fields: dict[str, str]) -> str:
    """A briefing file with FIELDS' text in each field, written as YAML double-quoted
    strings (JSON's string syntax is a subset of them)."""

    def q(name: str) -> str:
        return json.dumps(fields[name], ensure_ascii=False)

    return (
        "version: 1\n"
        "briefings:\n"
        "  - id: any-briefing\n"
        f"    title: {q('title')}\n"
        f"    publisher: {q('publisher')}\n"
        "    published: 2024-01-31\n"
        f"    url: {q('url')}\n"
        f"    summary: {q('summary')}\n"
        f"    remember: {q('remember')}\n"
        "    themes:\n"
        "      - title: Any theme\n"
        f"        aliases: [{q('alias')}]\n"
        f"        note: {q('note')}\n"
        "        messages:\n"
        f"          - {json.dumps('fixture ' + fields['message'], ensure_ascii=False)}\n"
        "    resources:\n"
        f"      - title: {q('resource')}\n"
        f"        url: {q('url')}\n"
        "glossary:\n"
        f"  {q('term')}: {q('meaning')}\n"
    )


FIELDS = (
    "title",
    "publisher",
    "url",
    "summary",
    "remember",
    "alias",
    "note",
    "message",
    "resource",
    "term",
    "meaning",
)

COMMANDS = [
    ["list"],
    ["list", "--briefings", "--format", "markdown"],
    ["list", "--format", "json"],
    ["show", "any-theme"],
    ["show", "any-theme", "--format", "markdown"],
    ["show", "any-theme", "--format", "rich"],
    ["search", "fixture"],
    ["search", "fixture", "--format", "markdown"],
    ["search", "fixture", "--format", "json"],
    ["glossary"],
    ["glossary", "--format", "markdown"],
    ["random", "--theme", "any-theme", "--format", "markdown"],
    ["random", "--theme", "any-theme", "--format", "rich"],
    ["export", "--format", "markdown"],
    ["export", "--format", "html"],
    ["info"],
    ["info", "--format", "json"],
]


def _check(runner: CliRunner, args: list[str], env: dict[str, str]) -> None:
    result = runner.invoke(app, args, env=env, prog_name="learnref")
    assert result.exit_code in (0, 1, 2), (args, result.output, result.exception)
    for stream in (result.stdout, result.stderr):
        found = FORBIDDEN.search(stream)
        assert found is None, (args, found, stream)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.fixed_dictionaries(dict.fromkeys(FIELDS, field)), file_name)
@example(
    dict.fromkeys(FIELDS, "\x1b]52;c;cm0gLXJmIH4K\x07\x1b[2J\u202e"),
    "x\x1b]52;c;cm0gLXJmIH4K\x07\x1b[2J.yaml",
)
@example(dict.fromkeys(FIELDS, "plain words"), "x\u202egnp.yaml")
def test_no_command_writes_a_control_character(fields: dict[str, str], name: str) -> None:
    """Every command, in every format, over the file as user data, as --data and through
    validate: nothing that could drive a terminal or reorder text reaches stdout or stderr."""
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "data" / name
        path.parent.mkdir()
        path.write_text(_document(fields), encoding="utf-8")
        # One cache for the example's commands: the first builds it, the rest read it.
        cache = str(Path(folder) / "cache")
        env = {"LEARNREF_DATA_DIR": str(path.parent), "LEARNREF_CACHE_DIR": cache}
        for args in COMMANDS:
            _check(runner, list(args), env)
        _check(runner, ["--data", str(path), "list"], {"LEARNREF_CACHE_DIR": cache})
        _check(runner, ["validate", str(path)], {})
        _check(runner, ["validate", "--strict", str(path.parent)], {})
