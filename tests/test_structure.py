"""The package's structure stays as docs/architecture.md describes it: no import cycle
between learnref's modules and no function over 50 lines (scripts/check_structure.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "check_structure.py"


def test_no_import_cycle_and_no_long_function() -> None:
    """scripts/check_structure.py finds nothing to report."""
    done = subprocess.run(
        [sys.executable, str(SCRIPT)], capture_output=True, text=True, check=False, timeout=60
    )
    assert (done.returncode, done.stderr) == (0, "")
