"""`learnref info`: version, data format, every source with its counts, and the folders."""

from __future__ import annotations

import json
from pathlib import Path

from learnref import __version__, commands

from .briefing_files import briefing, write
from .conftest import ROOT, Runner
from .test_meaning import EXTRA_INSTALLED

# The tests switch reranking by meaning off (LEARNREF_SEMANTIC=off, conftest.py).
RANKING = (
    "keywords (learnref[semantic] is installed, and switched off by LEARNREF_SEMANTIC)"
    if EXTRA_INSTALLED
    else "keywords"
)


def test_info_text(run: Runner, tmp_path: Path) -> None:
    """The text form lists versions, each source in load order, and which folders exist."""
    user_dir = tmp_path / "data-home" / "learnref" / "briefings"
    mine = write(user_dir, "mine.yaml", briefing("mine", messages=("One.", "Two.")))
    bad = write(user_dir, "zz-bad.yaml", "version: 1\n")
    extra = write(tmp_path, "extra.yaml", briefing("extra"))
    result = run("--data", str(extra), "info")
    assert result.exit_code == 0, result
    assert result.stderr == ""
    bundled = ROOT / "data" / "briefings.yaml"
    assert result.stdout == (
        f"learnref {__version__}\n"
        "data format version 1\n"
        f"search ranking: {RANKING}\n"
        "\n"
        "Sources, in load order:\n"
        f"  bundled  {bundled}: 1 briefing, 8 messages\n"
        f"  user     {mine}: 1 briefing, 2 messages\n"
        f"  user     {bad}: skipped this file (1 error); see it with: learnref validate {bad}\n"
        f"  --data   {extra}: 1 briefing, 1 message\n"
        "\n"
        "Subscriptions:\n"
        "  (none; add one with: learnref subscribe URL)\n"
        "\n"
        "Paths:\n"
        f"  User data dir:  {user_dir} (exists)\n"
        f"  Cache dir:      {tmp_path / 'cache'} (exists)\n"
        f"  Subscriptions:  {tmp_path / 'config-home' / 'learnref' / 'subscriptions.toml'}"
        " (does not exist)\n"
        f"  JSON Schema:    {commands.SCHEMA_PATH}\n"
        "  LEARNREF_DATA:  (not set)\n"
    )


def test_info_json(run: Runner, tmp_path: Path) -> None:
    """The JSON form has the usual layout `version`, learnref's version, sources, folders and
    subscriptions."""
    result = run("--no-cache", "info", "--format", "json")
    assert result.exit_code == 0, result
    data = json.loads(result.stdout)
    assert data == {
        "version": 1,
        "learnref_version": __version__,
        "data_format_version": 1,
        "search_ranking": {"meaning_installed": EXTRA_INSTALLED, "meaning": False},
        "sources": [
            {
                "kind": "bundled",
                "path": str(ROOT / "data" / "briefings.yaml"),
                "status": "loaded",
                "briefings": 1,
                "messages": 8,
                "detail": None,
            }
        ],
        "user_data_dir": {
            "path": str(tmp_path / "data-home" / "learnref" / "briefings"),
            "exists": False,
        },
        "cache_dir": {"path": str(tmp_path / "cache"), "exists": False},
        "schema": str(commands.SCHEMA_PATH),
        "learnref_data": [],
        "subscriptions": [],
        "subscriptions_file": {
            "path": str(tmp_path / "config-home" / "learnref" / "subscriptions.toml"),
            "exists": False,
            "problem": None,
        },
    }


def test_info_with_nothing_loaded(run: Runner) -> None:
    """`info --no-bundled` still works with no source at all, so the folders can be seen."""
    result = run("--no-bundled", "info")
    assert result.exit_code == 0, result
    assert "Sources, in load order:\n  (none)\n" in result.stdout


def test_info_installed(run_installed: Runner) -> None:
    """The installed command prints the version line first and exits 0."""
    result = run_installed("info")
    assert result.exit_code == 0, result
    assert result.stdout.startswith(f"learnref {__version__}\ndata format version 1\n")
    assert result.stderr == ""
