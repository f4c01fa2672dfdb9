"""Data sources: bundled, user data directory, LEARNREF_DATA and --data, merged in order."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from learnref import cache, commands, paths, sources

from .briefing_files import GOOD, briefing, write
from .conftest import Runner

BUNDLED_ID = "hscp-2023-09-learning-from-reviews"


@pytest.fixture
def user_dir(tmp_path: Path) -> Path:
    """The user data directory under the test's XDG_DATA_HOME (see conftest)."""
    return tmp_path / "data-home" / "learnref" / "briefings"


def briefing_ids(run: Runner, *args: str) -> list[str]:
    """The briefing ids `list --briefings` shows, in load order."""
    result = run(*args, "list", "--briefings", "--format", "json")
    assert result.exit_code == 0, result
    return [item["id"] for item in json.loads(result.stdout)["briefings"]]


def test_user_data_dir_follows_platform_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    """The user data directory follows XDG on Linux, and the usual places on macOS and Windows."""
    home = Path.home()
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_DATA_HOME", "/xdg")
    assert paths.user_data_dir() == Path("/xdg/learnref/briefings")
    monkeypatch.delenv("XDG_DATA_HOME")
    assert paths.user_data_dir() == home / ".local/share/learnref/briefings"
    monkeypatch.setattr(sys, "platform", "darwin")
    expected = home / "Library" / "Application Support" / "learnref" / "briefings"
    assert paths.user_data_dir() == expected
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", "C:/Users/u/AppData/Local")
    assert paths.user_data_dir() == Path("C:/Users/u/AppData/Local/learnref/briefings")
    monkeypatch.setenv("LEARNREF_DATA_DIR", "/override")
    assert paths.user_data_dir() == Path("/override")


