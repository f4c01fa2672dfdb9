"""`learnref init FILE`: a valid, commented template, written atomically, never over a file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from learnref import commands

from .briefing_files import fill_template
from .conftest import Runner


def test_init_writes_a_template_to_fill_in(run: Runner, tmp_path: Path) -> None:
    """The template is written and says what to do next; filled in, it passes `validate`
    (even --strict)."""
    path = tmp_path / "mine.yaml"
    result = run("init", str(path))
    assert result.exit_code == 0, result
    assert result.stderr == ""
    user_dir = tmp_path / "data-home" / "learnref" / "briefings"
    assert result.stdout == (
        f"Wrote a template briefing to {path}.\n"
        f"Fill it in from the published briefing, then check it: learnref validate {path}\n"
        f"learnref reads it when it is in {user_dir}, or when named with --data PATH.\n"
    )
    path.write_text(fill_template(path.read_text(encoding="utf-8")), encoding="utf-8")
    checked = run("validate", "--strict", str(path))
    assert checked.exit_code == 0, checked
    assert checked.stdout == f"{path}: OK (1 briefing, 1 theme, 2 messages)\n"


def test_unedited_template_fails_validate(run: Runner, tmp_path: Path) -> None:
    """Every placeholder of an unedited template is a located error that says what to write."""
    path = tmp_path / "mine.yaml"
    run("init", str(path))
    checked = run("validate", str(path))
    assert checked.exit_code == 1
    errors = [line for line in checked.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 10
    assert (
        f"{path}:37:13: error: message 1 of theme 1 is a placeholder from the template; "
        "replace it with the first key message, exactly as published"
    ) in errors
    assert (
        f"{path}:20:16: error: the `published` date of briefing 1 is a placeholder from the "
        "template; replace it with the date it was published, as YYYY-MM-DD"
    ) in errors


def test_unedited_template_in_the_data_folder_never_loads(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A template left unedited in the user data folder is skipped with the usual warning:
    its placeholders never reach list, search, random or export."""
    folder = tmp_path / "mine"
    monkeypatch.setenv("LEARNREF_DATA_DIR", str(folder))
    run("init", str(folder / "draft.yaml"))
    listed = run("list", "--format", "json")
    assert listed.exit_code == 0
    assert "FILL IN" not in listed.stdout
    assert "draft.yaml: warning: skipped this file (10 errors)" in listed.stderr
    exported = run("export")
    assert "FILL IN" not in exported.stdout


def test_template_names_the_schema(run: Runner, tmp_path: Path) -> None:
    """The first line points yaml-language-server at the schema shipped in the package."""
    path = tmp_path / "mine.yaml"
    run("init", str(path))
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema={commands.SCHEMA_PATH.as_uri()}"
    assert commands.SCHEMA_PATH.is_file()


def test_init_refuses_to_overwrite(run: Runner, tmp_path: Path) -> None:
    """An existing file is left alone: exit 1 with a clear message and the way out."""
    path = tmp_path / "mine.yaml"
    path.write_text("keep me\n", encoding="utf-8")
    result = run("init", str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"'{path}' already exists, and learnref does not replace files unasked.\n"
        "Add --force to replace it, or choose another name.\n"
    )
    assert path.read_text(encoding="utf-8") == "keep me\n"


def test_init_force_overwrites(run: Runner, tmp_path: Path) -> None:
    """--force replaces an existing file with the template, keeping its permissions."""
    path = tmp_path / "mine.yaml"
    path.write_text("old\n", encoding="utf-8")
    path.chmod(0o640)
    result = run("init", "--force", str(path))
    assert result.exit_code == 0, result
    assert path.read_text(encoding="utf-8").startswith("# yaml-language-server:")
    if os.name != "nt":
        assert path.stat().st_mode & 0o777 == 0o640


def test_init_creates_folders(run: Runner, tmp_path: Path) -> None:
    """Missing parent folders (such as the user data directory) are created."""
    path = tmp_path / "data-home" / "learnref" / "briefings" / "mine.yaml"
    result = run("init", str(path))
    assert result.exit_code == 0, result
    assert path.is_file()


def test_init_into_a_directory_is_refused(run: Runner, tmp_path: Path) -> None:
    """A directory given as FILE is an error saying to name a file."""
    result = run("init", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Cannot write '{tmp_path}': it is a folder.\n"
        f"Give a file name, for example learnref init {tmp_path / 'my-briefing.yaml'}\n"
    )


def test_init_is_atomic(run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """If the final rename fails, the old file is untouched and no temporary file is left."""
    path = tmp_path / "mine.yaml"
    path.write_text("old\n", encoding="utf-8")

    def fail(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    result = run("init", "--force", str(path))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Cannot write '{path}': there is no space left on the disk.\nNothing was written.\n"
    )
    assert path.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "cache") == ["mine.yaml"]


def test_init_warns_about_other_extensions(run: Runner, tmp_path: Path) -> None:
    """A name not ending .yaml/.yml is written, with a note that directories skip it."""
    path = tmp_path / "mine.txt"
    result = run("init", str(path))
    assert result.exit_code == 0
    assert result.stderr == (
        "Note: learnref reads only *.yaml and *.yml files from a directory; "
        "rename it to end in .yaml.\n"
    )
