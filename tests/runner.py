"""Run learnref in a subprocess one way: to the end (`installed`) or started (`start_installed`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

TIMEOUT = 60  # seconds: a hang fails the test instead of stalling the suite

# Runs learnref's entry point with the bundled briefing replaced by the file named first.
LAUNCHER = """
import sys
from pathlib import Path

import learnref.commands
import learnref.loader
import learnref.sources

data = Path(sys.argv.pop(1))
learnref.sources.bundled_data_path = lambda: data
from learnref.__main__ import main

main()
"""


def learnref_executable() -> str:
    """The installed `learnref` entry point of the environment running the tests."""
    beside = Path(sys.executable).parent / ("learnref.exe" if os.name == "nt" else "learnref")
    if beside.exists():
        return str(beside)
    found = shutil.which("learnref")
    assert found, "the learnref entry point is not installed in this environment"
    return found


def _command(args: tuple[str | bytes, ...], data: Path | None) -> list[str | bytes]:
    """The installed entry point with ARGS, or with DATA in place of the bundled briefing."""
    if data is None:
        return [learnref_executable(), *args]
    return [sys.executable, "-c", LAUNCHER, str(data), *args]


def _environment(env: dict[str, str] | None) -> dict[str, str]:
    """The test's environment with ENV's variables added or replaced."""
    return {**os.environ, **(env or {})}


def installed(
    *args: str | bytes,
    env: dict[str, str] | None = None,
    data: Path | None = None,
    timeout: float = TIMEOUT,
    **options: Any,
) -> subprocess.CompletedProcess[Any]:
    """Run learnref to completion; stdout and stderr piped (as bytes unless `text=True`)."""
    options.setdefault("stdout", subprocess.PIPE)
    options.setdefault("stderr", subprocess.PIPE)
    completed: subprocess.CompletedProcess[Any] = subprocess.run(
        _command(args, data), env=_environment(env), timeout=timeout, check=False, **options
    )
    return completed


def start_installed(
    *args: str | bytes, env: dict[str, str] | None = None, data: Path | None = None
) -> subprocess.Popen[bytes]:
    """Start learnref with stdout and stderr piped as bytes, for the test to read or signal."""
    return subprocess.Popen(
        _command(args, data),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_environment(env),
    )
