"""Regenerate the README's screenshots (SVG) with learnref's own Rich renderer.

    uv run python scripts/screenshots.py [--out docs/images]

Each picture is what the command prints on an 80-column colour terminal, recorded with
Rich's `Console(record=True)` and saved as SVG.
"""

from __future__ import annotations

import argparse
import io
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from rich.console import Console

from learnref import core
from learnref.render import rich as rich_render
from learnref.store import Store

ROOT = Path(__file__).resolve().parent.parent
WIDTH = 80


class Shot(NamedTuple):
    """One screenshot: file name, the command it shows, and how to get its output."""

    name: str
    command: str
    kind: str
    payload: Callable[[Store], Any]


SHOTS = (
    Shot(
        "show-think-family.svg",
        "learnref show think-family",
        "show",
        lambda store: core.show_theme(store, "think-family"),
    ),
    Shot(
        "search-chronology.svg",
        "learnref search chronology",
        "search",
        lambda store: core.search_messages(store, "chronology"),
    ),
)


def render_svg(shot: Shot, store: Store) -> str:
    """The SVG text of one screenshot."""
    console = Console(
        file=io.StringIO(),
        record=True,
        width=WIDTH,
        force_terminal=True,
        color_system="standard",
        markup=False,
        emoji=False,
        highlight=False,
    )
    renderer: Callable[[Any], Sequence[Any]] = getattr(rich_render, shot.kind)
    for renderable in renderer(shot.payload(store)):
        console.print(renderable)
    return console.export_svg(title=shot.command)


def main(argv: Sequence[str] | None = None) -> int:
    """Write every screenshot into the output folder and name each file written."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    store = core.open_library(use_cache=False)
    for shot in SHOTS:
        path = args.out / shot.name
        path.write_text(render_svg(shot, store), encoding="utf-8")
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
