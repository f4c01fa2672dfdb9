"""Start-up time of learnref against its peers and against minimal Typer programs.

    uv run python benchmarks/startup.py --runs 40 [--json out.json] [--markdown]

Every program below runs once per round, in a shuffled order, for --runs rounds after
--warmup untimed rounds, with stdout going to a pipe (so learnref prints plain text). Each
comparison is the median of the per-round ratios A/B: A and B ran within the same second,
so the load of a shared machine falls on both. It is a benchmark, not a test: a missed
target is reported and the exit status is still 0; it exits 1 only when a command fails.

- learnref: `show think-family`, `search chronology`, `list`, `glossary CPP`, `--help`,
  `show think-family --format rich`, and a Tab press (`learnref show th<Tab>` as bash asks
  for it), each with only the bundled briefing (empty data, config and cache folders of
  its own, the cache written by the warm-ups);
- a minimal one-command Typer app printing one line, and one printing one Rich panel, run
  by learnref's interpreter with the Typer that uv.lock pins;
- the official Python tldr client, tldr 3.4.4, pinned by benchmarks/tools/uv.lock and
  installed with `uv sync --project benchmarks/tools` (or --tldr PATH), rendering a local
  page (`tldr --render page.md`);
- tealdeer (`tldr --render page.md` of the Rust client, Debian's package `tealdeer`), for
  reference, when it is installed (or --tealdeer PATH);
- `python -c pass` with learnref's interpreter: the floor for any Python program.

Everything is compiled to bytecode first (`python -m compileall`) and run without
PYTHONDONTWRITEBYTECODE: with that variable set, nothing is cached and every import is
compiled from source on every run, which measures the compiler, not the program. The
load average is printed before and after: on a busy machine read the ratios, not the
milliseconds.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
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
    """One command line to time, with a short label for the report, and environment
    variables of its own (added to the benchmark's)."""

    label: str
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    times: list[float] = field(default_factory=list)


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
    run_env = {**env, **program.env} if program.env else env
    start = time.perf_counter()
    done = subprocess.run(
        program.argv,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        env=run_env,
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


TOOLS = Path(__file__).resolve().parent / "tools"


def ensure_tldr(python: Path, env: dict[str, str]) -> tuple[Path | None, str]:
    """tldr 3.4.4 from the tools environment's lock (`uv sync --project benchmarks/tools
    --frozen`), on learnref's Python version, or None and why."""
    uv = shutil.which("uv")
    if uv is None:
        return None, "uv is not installed, so the locked tools environment cannot be made"
    done = subprocess.run(
        [uv, "sync", "--project", str(TOOLS), "--frozen", "--quiet", "--python", str(python)],
        capture_output=True,
        text=True,
        # The tools project has a .venv of its own, whatever environment runs this script.
        env={k: v for k, v in env.items() if k not in ("VIRTUAL_ENV", "UV_PROJECT_ENVIRONMENT")},
        check=False,
        timeout=600,
    )
    tldr = TOOLS / ".venv" / "bin" / "tldr"
    if done.returncode != 0 or not tldr.exists():
        last = (done.stderr.strip().splitlines() or ["no bin/tldr"])[-1]
        return None, f"uv sync --project {TOOLS} failed: {last}"
    return tldr, f"locked in {TOOLS / 'uv.lock'}"


def find_tealdeer() -> Path | None:
    """tealdeer's `tldr` (Debian installs it as /usr/bin/tldr), if one is on PATH."""
    for folder in os.environ.get("PATH", "").split(os.pathsep):
        candidate = Path(folder) / "tldr"
        if candidate.is_file() and os.access(candidate, os.X_OK):
            version = tldr_version(candidate)
            if version.startswith("tealdeer"):
                return candidate
    return None


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
    parser.add_argument("--runs", type=int, default=40, help="timed rounds (default: 40)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed rounds first")
    parser.add_argument(
        "--learnref",
        type=Path,
        default=default_learnref,
        help=f"the learnref executable (default: {default_learnref})",
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the figures here")
    parser.add_argument(
        "--markdown", action="store_true", help="also print the tables for docs/performance.md"
    )
    parser.add_argument(
        "--tldr", type=Path, help="a tldr 3.4.4 executable instead of the locked tools one"
    )
    parser.add_argument("--no-tldr", action="store_true", help="leave out tldr")
    parser.add_argument(
        "--tealdeer", type=Path, help="tealdeer's tldr executable (default: found on PATH)"
    )
    parser.add_argument("--seed", type=int, default=1, help="seed of the run order shuffle")
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
    python: Path, paths: dict[str, str], work: Path, tldr: Path | None, env: dict[str, str]
) -> None:
    """Bytecode for the standard library, the venv, learnref, the baselines and tldr."""
    print("compiling bytecode (python -m compileall -q) ...", flush=True)
    keys = ("stdlib", "purelib", "platlib", "learnref")
    compile_all(python, [*(Path(paths[k]) for k in keys), work], env)
    if tldr is not None:
        tldr_python = interpreter_of(tldr)
        where = subprocess.run(
            [
                str(tldr_python),
                "-c",
                "import sysconfig; p = sysconfig.get_paths(); print(p['stdlib']); "
                "print(p['purelib'])",
            ],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        ).stdout.split()
        compile_all(tldr_python, [Path(path) for path in where], env)


def learnref_env(work: Path) -> dict[str, str]:
    """Folders of learnref's own for the timed runs: only the bundled briefing is read, and
    the user's data, subscriptions and cache are neither read nor written."""
    return {
        "LEARNREF_DATA_DIR": str(work / "data"),
        "LEARNREF_CONFIG_DIR": str(work / "config"),
        "LEARNREF_CACHE_DIR": str(work / "cache"),
        "LEARNREF_DATA": "",
    }


TAB_ENV = {
    "_LEARNREF_COMPLETE": "complete_bash",
    "COMP_WORDS": "learnref show th",
    "COMP_CWORD": "2",
}


class Lineup:
    """Every program of a run, by key."""

    def __init__(self, learnref: Path, python: Path, work: Path) -> None:
        lr, py = str(learnref), str(python)
        own = learnref_env(work)
        self.programs: dict[str, Program] = {
            "show": Program("learnref show think-family", [lr, "show", "think-family"], own),
            "search": Program("learnref search chronology", [lr, "search", "chronology"], own),
            "list": Program("learnref list", [lr, "list"], own),
            "glossary": Program("learnref glossary CPP", [lr, "glossary", "CPP"], own),
            "help": Program("learnref --help", [lr, "--help"], own),
            "rich": Program(
                "learnref show think-family --format rich",
                [lr, "show", "think-family", "--format", "rich"],
                own,
            ),
            "tab": Program("learnref show th<Tab>", [lr], {**own, **TAB_ENV}),
            "typer": Program(
                "python typer_min.py think-family",
                [py, str(work / "typer_min.py"), "think-family"],
            ),
            "typer_rich": Program(
                "python typer_rich.py think-family",
                [py, str(work / "typer_rich.py"), "think-family"],
            ),
            "python": Program("python -c pass", [py, "-c", "pass"]),
        }

    def add(self, key: str, program: Program) -> None:
        self.programs[key] = program


# (name, learnref's program, baseline, target): the targets, in the order of the
# report. A baseline that is not in the lineup (tldr not installed) leaves its rows out.
TARGETS: list[tuple[str, str, str, float | None]] = [
    ("piped show think-family vs tldr --render page.md", "show", "tldr", 0.80),
    ("search chronology vs tldr --render page.md", "search", "tldr", 0.85),
    ("list vs tldr --render page.md", "list", "tldr", 0.85),
    ("glossary CPP vs tldr --render page.md", "glossary", "tldr", 0.85),
    ("--help vs tldr --render page.md", "help", "tldr", 0.85),
    ("piped show think-family vs minimal Typer app", "show", "typer", 1.10),
    ("search chronology vs minimal Typer app", "search", "typer", 1.10),
    ("list vs minimal Typer app", "list", "typer", 1.10),
    ("glossary CPP vs minimal Typer app", "glossary", "typer", 1.10),
    ("--help vs minimal Typer app", "help", "typer", 1.10),
    ("show --format rich vs minimal Typer app printing a Rich panel", "rich", "typer_rich", 1.15),
    ("a Tab press (show th<Tab>) vs minimal Typer app", "tab", "typer", 1.10),
    ("minimal Typer app vs tldr --render page.md (for reference)", "typer", "tldr", None),
    ("tealdeer vs tldr --render page.md (for reference)", "tealdeer", "tldr", None),
    ("python -c pass vs tldr --render page.md (for reference)", "python", "tldr", None),
]


def run_rounds(
    programs: Sequence[Program], runs: int, warmup: int, env: dict[str, str], seed: int
) -> None:
    """Run every program once a round, in an order shuffled each round; keep the timed
    rounds' wall times in each program."""
    shuffler = random.Random(seed)
    order = list(programs)
    for round_number in range(warmup + runs):
        shuffler.shuffle(order)
        for program in order:
            elapsed = run_once(program, env)
            if round_number >= warmup:
                program.times.append(elapsed)
        if round_number >= warmup and (round_number - warmup + 1) % 10 == 0:
            print(f"  {round_number - warmup + 1} of {runs} rounds", flush=True)


def paired(name: str, a: Program, b: Program, target: float | None) -> Comparison:
    """A comparison from two programs timed in the same rounds."""
    return Comparison(
        name,
        a,
        b,
        target,
        times_a=list(a.times),
        times_b=list(b.times),
        ratios=[x / y for x, y in zip(a.times, b.times, strict=True)],
    )


def load() -> str:
    """The load average, as uptime shows it."""
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "unknown"
    return f"{one:.2f}, {five:.2f}, {fifteen:.2f}"


def markdown_tables(
    comparisons: Sequence[Comparison], programs: Sequence[Program], header: str
) -> str:
    """The two tables of docs/performance.md: targets, and every program's median."""
    lines = [
        header,
        "",
        "| comparison | learnref | baseline | median ratio (quartiles) | target |",
        "| --- | --- | --- | --- | --- |",
    ]
    for c in comparisons:
        low, high = quartiles(c.ratios)
        if c.target is None:
            verdict = "reference"
        else:
            verdict = f"≤ {c.target:.2f}, " + ("met" if c.within else "**missed**")
        lines.append(
            f"| {c.name} | {statistics.median(c.times_a) * 1000:.1f} ms "
            f"| {statistics.median(c.times_b) * 1000:.1f} ms "
            f"| {c.ratio:.2f} ({low:.2f}-{high:.2f}) | {verdict} |"
        )
    lines += ["", "| program | median | fastest |", "| --- | --- | --- |"]
    for program in sorted(programs, key=lambda p: statistics.median(p.times)):
        lines.append(
            f"| `{program.label}` | {statistics.median(program.times) * 1000:.1f} ms "
            f"| {min(program.times) * 1000:.1f} ms |"
        )
    return "\n".join(lines)


def check_plain(program: Program, env: dict[str, str]) -> None:
    """Warn when piped text output carries ANSI escapes: the figures would not be for text."""
    out = subprocess.run(
        program.argv, capture_output=True, env={**env, **program.env}, check=False
    ).stdout
    if b"\x1b[" in out:
        print(f"warning: {program.label} printed ANSI escapes into a pipe", file=sys.stderr)


def check_tab(program: Program, env: dict[str, str]) -> None:
    """Warn when the Tab press offers no theme: it would be timing something else."""
    out = subprocess.run(
        program.argv, capture_output=True, env={**env, **program.env}, check=False
    ).stdout
    if b"think-family" not in out:
        print(f"warning: {program.label} offered no think-family: {out[:200]!r}", file=sys.stderr)


def typer_version(python: Path, env: dict[str, str]) -> str:
    done = subprocess.run(
        [str(python), "-c", "import importlib.metadata as m; print(m.version('typer'))"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    return done.stdout.strip() or "?"


def peers(
    args: argparse.Namespace, python: Path, env: dict[str, str]
) -> tuple[Path | None, str, Path | None, str]:
    """The tldr and tealdeer executables to time (None: left out), each with a note."""
    tldr: Path | None = None
    tldr_note = "left out (--no-tldr)"
    if args.tldr is not None:
        tldr, tldr_note = args.tldr, f"{args.tldr} (--tldr)"
    elif not args.no_tldr:
        tldr, tldr_note = ensure_tldr(python, env)
    if tldr is not None:
        tldr_note = f"{tldr_version(tldr)} on {interpreter_of(tldr)}, {tldr_note}"
    tealdeer: Path | None = args.tealdeer or find_tealdeer()
    tealdeer_note = (
        f"{tldr_version(tealdeer)} ({tealdeer})"
        if tealdeer
        else "not installed (Debian: apt-get install tealdeer); left out"
    )
    return tldr, tldr_note, tealdeer, tealdeer_note


def write_json(
    args: argparse.Namespace,
    paths: dict[str, str],
    lineup: Lineup,
    comparisons: Sequence[Comparison],
    notes: Sequence[str],
) -> None:
    """Every time and ratio of the run, to args.json."""
    learnref = args.learnref
    tldr_note, tealdeer_note, load_before, load_after = notes
    data = {
        "python": paths["version"],
        "learnref": str(learnref),
        "runs": args.runs,
        "warmup": args.warmup,
        "tldr": tldr_note,
        "tealdeer": tealdeer_note,
        "load_before": load_before,
        "load_after": load_after,
        "programs": {
            key: {
                "label": program.label,
                "argv": program.argv,
                "median_ms": round(statistics.median(program.times) * 1000, 3),
                "times_ms": [round(t * 1000, 3) for t in program.times],
            }
            for key, program in lineup.programs.items()
        },
        "comparisons": [figures(c) for c in comparisons],
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    print(f"figures written to {args.json}")


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

    tldr, tldr_note, tealdeer, tealdeer_note = peers(args, python, env)

    with tempfile.TemporaryDirectory(prefix="learnref-bench-") as temp:
        work = Path(temp)
        (work / "typer_min.py").write_text(TYPER_APP, encoding="utf-8")
        (work / "typer_rich.py").write_text(RICH_APP, encoding="utf-8")
        page = work / "page.md"
        page.write_text(TLDR_PAGE, encoding="utf-8")
        compile_everything(python, paths, work, tldr, env)
        lineup = Lineup(learnref, python, work)
        if tldr is not None:
            lineup.add("tldr", Program("tldr --render page.md", [str(tldr), "--render", str(page)]))
        if tealdeer is not None:
            lineup.add(
                "tealdeer",
                Program("tealdeer --render page.md", [str(tealdeer), "--render", str(page)]),
            )
        programs = list(lineup.programs.values())

        header = [
            f"Python {paths['version']} ({platform.machine()}, {os.cpu_count()} CPUs), "
            f"Typer {typer_version(python, env)}",
            f"learnref: {learnref}",
            f"interpreter: {python}",
            f"tldr: {tldr_note}",
            f"tealdeer: {tealdeer_note}",
            f"{args.runs} rounds after {args.warmup} warm-ups; each round runs every program "
            "once in a shuffled order; stdout is a pipe",
        ]
        print("\n".join(header))
        check_plain(lineup.programs["show"], env)
        check_tab(lineup.programs["tab"], env)
        load_before = load()
        print(f"load average before: {load_before}", flush=True)
        try:
            run_rounds(programs, args.runs, args.warmup, env, args.seed)
        except CommandFailed as error:
            print(f"A command failed, so no figures: {error}", file=sys.stderr)
            return 1
        load_after = load()
        print(f"load average after: {load_after}")
        print()

    comparisons = [
        paired(name, lineup.programs[a], lineup.programs[b], target)
        for name, a, b, target in TARGETS
        if a in lineup.programs and b in lineup.programs
    ]
    for comparison in comparisons:
        print(report(comparison))
        print()
    print("medians:")
    for program in sorted(programs, key=lambda p: statistics.median(p.times)):
        print(f"  {statistics.median(program.times) * 1000:7.1f} ms  {program.label}")
    targeted = [c for c in comparisons if c.target is not None]
    met = sum(1 for c in targeted if c.within)
    print(f"\n{met} of {len(targeted)} targets met")

    if args.markdown:
        note = (
            f"{args.runs} rounds, Python {paths['version']}, {os.cpu_count()} CPUs, "
            f"load average {load_before} before and {load_after} after."
        )
        print()
        print(markdown_tables(comparisons, programs, note))

    if args.json is not None:
        write_json(
            args, paths, lineup, comparisons, [tldr_note, tealdeer_note, load_before, load_after]
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
