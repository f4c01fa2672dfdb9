"""The console script's faster start: stand-ins for modules a normal run never uses import
the real module on first use, and the command behaves exactly as main() does."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from learnref.__main__ import LAZY_MODULES, PLAIN_EXIT_VARIABLE

from .runner import learnref_executable

# Run in a fresh interpreter: the test process has imported the real modules long ago.
USES_EVERY_STAND_IN = """
import sys
from learnref.__main__ import StandIn, install_stand_ins, LAZY_MODULES

install_stand_ins()
import typer, typer.main, learnref.cli  # what a normal run imports

untouched = [name for name in LAZY_MODULES if isinstance(sys.modules[name], StandIn)]
assert untouched == list(LAZY_MODULES), untouched

import bz2, lzma, shellingham, subprocess
from subprocess import PIPE

done = subprocess.run([sys.executable, "-c", "print('spawned')"], stdout=PIPE, check=True)
assert done.stdout.strip() == b"spawned", done
assert isinstance(sys.modules["subprocess"], type(sys)) and not isinstance(
    sys.modules["subprocess"], StandIn
)
assert bz2.decompress(bz2.compress(b"x" * 100)) == b"x" * 100
assert lzma.decompress(lzma.compress(b"y" * 100)) == b"y" * 100
assert callable(shellingham.detect_shell)
assert "run" in dir(subprocess)
print("ok")
"""


def test_stand_ins_import_the_real_module_on_first_use() -> None:
    """Before use each listed module is a stand-in; used, it works as the real one."""
    done = subprocess.run(
        [sys.executable, "-c", USES_EVERY_STAND_IN], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "ok\n"


def test_stand_ins_leave_imported_modules_alone() -> None:
    """A module already imported is never replaced."""
    from learnref.__main__ import install_stand_ins

    before = {name: sys.modules.get(name) for name in LAZY_MODULES}
    assert before["subprocess"] is subprocess
    install_stand_ins(("subprocess",))
    assert sys.modules["subprocess"] is subprocess


def test_a_normal_run_imports_none_of_them() -> None:
    """`learnref show` through the console script never imports the real modules."""
    probe = (
        "import runpy, sys\n"
        "sys.argv = [sys.argv[1], 'show', 'think-family']\n"
        "try:\n"
        "    runpy.run_path(sys.argv[0], run_name='__main__')\n"
        "except SystemExit as end:\n"
        "    assert end.code in (0, None), end.code\n"
        "from learnref.__main__ import StandIn, LAZY_MODULES\n"
        "real = [n for n in LAZY_MODULES if not isinstance(sys.modules.get(n), StandIn)]\n"
        "sys.stderr.write('real: ' + ','.join(real) + '\\n')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, learnref_executable()],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.stderr == "real: \n"
    assert "Think Family" in done.stdout


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_show_completion_detects_the_shell() -> None:
    """--show-completion needs shellingham (and, on some systems, subprocess): the console
    script still prints the script for the shell it runs in."""
    command = f"'{learnref_executable()}' --show-completion; echo \"exit $?\""
    done = subprocess.run(
        ["bash", "-c", command], capture_output=True, text=True, check=False, timeout=60
    )
    assert done.stdout.startswith("_learnref_completion() {"), done
    assert done.stdout.rstrip().endswith("exit 0")
    assert done.stderr == ""


def test_plain_run_prints_the_same() -> None:
    """With LEARNREF_PLAIN_EXIT=1 (no stand-ins) the output is byte for byte the same."""
    fast = subprocess.run(
        [learnref_executable(), "show", "think-family"], capture_output=True, check=False
    )
    plain = subprocess.run(
        [learnref_executable(), "show", "think-family"],
        capture_output=True,
        check=False,
        env={**os.environ, PLAIN_EXIT_VARIABLE: "1"},
    )
    assert fast.returncode == plain.returncode == 0
    assert fast.stdout == plain.stdout
    assert fast.stderr == plain.stderr == b""
