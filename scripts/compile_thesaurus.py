"""Compile the bundled thesaurus (data/thesaurus.yaml) into data/thesaurus.json.

The YAML file is the one to edit. learnref reads the compiled file instead, when it was
compiled from the YAML file as it is now (its SHA-256 is recorded): JSON is read about ten
times faster than YAML, and it holds each phrase's word stems, so that a cache build need
not stem some 20,000 thesaurus phrases every time. tests/test_thesaurus_file.py fails when
the compiled file is out of date.

    uv run python scripts/compile_thesaurus.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from learnref.thesaurus import compile_thesaurus

DATA = Path(__file__).resolve().parent.parent / "data"


def main() -> int:
    """Write data/thesaurus.json; 1 when the YAML file has a problem."""
    try:
        text = compile_thesaurus(DATA / "thesaurus.yaml")
    except ValueError as problem:
        print(problem, file=sys.stderr)
        return 1
    (DATA / "thesaurus.json").write_text(text, encoding="utf-8")
    print(f"wrote {DATA / 'thesaurus.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
