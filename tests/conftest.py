"""Shared fixtures: each test gets its own cache and data folders, a plain terminal, and runners."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from learnref.cli import app

from .runner import installed

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"

# Property tests (tests/test_properties.py) draw new examples on each local run, to find new
# cases; under CI (CI=true) the examples are the same on every run.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "default")

# What a user's environment may hold that would change learnref's output.
_ENV_TO_CLEAR = (
    "NO_COLOR",
    "FORCE_COLOR",
    "LEARNREF_DATA",
    "LEARNREF_DATA_DIR",
    "LEARNREF_THEME",
    "LEARNREF_CACHE_DIR",
    "COLUMNS",
    "LINES",
    "XDG_DATA_HOME",
    "XDG_CACHE_HOME",
    "XDG_CONFIG_HOME",
    "LEARNREF_CONFIG_DIR",
    "LEARNREF_HTTP_TIMEOUT",
    "LEARNREF_CA_BUNDLE",
    # A proxy set for the person running the tests would carry the tests' requests to the
    # local test server elsewhere.
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "ALL_PROXY",
    "all_proxy",
    "NO_PROXY",
    "no_proxy",
)


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh cache, data and config home per test, so no test sees another's files or the
    user's."""
    for name in _ENV_TO_CLEAR:
        monkeypatch.delenv(name, raising=False)
    cache = tmp_path / "cache"
    monkeypatch.setenv("LEARNREF_CACHE_DIR", str(cache))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config-home"))
    monkeypatch.setenv("TERM", "dumb")
    return cache


class Result:
    """What a learnref run gave: exit code, stdout and stderr as text."""

    def __init__(self, exit_code: int, stdout: str, stderr: str) -> None:
        self.exit_code = exit_code
        self.stdout = stdout
        self.stderr = stderr

    def __repr__(self) -> str:
        return f"Result(exit_code={self.exit_code}, stdout={self.stdout!r}, stderr={self.stderr!r})"


Runner = Callable[..., Result]


@pytest.fixture
def run() -> Runner:
    """Run learnref in-process through Typer's CliRunner (stdout is not a terminal)."""

    def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
        result = CliRunner().invoke(
            app, list(args), env=env, catch_exceptions=False, prog_name="learnref"
        )
        return Result(result.exit_code, result.stdout, result.stderr)

    return invoke


@pytest.fixture
def run_installed() -> Runner:
    """Run the installed `learnref` command in a subprocess, stdout piped."""

    def invoke(*args: str, env: dict[str, str] | None = None, timeout: float = 60) -> Result:
        completed = installed(
            *args, env=env, timeout=timeout, text=True, encoding="utf-8", errors="replace"
        )
        return Result(completed.returncode, completed.stdout, completed.stderr)

    return invoke


def golden(name: str) -> str:
    """The expected output kept in tests/golden/NAME."""
    return (GOLDEN / name).read_text(encoding="utf-8")


DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def questions_data(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Serve tests/data/questions.yaml in place of the bundled briefing (until --data exists)."""
    path = DATA / "questions.yaml"
    monkeypatch.setattr("learnref.sources.bundled_data_path", lambda: path)
    return path


def assert_golden(name: str, actual: str) -> None:
    """Compare output with tests/golden/NAME, byte for byte.

    LEARNREF_UPDATE_GOLDEN=1 rewrites the file instead and skips the test, to be reviewed
    with `git diff` before committing.
    """
    path = GOLDEN / name
    if os.environ.get("LEARNREF_UPDATE_GOLDEN") == "1":
        path.write_text(actual, encoding="utf-8", newline="")
        pytest.skip(f"updated tests/golden/{name}")
    assert actual == path.read_text(encoding="utf-8")
