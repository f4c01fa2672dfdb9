"""The README's screenshots in docs/images are what scripts/screenshots.py makes today."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from .conftest import ROOT


def test_screenshots_are_current(tmp_path: Path) -> None:
    """Regenerating the SVG screenshots reproduces the committed files byte for byte."""
    spec = importlib.util.spec_from_file_location(
        "screenshots", ROOT / "scripts" / "screenshots.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--out", str(tmp_path)]) == 0
    made = sorted(path.name for path in tmp_path.glob("*.svg"))
    assert made == ["high-contrast.svg", "search-chronology.svg", "show-think-family.svg"]
    for name in made:
        committed = (ROOT / "docs" / "images" / name).read_text(encoding="utf-8")
        assert (tmp_path / name).read_text(encoding="utf-8") == committed, (
            f"docs/images/{name} is out of date: run `uv run python scripts/screenshots.py`"
        )
