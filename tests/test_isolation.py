"""No test reads or writes the real user's learnref folders: the whole session runs with HOME,
the XDG folders and every LEARNREF_* setting pointed at a temporary folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from learnref import paths

from .conftest import (
    REAL_HOME_KEY,
    SANDBOX_KEY,
    folder_state,
    real_folders_changed,
    real_folders_state,
)


@pytest.fixture(scope="module")
def module_scoped_dirs() -> dict[str, Path]:
    """learnref's folders as a module-scoped fixture sees them (before per-test isolation)."""
    return {kind: paths.platform_dir(kind) for kind in ("data", "cache", "config")}


def test_module_scoped_fixtures_see_only_the_sandbox(
    module_scoped_dirs: dict[str, Path], pytestconfig: pytest.Config
) -> None:
    """Even a fixture set up before the per-test isolation reads no real user folder."""
    sandbox = pytestconfig.stash[SANDBOX_KEY]
    for folder in module_scoped_dirs.values():
        assert folder.is_relative_to(sandbox), folder
    assert Path(os.environ["HOME"]).is_relative_to(sandbox)


def test_no_user_folder_lies_in_the_real_home(pytestconfig: pytest.Config) -> None:
    """During a test, HOME, XDG_* and learnref's folders are all away from the real home."""
    real_home = pytestconfig.stash[REAL_HOME_KEY]
    assert not Path.home().is_relative_to(real_home)
    for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
        assert not Path(os.environ[name]).is_relative_to(real_home), name
    for kind in ("data", "cache", "config"):
        assert not paths.platform_dir(kind).is_relative_to(real_home), kind


def test_a_change_in_a_real_folder_is_noticed(tmp_path: Path) -> None:
    """The end-of-session check sees a file added to a learnref folder under a home."""
    home = tmp_path / "home"
    before = real_folders_state(home)
    briefings = home / ".local/share/learnref/briefings"
    briefings.mkdir(parents=True)
    (briefings / "mine.yaml").write_text("briefings: []\n", encoding="utf-8")
    assert real_folders_changed(before, real_folders_state(home)) == [".local/share/learnref"]
    assert real_folders_changed(before, before) == []
    assert folder_state(tmp_path / "absent") == []
