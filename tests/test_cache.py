"""The cache: used when current, rebuilt when stale or damaged, never an error for the user."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from learnref import cache, loader, paths, sources

from .conftest import Runner, golden

DATA = Path(__file__).parent / "data" / "two-briefings.yaml"


@pytest.fixture
def data_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of a test data file standing in for the bundled one."""
    copy = tmp_path / "briefings.yaml"
    shutil.copy(DATA, copy)
    monkeypatch.setattr("learnref.sources.bundled_data_path", lambda: copy)
    return copy


def cache_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("library-*.sqlite"))


def test_first_run_writes_one_cache_file(run: Runner, isolated_env: Path) -> None:
    """A first run leaves one cache file and no temporary files."""
    assert run("list").exit_code == 0
    assert len(cache_files(isolated_env)) == 1
    assert [p.name for p in isolated_env.iterdir() if p.name.endswith(".tmp")] == []


def test_warm_run_does_not_read_yaml(run: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    """With a current cache, show and search never parse the data file again."""
    assert run("show", "think-family").exit_code == 0

    def no_yaml(*args: object, **kwargs: object) -> None:
        raise AssertionError("the YAML was read again")

    monkeypatch.setattr(sources, "load", no_yaml)
    monkeypatch.setattr(loader, "read_file", no_yaml)
    assert run("show", "think-family").stdout == golden("show-think-family.txt")
    assert run("search", "chronology").exit_code == 0


def test_changed_file_is_read_again(run: Runner, data_file: Path) -> None:
    """Editing a data file after it was cached shows the new text on the next run."""
    assert "An older message about families." in run("show", "think-family").stdout
    text = data_file.read_text(encoding="utf-8").replace("An older message", "A changed message")
    data_file.write_text(text, encoding="utf-8")
    assert "A changed message about families." in run("show", "think-family").stdout


def test_corrupt_cache_is_rebuilt(run: Runner, isolated_env: Path) -> None:
    """A damaged cache file is ignored and replaced, silently."""
    assert run("list").exit_code == 0
    (path,) = cache_files(isolated_env)
    path.write_bytes(b"this is not a database" * 100)
    result = run("show", "think-family")
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout == golden("show-think-family.txt")
    assert sqlite3.connect(path).execute("SELECT count(*) FROM briefing").fetchone() == (1,)


def test_truncated_cache_is_rebuilt(run: Runner, isolated_env: Path) -> None:
    """A cache cut short (a full disk, a crash elsewhere) is rebuilt."""
    assert run("list").exit_code == 0
    (path,) = cache_files(isolated_env)
    path.write_bytes(path.read_bytes()[:2048])
    assert run("search", "chronology").exit_code == 0


def test_stale_key_is_rebuilt(run: Runner, isolated_env: Path) -> None:
    """A cache whose recorded key differs (older learnref, other files) is not used."""
    assert run("list").exit_code == 0
    (path,) = cache_files(isolated_env)
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = 'old' WHERE key = 'key'")
        db.execute("DELETE FROM theme")
    assert run("show", "think-family").stdout == golden("show-think-family.txt")


def test_unwritable_cache_directory_still_works(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When no cache can be written the library is built in memory, with no error."""
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the cache directory should be", encoding="utf-8")
    monkeypatch.setenv("LEARNREF_CACHE_DIR", str(blocker / "cache"))
    result = run("search", "chronology")
    assert result.exit_code == 0
    assert result.stderr == ""


def test_failing_cache_write_leaves_no_file(
    run: Runner, isolated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If writing the cache fails half way, no temporary or partial file is left."""

    def broken_replace(source: object, target: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("learnref.cache.os.replace", broken_replace)
    assert run("show", "think-family").stdout == golden("show-think-family.txt")
    assert list(isolated_env.iterdir()) == []


def test_locked_cache_is_not_an_error(run: Runner, isolated_env: Path) -> None:
    """A cache file locked by another program is worked around."""
    assert run("list").exit_code == 0
    (path,) = cache_files(isolated_env)
    other = sqlite3.connect(path)
    other.execute("BEGIN EXCLUSIVE")
    try:
        result = run("show", "think-family")
    finally:
        other.rollback()
        other.close()
    assert result.exit_code == 0
    assert result.stdout == golden("show-think-family.txt")


def test_no_cache_writes_nothing(run: Runner, isolated_env: Path) -> None:
    """--no-cache reads the data afresh and writes no cache file."""
    assert run("--no-cache", "search", "chronology").exit_code == 0
    assert run("--no-cache", "show", "think-family").stdout == golden("show-think-family.txt")
    assert not isolated_env.exists()


def test_cache_dir_follows_the_platform(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Without LEARNREF_CACHE_DIR the cache goes to XDG_CACHE_HOME/learnref on Linux."""
    monkeypatch.delenv("LEARNREF_CACHE_DIR")
    monkeypatch.setattr("learnref.paths.sys.platform", "linux")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert paths.cache_dir() == tmp_path / "xdg" / "learnref"


def test_old_cache_files_are_pruned(run: Runner, isolated_env: Path, data_file: Path) -> None:
    """Only the few most recent cache files are kept as data files change."""
    for edit in range(cache.CACHE_FILES_KEPT + 3):
        data_file.write_text(
            data_file.read_text(encoding="utf-8") + f"\n# edit {edit}\n", encoding="utf-8"
        )
        assert run("list").exit_code == 0
    assert len(cache_files(isolated_env)) == cache.CACHE_FILES_KEPT
