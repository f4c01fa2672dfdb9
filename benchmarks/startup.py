"""Start-up time of learnref against minimal programs that do the same kind of work.

Each comparison runs its two commands interleaved (A B A B ...) after warm-ups, with stdout
going to a pipe, so learnref prints its plain-text format. For each it prints the median wall
time of both commands and the median of the pairwise ratios A/B, and says whether that ratio
is within the target. It is a benchmark, not a test: a missed target is reported and the exit
status is still 0. It exits 1 only when a command fails, because the figures would then mean
nothing.

    uv run python benchmarks/startup.py [--runs 30] [--json out.json]

Everything is compiled to bytecode first (`python -m compileall`) and run without
PYTHONDONTWRITEBYTECODE: with that variable set, nothing is cached and every import is
compiled from source on every run, which measures the compiler, not the program.

The optional tldr baseline is the official Python tldr client, installed with pip into a
virtual environment under the user cache directory (reused on later runs); it is skipped with
a note when it cannot be installed, e.g. offline.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

TYPER_APP = '''\
"""A minimal one-command Typer app that prints one line."""

import typer

app = typer.Typer()


@app.command()
def main(name: str) -> None:
    print(f"theme: {name}")


if __name__ == "__main__":
    app()
'''

RICH_APP = '''\
"""A minimal one-command Typer app that prints one Rich panel."""

import typer
from rich.console import Console
from rich.panel import Panel
from rich.text import Text

app = typer.Typer()


@app.command()
def main(name: str) -> None:
    Console().print(Panel(Text(f"1. The key message of {name}."), title=name))


if __name__ == "__main__":
    app()
'''

TLDR_PAGE = """\
# learnref

> Key messages from safeguarding learning-from-reviews briefings, offline.
> More information: <https://example.org/learnref>.

- List the themes:

`learnref list`

- Show the key messages of a theme:

`learnref show {{think-family}}`

- Search the key messages:

`learnref search {{chronology}}`

- Show a theme as Markdown, to paste into notes:

