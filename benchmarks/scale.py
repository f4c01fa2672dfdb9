"""learnref on a national-scale library: 5,000 briefings, 75,000 key messages.

Measures, on the synthetic corpus of make_corpus.py (written first if missing):

- warm search (cache present), correctly spelled and misspelt: whole-process median, and
  its ratio to a minimal one-command Typer app (the floor);
- warm `show` of one theme and warm `list`: ratio to the floor;
- peak memory (maximum resident set) of one warm search;
- the first search on new data, cache build included (what a person waits for once after
  adding or changing files), against a bare `yaml.load(..., CSafeLoader)` of the same
  file, both whole processes, interleaved, with the peak memory of the first search;
- cold load without a cache, in the process, against `yaml.load(..., CSafeLoader)`;
- search time inside the process, start-up excluded, for 1-, 2- and 4-word queries.

    uv run python benchmarks/scale.py [--runs 15]

Public tools only: subprocess, time.perf_counter, resource. It reports; it never fails on
a missed target (exit 1 only when a command fails).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from startup import (
    TYPER_APP,
    Comparison,
    Program,
    bench_env,
    compile_all,
    interpreter_of,
    measure,
    probe_paths,
    report,
)

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "out" / "corpus.yaml"

WARM_SEARCHES = {
    "correctly spelled": ["search", "chronology", "assessment"],
    "misspelt": ["search", "cronology", "asessment"],
}
IN_PROCESS_QUERIES = {
    1: ["chronology", "child", "information", "cronology"],
    2: ["risk assessment", "mental health", "partner agencies", "mentl helth"],
    4: [
        "information sharing between agencies",
        "risk assessment family engagement",
        "child protection plan review",
        "chronology analysis risk complex",
    ],
}


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default = Path(sys.executable).parent / ("learnref.exe" if os.name == "nt" else "learnref")
    parser.add_argument("--learnref", type=Path, default=default)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--first-runs", type=int, default=5, help="pairs for the first search")
    parser.add_argument(
        "--first-only", action="store_true", help="measure only the first search on new data"
    )
    return parser.parse_args(argv)


def ensure_corpus(path: Path, python: Path) -> None:
    if not path.exists():
        print(f"writing the corpus to {path} ...", flush=True)
        subprocess.run(
            [str(python), str(HERE / "make_corpus.py"), "--out", str(path)],
            check=True,
            stdout=subprocess.DEVNULL,
        )


def peak_memory_mib(argv: list[str], env: dict[str, str]) -> float:
    """Maximum resident set size of one run of a command, in MiB (Linux: ru_maxrss in KiB)."""
    probe = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, *argv], capture_output=True, text=True, env=env, check=True
    )
    return int(out.stdout.strip()) / 1024


FIRST_SEARCH_TARGET = 1.3
FIRST_SEARCH_MEMORY_MIB = 300
BARE_PARSE = (
    "import sys, yaml\n"
    "with open(sys.argv[1], encoding='utf-8') as f:\n"
    "    yaml.load(f.read(), Loader=yaml.CSafeLoader)\n"
)


def timed_child(argv: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Wall time and CPU time (user + system) in seconds and peak resident memory in MiB
    of one run of a command."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise subprocess.CalledProcessError(child.returncode, argv)
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def first_search(
    learnref: str, python: Path, corpus: Path, cache: Path, env: dict[str, str], runs: int
) -> None:
    """The first search on new data (the cache is removed before each run, so it is built)
    against a bare CSafeLoader parse of the same file, in interleaved pairs."""
    search = [learnref, "--no-bundled", "--data", str(corpus), "search", "chronology"]
    parse = [str(python), "-c", BARE_PARSE, str(corpus)]
    firsts, parses, ratios, cpu_ratios, peaks = [], [], [], [], []
    for _ in range(runs):
        shutil.rmtree(cache, ignore_errors=True)
        elapsed, cpu, peak = timed_child(search, env)
        bare, bare_cpu, _ = timed_child(parse, env)
        firsts.append(elapsed)
        parses.append(bare)
        ratios.append(elapsed / bare)
        cpu_ratios.append(cpu / bare_cpu)
        peaks.append(peak)
    ratio = statistics.median(ratios)
    verdict = "WITHIN" if ratio <= FIRST_SEARCH_TARGET else "MISSED"
    print(f"first search on new data (cache built), {runs} interleaved pairs:")
    print(
        f"  A  learnref search chronology, no cache yet  median {statistics.median(firsts):.2f} s"
    )
    print(
        f"  B  python: yaml.load(CSafeLoader) of the file  median {statistics.median(parses):.2f} s"
    )
    print(
        f"  A/B median {ratio:.2f} (min {min(ratios):.2f}, max {max(ratios):.2f})"
        f"  target <= {FIRST_SEARCH_TARGET}: {verdict}"
    )
    # On a shared machine wall time varies with what else runs; CPU time far less.
    print(f"  CPU time (user + system) A/B median {statistics.median(cpu_ratios):.2f}")
    peak = max(peaks)
    verdict = "WITHIN" if peak <= FIRST_SEARCH_MEMORY_MIB else "MISSED"
    print(
        f"  peak memory of the first search: {peak:.0f} MiB"
        f"  target <= {FIRST_SEARCH_MEMORY_MIB} MiB: {verdict}"
    )
    print(flush=True)


def median_ms(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def in_process(python: Path, corpus: Path, cache: Path, env: dict[str, str], runs: int) -> None:
    """Cold load against yaml.load, and search time without start-up, in a child process."""
    script = f"""