def test_sources_load_in_order(
    run: Runner, tmp_path: Path, user_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bundled, then the user directory (by name), then LEARNREF_DATA, then each --data."""
    write(user_dir, "b.yaml", briefing("user-b"))
    write(user_dir, "a.yml", briefing("user-a"))
    write(user_dir, "notes.txt", "not read")
    env_file = write(tmp_path / "env", "one.yaml", briefing("env-one"))
    env_dir = tmp_path / "env-dir"
    write(env_dir, "two.yaml", briefing("env-two"))
    monkeypatch.setenv("LEARNREF_DATA", os.pathsep.join([str(env_file), "", str(env_dir)]))
    option_file = write(tmp_path / "opt", "x.yaml", briefing("option-x"))
    option_dir = tmp_path / "opt-dir"
    write(option_dir, "y.yaml", briefing("option-y"))
    ids = briefing_ids(run, "--data", str(option_file), "--data", str(option_dir))
    expected = [BUNDLED_ID, "user-a", "user-b", "env-one", "env-two", "option-x", "option-y"]
    assert ids == expected


def test_no_bundled(run: Runner, tmp_path: Path) -> None:
    """--no-bundled leaves the bundled briefing out."""
    path = write(tmp_path, "mine.yaml", briefing("mine"))
    assert briefing_ids(run, "--no-bundled", "--data", str(path)) == ["mine"]


def test_no_briefings_left(run: Runner) -> None:
    """With --no-bundled and nothing else, the command says there is nothing and how to add it."""
    result = run("--no-bundled", "list")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "No briefings are loaded. --no-bundled leaves out the bundled briefing.\n"
        "Name your files with --data PATH or LEARNREF_DATA, or see where learnref looks with: "
        "learnref info\n"
    )


def test_learnref_data_dir_override(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """LEARNREF_DATA_DIR replaces the user data directory."""
    write(tmp_path / "elsewhere", "x.yaml", briefing("elsewhere"))
    monkeypatch.setenv("LEARNREF_DATA_DIR", str(tmp_path / "elsewhere"))
    assert briefing_ids(run) == [BUNDLED_ID, "elsewhere"]


def test_themes_merge_across_briefings_newest_first(run: Runner, tmp_path: Path) -> None:
    """A theme slug in several briefings is one theme; `show` gives the newest briefing first."""
    old = write(
        tmp_path,
        "old.yaml",
        briefing("old", theme="Think Family", messages=("Old one.",), published="2020-01-01"),
    )
    new = write(
        tmp_path,
        "new.yaml",
        briefing("new", theme="Think Family", messages=("New one.",), published="2025-01-01"),
    )
    result = run("--data", str(old), "--data", str(new), "show", "think-family")
    assert result.exit_code == 0, result
    order = [line for line in result.stdout.splitlines() if line.startswith("From: ")]
    assert order == [
        "From: Test briefing new, Test Partnership, 1 January 2025",
        "From: Learning from Reviews, Hampshire Safeguarding Children Partnership (HSCP), "
        "12 September 2023",
        "From: Test briefing old, Test Partnership, 1 January 2020",
    ]
    listed = run("--data", str(old), "--data", str(new), "list")
    assert listed.stdout.count("think-family") == 1
    assert "think-family                              5" in listed.stdout


def test_bad_user_file_is_one_warning(run: Runner, user_dir: Path) -> None:
    """A bad file in the user data directory is skipped with one warning line; the rest works."""
    write(user_dir, "good.yaml", briefing("good"))
    bad = write(
        user_dir,
        "bad.yaml",
        GOOD.replace("title: Test briefing", "title: 42").replace("2024-01-31", "31/01/2024"),
    )
    result = run("show", "test-theme")
    assert result.exit_code == 0, result
    assert result.stderr == (
        f"{bad}: warning: skipped this file (2 errors); see them with: learnref validate {bad}\n"
    )
    assert "1. Fixture message one." in result.stdout


def test_bad_user_file_warns_on_warm_runs(
    run: Runner, user_dir: Path, isolated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The skipped-file warning is kept in the cache and printed again on warm runs."""
    bad = write(user_dir, "bad.yaml", "version: 1\n")
    first = run("list")
    line = f"{bad}: warning: skipped this file (1 error); see it with: learnref validate {bad}\n"
    assert first.stderr == line
    assert list(isolated_env.glob("library-*.sqlite"))

    def no_loading(*_: object) -> None:
        raise AssertionError("a warm run must not read the data files")

    monkeypatch.setattr(sources, "load", no_loading)
    second = run("list")
    assert second.exit_code == 0, second
    assert second.stderr == line
    assert second.stdout == first.stdout


def test_bad_user_file_warns_without_cache(run: Runner, user_dir: Path) -> None:
    """With --no-cache the warning is the same."""
    bad = write(user_dir, "bad.yaml", "version: 1\n")
    result = run("--no-cache", "list")
    assert result.exit_code == 0
    assert result.stderr == (
        f"{bad}: warning: skipped this file (1 error); see it with: learnref validate {bad}\n"
    )


def test_warning_quotes_paths_with_spaces(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The suggested command quotes a path with spaces (as on macOS) so it can be pasted."""
    directory = tmp_path / "Application Support"
    bad = write(directory, "bad.yaml", "version: 1\n")
    monkeypatch.setenv("LEARNREF_DATA_DIR", str(directory))
    result = run("list")
    assert result.stderr == (
        f"{bad}: warning: skipped this file (1 error); see it with: learnref validate '{bad}'\n"
    )


@pytest.mark.skipif(os.name == "nt", reason="symlinks need privileges on Windows")
def test_symlink_loop_in_user_dir(run: Runner, user_dir: Path) -> None:
    """A symlink loop in the user data directory is one warning; everything else works."""
    write(user_dir, "good.yaml", briefing("good"))
    (user_dir / "loop.yaml").symlink_to(user_dir / "loop.yaml")
    result = run("list", "--briefings")
    assert result.exit_code == 0
    assert "good" in result.stdout
    loop = user_dir / "loop.yaml"
    assert result.stderr == (
        f"{loop}: warning: skipped this file (1 error); see it with: learnref validate {loop}\n"
    )


def test_user_file_reusing_an_id_is_skipped(run: Runner, user_dir: Path) -> None:
    """A user file whose briefing id is already loaded is skipped with one line naming both."""
    write(user_dir, "a.yaml", briefing("same"))
    second = write(user_dir, "b.yaml", briefing("same"))
    result = run("list", "--briefings")
    assert result.exit_code == 0
    assert result.stderr == (
        f"{second}: warning: skipped this file: briefing `same` is already loaded from "
        f"{user_dir / 'a.yaml'}:3:9, and this file holds the same briefing: remove one of "
        "the two copies\n"
    )


def test_data_file_reusing_an_id_is_an_error(run: Runner, tmp_path: Path) -> None:
    """A --data file reusing a loaded briefing id stops the command, naming both files."""
    first = write(tmp_path, "a.yaml", briefing("same"))
    second = write(tmp_path, "b.yaml", briefing("same"))
    result = run("--data", str(first), "--data", str(second), "list")
    assert result.exit_code == 1
    assert result.stderr == (
        f"{second}:3:9: error: briefing `same` is already loaded from {first}:3:9, and this "
        "file holds the same briefing: remove one of the two copies\n"
        "Remove one copy, or give one briefing another id; see every file learnref reads "
        "with: learnref info\n"
    )


def test_different_briefings_with_one_id_say_to_rename(run: Runner, tmp_path: Path) -> None:
    """Two different briefings with one id: give one another id (nothing to remove)."""
    first = write(tmp_path, "a.yaml", briefing("same"))
    second = write(tmp_path, "b.yaml", briefing("same", theme="Other Theme"))
    result = run("--data", str(first), "--data", str(second), "list")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{second}:3:9: error: briefing id `same` is already loaded from {first}:3:9, for a "
        "different briefing; give one of them another id"
    )


def test_same_file_by_another_path_loads_once(
    run: Runner, user_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The data folder's file named again through a link or a relative path is one source."""
    path = write(user_dir, "mine.yaml", briefing("mine"))
    link = tmp_path / "link.yaml"
    link.symlink_to(path)
    monkeypatch.chdir(user_dir)
    result = run("--data", str(link), "--data", "mine.yaml", "list", "--briefings")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert briefing_ids(run, "--data", str(link)) == [BUNDLED_ID, "mine"]


def test_same_file_twice_loads_once(run: Runner, user_dir: Path) -> None:
    """A user data file also named with --data is loaded once, not reported as a duplicate."""
    path = write(user_dir, "mine.yaml", briefing("mine"))
    assert briefing_ids(run, "--data", str(path), "--data", str(user_dir)) == [BUNDLED_ID, "mine"]


def test_named_file_is_strict_even_in_user_dir(run: Runner, user_dir: Path) -> None:
    """A bad user data file named with --data too is an error, not a warning."""
    bad = write(user_dir, "bad.yaml", "version: 1\n")
    result = run("--data", str(bad), "list")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{bad}:1:1: error: the file has no `briefings`")


def test_new_file_in_directory_changes_cache_key(run: Runner, user_dir: Path) -> None:
    """A file added to a data directory is seen on the next run (the cache key changes)."""
    write(user_dir, "a.yaml", briefing("first"))
    assert briefing_ids(run) == [BUNDLED_ID, "first"]
    write(user_dir, "b.yaml", briefing("second"))
    assert briefing_ids(run) == [BUNDLED_ID, "first", "second"]


def test_cache_key_covers_every_file_and_flag(tmp_path: Path, user_dir: Path) -> None:
    """The cache key changes with the file list, a file's size, and how a file is treated."""
    path = write(user_dir, "a.yaml", briefing("a"))

    def key(data: tuple[Path, ...] = (), bundled: bool = True) -> str:
        found = sources.resolve(data, bundled=bundled)
        return cache.cache_key([file.path for file in found.files], sources.cache_labels(found))

    before = key()
    assert key() == before
    assert key(bundled=False) != before
    assert key((path,)) != before  # same file, now strict
    write(user_dir, "a.yaml", briefing("a-changed"))
    assert key() != before


def test_core_warns_through_callback(tmp_path: Path, user_dir: Path) -> None:
    """commands.open_library hands each skipped file, with why, to `warn` and knows nothing
    of stderr."""
    bad = write(user_dir, "bad.yaml", "version: 1\n")
    skipped: list[sources.SkippedFile] = []
    store = commands.open_library(warn=skipped.append)
    assert store.briefing_ids() == [BUNDLED_ID]
    assert skipped == [
        (str(bad), f"skipped this file (1 error); see it with: learnref validate {bad}")
    ]


def test_missing_learnref_data_path(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A LEARNREF_DATA path that does not exist stops the command, saying where it was given."""
    monkeypatch.setenv("LEARNREF_DATA", str(tmp_path / "gone"))
    result = run("list")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert (
        result.stderr
        == f"{tmp_path / 'gone'}: error: no such file or directory (in LEARNREF_DATA)\n"
    )


def test_installed_warning_line(run_installed: Runner, user_dir: Path) -> None:
    """Through the installed command, a bad user file is still exactly one stderr line."""
    bad = write(user_dir, "bad.yaml", "version: 1\n")
    result = run_installed("search", "chronology")
    assert result.exit_code == 0, result
    assert result.stderr == (
        f"{bad}: warning: skipped this file (1 error); see it with: learnref validate {bad}\n"
    )
    assert result.stdout.startswith("1. Use chronologies for complex cases")


def test_a_file_where_the_user_folder_should_be_is_read(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A briefing moved to the user data folder's own name (`mv mine.yaml .../briefings`)
    is read as the user's file, not ignored without a word."""
    path = write(tmp_path, "briefings", briefing("moved-in"))
    monkeypatch.setenv("LEARNREF_DATA_DIR", str(path))
    assert briefing_ids(run) == [BUNDLED_ID, "moved-in"]
    assert f"User data dir:  {path} (a file, not a folder)" in run("info").stdout
