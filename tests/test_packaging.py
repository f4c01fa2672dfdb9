"""The bundled briefing is found however learnref is installed: wheel, install, editable."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT, golden

# One worker builds the wheel once for the module, and the installs do not compete.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("packaging")]

UV = shutil.which("uv")
needs_uv = pytest.mark.skipif(UV is None, reason="uv is not installed")


def _run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    completed = subprocess.run(
        [str(arg) for arg in args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        check=False,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr
    return completed


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from this checkout."""
    assert UV is not None
    out = tmp_path_factory.mktemp("dist")
    _run(UV, "build", "--wheel", "--out-dir", out, ROOT)
    (built,) = out.glob("learnref-*.whl")
    return built


def _venv_with(tmp_path: Path, *install: str | Path) -> Path:
    assert UV is not None
    venv = tmp_path / "venv"
    _run(UV, "venv", "--quiet", "--python", sys.executable, venv)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    _run(UV, "pip", "install", "--quiet", "--python", python, *install)
    return venv / ("Scripts" if os.name == "nt" else "bin") / "learnref"


@needs_uv
def test_wheel_contains_the_data_file(wheel: Path) -> None:
    """The built wheel carries data/briefings.yaml and the thesaurus, source and compiled,
    inside the package, byte for byte."""
    with zipfile.ZipFile(wheel) as archive:
        for name in ("briefings.yaml", "thesaurus.yaml", "thesaurus.json"):
            packaged = archive.read(f"learnref/data/{name}")
            assert packaged == (ROOT / "data" / name).read_bytes(), name


@needs_uv
def test_installed_wheel_shows_the_bundled_briefing(wheel: Path, tmp_path: Path) -> None:
    """A normal install from the wheel finds the bundled file inside the package."""
    learnref = _venv_with(tmp_path, wheel)
    completed = _run(learnref, "show", "think-family", cwd=tmp_path)
    assert completed.stdout == golden("show-think-family.txt")


@needs_uv
def test_editable_install_shows_the_bundled_briefing(tmp_path: Path) -> None:
    """An editable install (as `uv run` uses) finds data/ at the top of the checkout."""
    learnref = _venv_with(tmp_path, "--editable", ROOT)
    completed = _run(learnref, "show", "think-family", cwd=tmp_path)
    assert completed.stdout == golden("show-think-family.txt")


@needs_uv
def test_uv_run_from_the_checkout(tmp_path: Path) -> None:
    """`uv run learnref` in the checkout (the README's first command) shows the theme."""
    assert UV is not None
    completed = _run(UV, "run", "--quiet", "learnref", "show", "think-family", cwd=ROOT)
    assert completed.stdout == golden("show-think-family.txt")
