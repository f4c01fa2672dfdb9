"""Refresh the example outputs in README.md and docs/output.md from what learnref prints now.

In README.md each example is a fenced block right after a line `<!-- output: learnref ARGS -->`
(what ARGS prints to a pipe); in docs/output.md each JSON example follows a line
`<!-- json: ARGS -->` (what `learnref ARGS --format json` prints, even when it exits 1).
`--check` reports drift and exits 1 instead of writing (the test suite runs the same check).
"""

from __future__ import annotations

import re
import shlex
import sys
from pathlib import Path

from typer.testing import CliRunner

from learnref.cli import app

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
OUTPUT_DOC = ROOT / "docs" / "output.md"
EXAMPLE = re.compile(
    r"(<!-- output: learnref(?: (?P<args>[^\n]*?))? -->\n```text\n)(?P<body>.*?)(```)", re.S
)
JSON_EXAMPLE = re.compile(r"(<!-- json: (?P<args>.+?) -->\n```json\n)(?P<body>.*?)(```)", re.S)
# The first screen of a terminal (a bare `learnref`) and a fixed date for exports.
ENV = {"TERM": "dumb", "SOURCE_DATE_EPOCH": "1746057600"}


def output_of(args: str) -> str:
    """What `learnref ARGS` prints to a pipe."""
    result = CliRunner().invoke(app, shlex.split(args), prog_name="learnref", env=ENV)
    return result.stdout


def refreshed(text: str) -> str:
    """The README text with every example replaced by the current output."""
    return EXAMPLE.sub(lambda m: m.group(1) + output_of(m.group("args") or "") + m.group(4), text)


def refreshed_json(text: str) -> str:
    """docs/output.md with every JSON example replaced by the current output."""
    return JSON_EXAMPLE.sub(
        lambda m: m.group(1) + output_of(m.group("args") + " --format json") + m.group(4), text
    )


def main() -> int:
    """Rewrite README.md and docs/output.md, or with --check only report whether they are
    current."""
    stale = []
    for path, refresh in ((README, refreshed), (OUTPUT_DOC, refreshed_json)):
        text = path.read_text(encoding="utf-8")
        new = refresh(text)
        if new == text:
            continue
        stale.append(path.relative_to(ROOT).as_posix())
        if "--check" not in sys.argv[1:]:
            path.write_text(new, encoding="utf-8")
    if stale and "--check" in sys.argv[1:]:
        print(f"{', '.join(stale)}: examples differ from learnref's output: run {__file__}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
