"""The wheel carries the JSON Schema and the template; every new command has help."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT, Runner


@pytest.mark.slow
def test_wheel_includes_schema_and_template(tmp_path: Path) -> None:
    """A built wheel holds schema/briefings.schema.json and schema/template.yaml."""
    uv = shutil.which("uv")
    if uv is None:
        pytest.skip("uv is not installed")
    subprocess.run(
        [uv, "build", "--wheel", "--out-dir", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("learnref-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "learnref/schema/briefings.schema.json" in names
    assert "learnref/schema/template.yaml" in names
    assert "learnref/data/briefings.yaml" in names


@pytest.mark.parametrize("command", ["validate", "init", "info"])
def test_new_commands_have_help(run: Runner, command: str) -> None:
    """`learnref COMMAND --help` explains the command and exits 0."""
    result = run(command, "--help")
    assert result.exit_code == 0, result
    assert f" {command} [OPTIONS]" in result.stdout.splitlines()[0]


def test_global_options_have_help(run: Runner) -> None:
    """`learnref --help` lists --data and --no-bundled."""
    result = run("--help")
    assert "--data PATH" in result.stdout
    assert "--no-bundled" in result.stdout
