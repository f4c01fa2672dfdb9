"""Shared fixtures: each test gets its own cache and data folders, a plain terminal, and runners."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

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


# The real user's learnref folders, recorded before any test runs (see pytest_configure).
_REAL_FOLDERS = (".local/share/learnref", ".cache/learnref", ".config/learnref")
SANDBOX_KEY = pytest.StashKey[Path]()
_REAL_STATE_KEY = pytest.StashKey[dict[str, list[tuple[str, int]]]]()
REAL_HOME_KEY = pytest.StashKey[Path]()


def folder_state(folder: Path) -> list[tuple[str, int]]:
    """Every entry under FOLDER with its modification time (ns); empty when it is absent."""
    if not folder.exists():
        return []
    entries = [folder, *sorted(folder.rglob("*"))]
    return [(str(entry), entry.lstat().st_mtime_ns) for entry in entries]


def real_folders_state(home: Path) -> dict[str, list[tuple[str, int]]]:
    """The state of the real user's learnref data, cache and config folders under HOME."""
    return {name: folder_state(home / name) for name in _REAL_FOLDERS}


def _point_home_at(sandbox: Path) -> None:
    """Point HOME, the XDG folders and every LEARNREF_* setting at SANDBOX, for the whole
    session, before any fixture (even a module- or session-scoped one) reads them."""
    real_home = Path.home()
    # Tools the slow tests run (uv build, uv pip) keep their own cache under HOME: keep it.
    cache_home = os.environ.get("XDG_CACHE_HOME") or str(real_home / ".cache")
    os.environ.setdefault("UV_CACHE_DIR", str(Path(cache_home) / "uv"))
    for name in [name for name in os.environ if name.startswith("LEARNREF_")]:
        if name != "LEARNREF_UPDATE_GOLDEN":  # the tests' own switch (assert_golden)
            del os.environ[name]
    os.environ["HOME"] = str(sandbox / "home")
    os.environ["USERPROFILE"] = str(sandbox / "home")
    os.environ["XDG_DATA_HOME"] = str(sandbox / "xdg-data")
    os.environ["XDG_CACHE_HOME"] = str(sandbox / "xdg-cache")
    os.environ["XDG_CONFIG_HOME"] = str(sandbox / "xdg-config")
    os.environ["XDG_STATE_HOME"] = str(sandbox / "xdg-state")
    os.environ["LOCALAPPDATA"] = str(sandbox / "localappdata")
    os.environ["LEARNREF_DATA_DIR"] = str(sandbox / "learnref-data")
    os.environ["LEARNREF_CACHE_DIR"] = str(sandbox / "learnref-cache")
    os.environ["LEARNREF_CONFIG_DIR"] = str(sandbox / "learnref-config")
    # Ranking by keywords alone, as the default install does, even where the optional
    # learnref[semantic] extra is installed; tests/test_meaning.py switches it on.
    os.environ["LEARNREF_SEMANTIC"] = "off"


def pytest_configure(config: pytest.Config) -> None:
    """Before anything else: record the real folders, then move every user folder aside."""
    config.stash[REAL_HOME_KEY] = Path.home()
    config.stash[_REAL_STATE_KEY] = real_folders_state(Path.home())
    sandbox = Path(tempfile.mkdtemp(prefix="learnref-tests-"))
    config.stash[SANDBOX_KEY] = sandbox
    _point_home_at(sandbox)


def pytest_unconfigure(config: pytest.Config) -> None:
    """Remove the session's sandbox folder."""
    sandbox = config.stash.get(SANDBOX_KEY, None)
    if sandbox is not None:
        shutil.rmtree(sandbox, ignore_errors=True)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run if any test created, changed or removed anything in the real user's
    learnref folders (checked once, by the process that started the run)."""
    config = session.config
    if hasattr(config, "workerinput"):  # a pytest-xdist worker: the controller checks
        return
    before = config.stash.get(_REAL_STATE_KEY, None)
    real_home = config.stash.get(REAL_HOME_KEY, None)
    if before is None or real_home is None:
        return
    changed = real_folders_changed(before, real_folders_state(real_home))
    if changed:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        terminal = config.pluginmanager.get_plugin("terminalreporter")
        if terminal is not None:
            terminal.write_line(
                "Tests touched the real user folders: " + ", ".join(changed), red=True
            )


def real_folders_changed(
    before: dict[str, list[tuple[str, int]]], after: dict[str, list[tuple[str, int]]]
) -> list[str]:
    """The real learnref folders whose contents or times differ between BEFORE and AFTER."""
    return [name for name in before if before[name] != after.get(name)]


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
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache-home"))
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

    # Imported here, not at the top: pytest-xdist workers start measuring coverage after
    # conftest.py is imported, and would miss learnref's module-level lines.
    from learnref.cli import app

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
