"""What a Tab press costs: learnref's completion against a minimal Typer app.

    uv run python benchmarks/completion.py [--runs 40]

Runs `learnref show th<Tab>` as bash runs it (Typer's completion variables) interleaved
with a minimal one-command Typer app, and prints the median ratio; the target is 1.1.
benchmarks/startup.py times the same Tab press among all its programs; this script is the
Tab press alone. Public tools only. It reports; it never fails on a missed target.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from startup import (
    TAB_ENV,
    TYPER_APP,
    Comparison,
    Program,
    bench_env,
    compile_all,
    interpreter_of,
    learnref_env,
    measure,
    probe_paths,
    report,
)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default = Path(sys.executable).parent / ("learnref.exe" if os.name == "nt" else "learnref")
    parser.add_argument("--learnref", type=Path, default=default)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--warmup", type=int, default=3)
    args = parser.parse_args(argv)
    python = interpreter_of(args.learnref)
    env = bench_env()
    paths = probe_paths(python, env)
    if paths is None:
        return 1
    with tempfile.TemporaryDirectory(prefix="learnref-tab-") as temp:
        work = Path(temp)
        (work / "typer_min.py").write_text(TYPER_APP, encoding="utf-8")
        compile_all(
            python, [*(Path(paths[k]) for k in ("stdlib", "purelib", "learnref")), work], env
        )
        tab_env = {**env, **learnref_env(work), **TAB_ENV}
        comparison = Comparison(
            "Tab completion of `learnref show th` vs minimal Typer app",
            Program("learnref show th<Tab>", [str(args.learnref)]),
            Program("python typer_min.py x", [str(python), str(work / "typer_min.py"), "x"]),
            1.1,
        )
        measure(comparison, args.runs, args.warmup, tab_env)
        print(report(comparison))
    return 0


if __name__ == "__main__":
    sys.exit(main())
