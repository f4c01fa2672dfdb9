"""Refresh the example outputs in README.md from what learnref prints now.

Each example is a fenced block right after a line `<!-- output: learnref ARGS -->`.
`--check` reports drift and exits 1 instead of writing (the test suite runs the same check).
"""

from __future__ import annotations

import re
import shlex
import sys
from pathlib import Path

from typer.testing import CliRunner

from learnref.cli import app

README = Path(__file__).resolve().parent.parent / "README.md"
EXAMPLE = re.compile(
    r"(<!-- output: learnref (?P<args>.*?) -->\n```text\n)(?P<body>.*?)(```)", re.S
)


def output_of(args: str) -> str:
    """What `learnref ARGS` prints to a pipe."""
    result = CliRunner().invoke(app, shlex.split(args), prog_name="learnref", env={"TERM": "dumb"})
    return result.stdout


def refreshed(text: str) -> str:
    """The README text with every example replaced by the current output."""
    return EXAMPLE.sub(lambda m: m.group(1) + output_of(m.group("args")) + m.group(4), text)


def main() -> int:
    """Rewrite README.md, or with --check only report whether it is current."""
    text = README.read_text(encoding="utf-8")
    new = refreshed(text)
    if "--check" in sys.argv[1:]:
        if new != text:
            print(
                "README.md examples differ from learnref's output: run scripts/readme_examples.py"
            )
            return 1
        return 0
    README.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
