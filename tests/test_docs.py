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


def _documentation() -> str:
    parts = [(ROOT / "README.md").read_text(encoding="utf-8")]
    parts += [path.read_text(encoding="utf-8") for path in sorted((ROOT / "docs").glob("*.md"))]
    return "\n".join(parts)


def test_every_command_and_option_is_documented() -> None:
    """Each command, and each of its options and the global ones, appears in the README or
    docs/ (as `learnref NAME` for commands, and by its long name for options)."""
    import typer.main
    from typer.core import TyperGroup

    from learnref.cli import app

    group = typer.main.get_command(app)
    assert isinstance(group, TyperGroup)
    context = group.make_context("learnref", ["list"], resilient_parsing=True)
    text = _documentation()
    missing = []
    commands = [(name, group.get_command(context, name)) for name in group.list_commands(context)]
    for name, command in [("", group), *commands]:
        assert command is not None
        if name and f"learnref {name}" not in text:
            missing.append(f"learnref {name}")
        for param in command.params:
            for option in param.opts:
                if option.startswith("--") and option not in text:
                    missing.append(f"{name or 'learnref'} {option}")
    assert missing == []


def test_help_lists_every_command() -> None:
    """`learnref --help` names every command the group has."""
    from typer.testing import CliRunner

    from learnref.cli import app, registry

    help_text = CliRunner().invoke(app, ["--help"], prog_name="learnref").stdout
    for info in registry.registered_commands:
        assert f"  {info.name} " in help_text


def test_glossary_sources_list_every_bundled_term() -> None:
    """docs/glossary-sources.md has one row per bundled glossary term, with its expansion."""
    import yaml

    bundled = ROOT / "data" / "briefings.yaml"
    glossary = yaml.safe_load(bundled.read_text(encoding="utf-8"))["glossary"]
    table = (ROOT / "docs" / "glossary-sources.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\S+) \| (.+?) \| (.+) \|$", table, re.M)
    documented = {term: expansion for term, expansion, _ in rows if term not in ("term", "---")}
    assert documented == glossary
    assert all(source.strip() for _, _, source in rows)