`learnref show {{think-family}} --format markdown`
"""

# Asks learnref's interpreter where its code lives, so that exactly that gets compiled.
PATHS_PROBE = """\
import json, sys, sysconfig
from pathlib import Path
import learnref
print(json.dumps({
    "version": sys.version.split()[0],
    "stdlib": sysconfig.get_paths()["stdlib"],
    "purelib": sysconfig.get_paths()["purelib"],
    "platlib": sysconfig.get_paths()["platlib"],
    "learnref": str(Path(learnref.__file__).resolve().parent),
}))
"""


@dataclass
class Program:
    """One command line to time, with a short label for the report."""

    label: str
    argv: list[str]


@dataclass
class Comparison:
    """Two programs timed against each other, and the most A/B may be (None: no target)."""

    name: str
    a: Program
    b: Program
    target: float | None
    times_a: list[float] = field(default_factory=list)
    times_b: list[float] = field(default_factory=list)
    ratios: list[float] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        return statistics.median(self.ratios)

    @property
    def within(self) -> bool | None:
        return None if self.target is None else self.ratio <= self.target


class CommandFailed(Exception):
    """A timed command exited with a non-zero status."""


def bench_env() -> dict[str, str]:
    """The environment for every timed command: this one, with bytecode writing allowed."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_once(program: Program, env: dict[str, str]) -> float:
    """Run the program once with stdout to a pipe; return its wall time in seconds."""
    start = time.perf_counter()
    done = subprocess.run(
        program.argv,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        env=env,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        stderr = done.stderr.decode(errors="replace").strip()
        raise CommandFailed(
            f"{' '.join(program.argv)} exited with {done.returncode}: {stderr[-2000:]}"
        )
    return elapsed


def interpreter_of(executable: Path) -> Path:
    """The Python that runs a console script: its #! line, or this Python."""
    try:
        with executable.open("rb") as handle:
            first = handle.readline().decode(errors="replace").strip()
    except OSError:
        return Path(sys.executable)
    if first.startswith("#!") and "python" in first:
        return Path(first[2:].split()[0])
    return Path(sys.executable)


def compile_all(python: Path, paths: Sequence[Path], env: dict[str, str]) -> None:
    """Compile every module under the paths to bytecode, as an installer would."""
    existing = [str(p) for p in dict.fromkeys(paths) if p.exists()]
    # Non-zero means some file did not compile (test fixtures with deliberate syntax
    # errors, templates with a .py name); that is normal and does not spoil the timings.
    subprocess.run(
        [str(python), "-m", "compileall", "-q", "-j", "0", *existing],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        check=False,
    )


def tldr_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    tag = f"py{sys.version_info.major}{sys.version_info.minor}"
    return Path(base) / "learnref-bench" / f"tldr-venv-{tag}"


def ensure_tldr(venv_dir: Path, env: dict[str, str]) -> tuple[Path | None, str]:
    """The tldr executable in a throwaway venv, installing it if needed; or None and why."""
    tldr = venv_dir / "bin" / "tldr"
    if tldr.exists():
        return tldr, f"reused {venv_dir}"
    try:
        if not (venv_dir / "bin" / "python").exists():
            venv_dir.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run(
                [sys.executable, "-m", "venv", str(venv_dir)],
                env=env,
                check=True,
                capture_output=True,
                timeout=300,
            )
        subprocess.run(
            [
                str(venv_dir / "bin" / "python"),
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "tldr",
            ],
            env=env,
            check=True,
            capture_output=True,
            timeout=300,
        )
    except (OSError, subprocess.SubprocessError) as error:
        detail = ""
        if isinstance(error, subprocess.CalledProcessError):
            last = (error.stderr or b"").decode(errors="replace").strip().splitlines()[-1:]
            detail = f": {last[0]}" if last else ""
        return None, f"could not install tldr into {venv_dir} ({type(error).__name__}{detail})"
    if not tldr.exists():
        return None, f"pip installed tldr into {venv_dir} but there is no bin/tldr"
    return tldr, f"installed into {venv_dir}"


def tldr_version(tldr: Path) -> str:
    done = subprocess.run(
        [str(tldr), "--version"], capture_output=True, text=True, check=False, timeout=60
    )
    return (done.stdout or done.stderr).strip().splitlines()[0] if done.returncode == 0 else "?"


def measure(comparison: Comparison, runs: int, warmup: int, env: dict[str, str]) -> None:
    for _ in range(warmup):
        run_once(comparison.a, env)
        run_once(comparison.b, env)
    for _ in range(runs):
        a = run_once(comparison.a, env)
        b = run_once(comparison.b, env)
        comparison.times_a.append(a)
        comparison.times_b.append(b)
        comparison.ratios.append(a / b)


def quartiles(values: Sequence[float]) -> tuple[float, float]:
    if len(values) < 2:
        return values[0], values[0]
    q = statistics.quantiles(values, n=4)
    return q[0], q[2]


def report(comparison: Comparison) -> str:
    ms_a = statistics.median(comparison.times_a) * 1000
    ms_b = statistics.median(comparison.times_b) * 1000
    low, high = quartiles(comparison.ratios)
    if comparison.target is None:
        verdict = "no target"
    else:
        word = "WITHIN" if comparison.within else "MISSED"
        verdict = f"target <= {comparison.target:.2f}: {word}"
    width = max(len(comparison.a.label), len(comparison.b.label))
    return "\n".join(
        [
            comparison.name,
            f"  A  {comparison.a.label:<{width}}  median {ms_a:7.1f} ms"
            f"  (min {min(comparison.times_a) * 1000:.1f})",
            f"  B  {comparison.b.label:<{width}}  median {ms_b:7.1f} ms"
            f"  (min {min(comparison.times_b) * 1000:.1f})",
            f"  A/B median {comparison.ratio:.3f} (quartiles {low:.3f}-{high:.3f})  {verdict}",
        ]
    )


def figures(comparison: Comparison) -> dict[str, object]:
    def side(program: Program, times: list[float]) -> dict[str, object]:
        return {
            "label": program.label,
            "argv": program.argv,
            "median_ms": round(statistics.median(times) * 1000, 3),
            "min_ms": round(min(times) * 1000, 3),
            "times_ms": [round(t * 1000, 3) for t in times],
        }

    return {
        "name": comparison.name,
        "a": side(comparison.a, comparison.times_a),
        "b": side(comparison.b, comparison.times_b),
        "ratio_median": round(comparison.ratio, 4),
        "ratios": [round(r, 4) for r in comparison.ratios],
        "target": comparison.target,
        "within": comparison.within,
    }


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    default_learnref = Path(sys.executable).parent / "learnref"
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=30, help="timed runs of each command")
    parser.add_argument("--warmup", type=int, default=3, help="untimed runs of each first")
    parser.add_argument(
        "--learnref",
        type=Path,
        default=default_learnref,
        help=f"the learnref executable (default: {default_learnref})",
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the figures here")
    parser.add_argument("--no-tldr", action="store_true", help="skip the tldr comparison")
    parser.add_argument(
        "--tldr-venv",
        type=Path,
        default=tldr_cache_dir(),
        help="where the throwaway tldr venv lives (default: %(default)s)",
    )
    args = parser.parse_args(argv)
    if args.runs < 1 or args.warmup < 0:
        parser.error("--runs must be at least 1 and --warmup at least 0")
    return args


def probe_paths(python: Path, env: dict[str, str]) -> dict[str, str] | None:
    """Where learnref's interpreter keeps the standard library, packages and learnref."""
    probe = subprocess.run(
        [str(python), "-c", PATHS_PROBE], capture_output=True, text=True, env=env, check=False
    )
    if probe.returncode != 0:
        print(f"{python} cannot import learnref:\n{probe.stderr}", file=sys.stderr)
        return None
    paths: dict[str, str] = json.loads(probe.stdout)
    return paths


def compile_everything(
    python: Path, paths: dict[str, str], work: Path, tldr_venv: Path | None, env: dict[str, str]
) -> None:
    """Bytecode for the standard library, the venv, learnref, the baselines and tldr."""
    print("compiling bytecode (python -m compileall -q) ...", flush=True)
    keys = ("stdlib", "purelib", "platlib", "learnref")
    compile_all(python, [*(Path(paths[k]) for k in keys), work], env)
    if tldr_venv is not None:
        tldr_python = tldr_venv / "bin" / "python"
        purelib = subprocess.run(
            [str(tldr_python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        ).stdout.strip()
        if purelib:
            compile_all(tldr_python, [Path(purelib)], env)


def build_comparisons(
    learnref: Path, python: Path, work: Path, tldr: Path | None
) -> list[Comparison]:
    lr = str(learnref)
    py = str(python)
    typer_min = Program(
        "python typer_min.py think-family", [py, str(work / "typer_min.py"), "think-family"]
    )
    typer_rich = Program(
        "python typer_rich.py think-family", [py, str(work / "typer_rich.py"), "think-family"]
    )
    show = Program("learnref show think-family", [lr, "show", "think-family"])
    comparisons = [
        Comparison("show (text, piped) vs minimal Typer app", show, typer_min, 1.25),
        Comparison(
            "show --format rich vs minimal Typer app printing a Rich panel",
            Program(
                "learnref show think-family --format rich",
                [lr, "show", "think-family", "--format", "rich"],
            ),
            typer_rich,
            1.25,
        ),
        Comparison(
            "search vs minimal Typer app",
            Program("learnref search chronology", [lr, "search", "chronology"]),
            typer_min,
            1.5,
        ),
        Comparison(
            "list vs minimal Typer app", Program("learnref list", [lr, "list"]), typer_min, None
        ),
    ]
    if tldr is not None:
        tldr_render = Program(
            "tldr --render page.md", [str(tldr), "--render", str(work / "page.md")]
        )
        comparisons.insert(
            1, Comparison("show (text, piped) vs tldr --render page.md", show, tldr_render, 0.9)
        )
    return comparisons


def check_plain(program: Program, env: dict[str, str]) -> None:
    """Warn when piped text output carries ANSI escapes: the figures would not be for text."""
    out = subprocess.run(program.argv, capture_output=True, env=env, check=False).stdout
    if b"\x1b[" in out:
        print(f"warning: {program.label} printed ANSI escapes into a pipe", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    learnref: Path = args.learnref
    if not learnref.exists():
        print(f"No learnref executable at {learnref}; pass --learnref PATH.", file=sys.stderr)
        return 1
    python = interpreter_of(learnref)
    env = bench_env()
    paths = probe_paths(python, env)
    if paths is None:
        return 1

    tldr: Path | None = None
    tldr_note = "skipped (--no-tldr)"
    if not args.no_tldr:
        tldr, tldr_note = ensure_tldr(args.tldr_venv, env)
    if tldr is not None:
        tldr_note = f"{tldr_version(tldr)}, {tldr_note}"

    with tempfile.TemporaryDirectory(prefix="learnref-bench-") as temp:
        work = Path(temp)
        (work / "typer_min.py").write_text(TYPER_APP, encoding="utf-8")
        (work / "typer_rich.py").write_text(RICH_APP, encoding="utf-8")
        (work / "page.md").write_text(TLDR_PAGE, encoding="utf-8")
        compile_everything(python, paths, work, args.tldr_venv if tldr else None, env)
        comparisons = build_comparisons(learnref, python, work, tldr)
        floor = Program("python -c pass", [str(python), "-c", "pass"])

        print(f"Python {paths['version']} ({platform.machine()}, {os.cpu_count()} CPUs)")
        print(f"learnref: {learnref}")
        print(f"interpreter: {python}")
        print(f"tldr: {tldr_note}" + ("" if tldr else "; the tldr comparison is left out"))
        print(f"{args.runs} timed runs of each command, interleaved A B A B, ", end="")
        print(f"after {args.warmup} warm-ups; stdout is a pipe")
        print()
        check_plain(comparisons[0].a, env)

        try:
            for _ in range(args.warmup):
                run_once(floor, env)
            floor_times = [run_once(floor, env) for _ in range(args.runs)]
            print(
                f"floor: {floor.label}  median {statistics.median(floor_times) * 1000:.1f} ms"
                f"  (min {min(floor_times) * 1000:.1f})"
            )
            print()
            for comparison in comparisons:
                measure(comparison, args.runs, args.warmup, env)
                print(report(comparison), flush=True)
                print()
        except CommandFailed as error:
            print(f"A command failed, so no figures: {error}", file=sys.stderr)
            return 1

    targeted = [c for c in comparisons if c.target is not None]
    met = sum(1 for c in targeted if c.within)
    print(f"{met} of {len(targeted)} targets met")

    if args.json is not None:
        data = {
            "python": paths["version"],
            "learnref": str(learnref),
            "runs": args.runs,
            "warmup": args.warmup,
            "tldr": tldr_note,
            "floor": {
                "label": floor.label,
                "median_ms": round(statistics.median(floor_times) * 1000, 3),
                "times_ms": [round(t * 1000, 3) for t in floor_times],
            },
            "comparisons": [figures(c) for c in comparisons],
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        print(f"figures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
