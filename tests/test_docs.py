"""The README and docs say what learnref really does."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from .conftest import ROOT


def _readme_examples() -> object:
    spec = importlib.util.spec_from_file_location(
        "readme_examples", ROOT / "scripts" / "readme_examples.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_examples_match_current_output(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every example output in the README is exactly what learnref prints now."""
    module = _readme_examples()
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert module.EXAMPLE.findall(text), "the README has no checked examples"  # type: ignore[attr-defined]
    assert module.refreshed(text) == text  # type: ignore[attr-defined]


def test_readme_links_exist() -> None:
    """Every local file the README links to is in the repository."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for target in re.findall(r"\]\(((?:docs|data)/[^)#]+)\)", text):
        assert (ROOT / target).exists(), target


def test_readme_names_the_two_setup_commands() -> None:
    """The README gives the two commands that run learnref and the tests on a fresh machine."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "uv run learnref show think-family" in text
    assert "uv run pytest" in text
    assert "pip install uv" in text


def test_ci_runs_the_readme_test_command() -> None:
    """CI runs the README's test command and the lint and type checks."""
    script = Path(ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for command in (
        "uv run pytest",
        "uv run ruff check .",
        "uv run ruff format --check .",
        "uv run mypy",
    ):
        assert command in script