import statistics, time, yaml
from pathlib import Path
from learnref import commands
from learnref.search import Index
corpus = Path({str(corpus)!r})

def timed(action, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter(); action(); times.append(time.perf_counter() - start)
    return statistics.median(times)

parse = timed(lambda: yaml.load(corpus.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader), 3)
cold = timed(lambda: commands.open_library(use_cache=False, bundled=False, data=[corpus]), 3)
verdict = "WITHIN" if cold / parse <= 1.3 else "MISSED"
print(f"cold load, no cache (in process): {{cold:.2f}} s; yaml.load CSafeLoader: {{parse:.2f}} s;")
print(f"  ratio {{cold / parse:.2f}}  target <= 1.30: {{verdict}}")
store = commands.open_library(bundled=False, data=[corpus])
queries = {IN_PROCESS_QUERIES!r}
for count, texts in queries.items():
    worst = 0.0
    for text in texts:
        index = Index(store)
        index.search(text)  # first call imports rapidfuzz for misspelt words
        ms = timed(lambda: Index(store).search(text), {runs}) * 1000
        worst = max(worst, ms)
        print(f"  search {{text!r}}: {{ms:.1f}} ms")
    print(f"{{count}}-word queries: slowest median {{worst:.1f}} ms  target <= 20 ms:"
          f" {{'WITHIN' if worst <= 20 else 'MISSED'}}")
"""
    subprocess.run(
        [str(python), "-c", script], env={**env, "LEARNREF_CACHE_DIR": str(cache)}, check=True
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    learnref: Path = args.learnref
    python = interpreter_of(learnref)
    env = bench_env()
    paths = probe_paths(python, env)
    if paths is None:
        return 1
    ensure_corpus(args.corpus, python)
    with tempfile.TemporaryDirectory(prefix="learnref-scale-") as temp:
        work = Path(temp)
        cache = work / "cache"
        env = {**env, "LEARNREF_CACHE_DIR": str(cache)}
        (work / "typer_min.py").write_text(TYPER_APP, encoding="utf-8")
        compile_all(python, [Path(paths[k]) for k in ("stdlib", "purelib", "learnref")], env)
        compile_all(python, [work], env)
        data = ["--no-bundled", "--data", str(args.corpus)]
        lr = str(learnref)

        print(f"corpus: {args.corpus} ({args.corpus.stat().st_size / 1048576:.1f} MiB)")
        first_search(lr, python, args.corpus, cache, env, args.first_runs)
        size = sum(f.stat().st_size for f in cache.glob("library-*.sqlite")) / 1048576
        print(f"cache file: {size:.0f} MiB")
        print()
        if args.first_only:
            return 0

        floor = Program("python typer_min.py x", [str(python), str(work / "typer_min.py"), "x"])
        comparisons = [
            Comparison(
                f"warm search, {name}, vs minimal Typer app",
                Program(f"learnref {' '.join(argv_)}", [lr, *data, *argv_]),
                floor,
                2.5,
            )
            for name, argv_ in WARM_SEARCHES.items()
        ]
        comparisons += [
            Comparison(
                "warm show of one theme vs minimal Typer app",
                Program("learnref show think-family", [lr, *data, "show", "think-family"]),
                floor,
                1.5,
            ),
            Comparison(
                "warm list vs minimal Typer app",
                Program("learnref list", [lr, *data, "list"]),
                floor,
                1.5,
            ),
        ]
        for comparison in comparisons:
            measure(comparison, args.runs, args.warmup, env)
            print(report(comparison))
            if comparison.name.startswith("warm search"):
                median = statistics.median(comparison.times_a) * 1000
                verdict = "WITHIN" if median <= 150 else "MISSED"
                print(f"  whole process median {median:.1f} ms  target <= 150 ms: {verdict}")
            print(flush=True)

        peak = peak_memory_mib([lr, *data, *WARM_SEARCHES["misspelt"]], env)
        verdict = "WITHIN" if peak <= 100 else "MISSED"
        print(f"peak memory of a warm search: {peak:.1f} MiB  target <= 100 MiB: {verdict}")
        print()
        in_process(python, args.corpus, cache, env, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
