"""Regenerate the README's screenshots (SVG) with learnref's own Rich renderer.

    uv run python scripts/screenshots.py [--out docs/images]

Each picture is what the command prints on an 80-column colour terminal, recorded with
Rich's `Console(record=True)` and saved with `save_svg`. The output is deterministic, and
tests/test_screenshots.py checks that the committed pictures are current.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

from rich.terminal_theme import DEFAULT_TERMINAL_THEME, SVG_EXPORT_THEME, TerminalTheme

from learnref import commands
from learnref.render import RenderSettings
from learnref.render.rich_format import RichRenderer
from learnref.store import Store

ROOT = Path(__file__).resolve().parent.parent
WIDTH = 80


class Shot(NamedTuple):
    """One screenshot: file name, the command it shows, and how to render its output."""

    name: str
    command: str
    render: Callable[[RichRenderer, Store], str]
    high_contrast: bool
    theme: TerminalTheme


SHOTS = (
    Shot(
        "show-think-family.svg",
        "learnref show think-family",
        lambda out, store: out.show(commands.show_theme(store, "think-family")),
        False,
        SVG_EXPORT_THEME,
    ),
    Shot(
        "search-chronology.svg",
        "learnref search chronology",
        lambda out, store: out.search(commands.search_messages(store, "chronology")),
        False,
        SVG_EXPORT_THEME,
    ),
    # High contrast on a light terminal: the terminal's own black on white, bold, reverse.
    Shot(
        "high-contrast.svg",
        "learnref --high-contrast search chronology",
        lambda out, store: out.search(commands.search_messages(store, "chronology")),
        True,
        DEFAULT_TERMINAL_THEME,
    ),
)


def render_svg(shot: Shot, store: Store) -> str:
    """The SVG text of one screenshot."""
    settings = RenderSettings("rich", color="always", high_contrast=shot.high_contrast, width=WIDTH)
    renderer = RichRenderer(settings, record=True)
    shot.render(renderer, store)
    return renderer.console.export_svg(title=shot.command, theme=shot.theme)


def main(argv: Sequence[str] | None = None) -> int:
    """Write every screenshot into the output folder and name each file written."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    store = commands.open_library(use_cache=False)
    for shot in SHOTS:
        path = args.out / shot.name
        path.write_text(render_svg(shot, store), encoding="utf-8")
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
