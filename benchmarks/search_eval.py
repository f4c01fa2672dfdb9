"""Search quality on the evaluation set: top-1, recall@3 and MRR per category and split.

Runs learnref's own search in-process over the evaluation library alone (like
`learnref --no-bundled --data benchmarks/eval/library search QUERY`), with no cache, and
compares the results with the labelled answers in benchmarks/eval/queries.yaml:

- top-1: the first result is one of the query's answers;
- recall@3: the share of its answers in the first three results (out of at most three);
- MRR: the mean of 1 / rank of the first answer (0 when none is in the first ten);
- nonsense: the share of queries with no answer that still got a result (false positives).

    uv run python benchmarks/search_eval.py [--split dev|test|all] [--json] [--misses]
    uv run python benchmarks/search_eval.py --set eval2

`--set eval2` scores the second evaluation set (benchmarks/eval2): another fictional
library and 70 queries, written by someone who had not seen the search code or the
thesaurus. It has no dev split: every query is a test query, never looked at to tune.

Where the optional learnref[semantic] extra is installed (`uv run --extra semantic python
benchmarks/search_eval.py`), results are reordered by meaning as `learnref search` does;
LEARNREF_SEMANTIC=off measures keywords alone. The first line printed says which.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import yaml

from learnref import commands

HERE = Path(__file__).resolve().parent
EVAL = HERE / "eval"
CATEGORIES = ("exact", "word_form", "typo", "acronym", "paraphrase", "question", "nonsense")
LIMIT = 10
SETS = ("eval", "eval2", "eval3", "eval4", "eval5")


def load_queries(split: str, folder: Path = EVAL) -> list[dict[str, Any]]:
    """The labelled queries of one split (or all); a set without splits is all `test`."""
    entries: list[dict[str, Any]] = yaml.safe_load((folder / "queries.yaml").read_text("utf-8"))
    return [e for e in entries if split == "all" or e.get("split", "test") == split]


def ranked_texts(store: Any, query: str) -> list[str]:
    """The texts of the results for a query, best first (none when nothing matches)."""
    result = commands.search_messages(store, query, limit=LIMIT)
    return [hit.message.text for hit in result.hits]


def evaluate(split: str, folder: Path = EVAL) -> dict[str, dict[str, float]]:
    """The figures per category for one split: count, top1, recall3, mrr (or fp_rate)."""
    store = commands.open_library(
        use_cache=False, data=[folder / "library"], bundled=False, user=False
    )
    figures: dict[str, dict[str, float]] = {}
    for category in CATEGORIES:
        queries = [q for q in load_queries(split, folder) if q["category"] == category]
        if not queries:
            continue
        rows = [score(ranked_texts(store, q["query"]), q.get("answers") or []) for q in queries]
        count = len(rows)
        if category == "nonsense":
            figures[category] = {"count": count, "fp_rate": sum(r["any"] for r in rows) / count}
        else:
            figures[category] = {
                "count": count,
                **{key: sum(r[key] for r in rows) / count for key in ("top1", "recall3", "mrr")},
            }
    return figures


def score(texts: list[str], answers: list[str]) -> dict[str, float]:
    """top1, recall3, mrr and `any` (got a result) for one query."""
    wanted = set(answers)
    first = next((rank for rank, text in enumerate(texts, start=1) if text in wanted), None)
    top3 = len(wanted & set(texts[:3]))
    return {
        "top1": float(first == 1),
        "recall3": top3 / min(3, len(wanted)) if wanted else 0.0,
        "mrr": 1 / first if first else 0.0,
        "any": float(bool(texts)),
    }


def misses(split: str, folder: Path = EVAL) -> list[str]:
    """Each query whose first result is not an answer, with what came first."""
    store = commands.open_library(
        use_cache=False, data=[folder / "library"], bundled=False, user=False
    )
    lines = []
    for q in load_queries(split, folder):
        texts = ranked_texts(store, q["query"])
        answers = q.get("answers") or []
        if (answers and (not texts or texts[0] not in answers)) or (not answers and texts):
            top = texts[0][:70] if texts else "(nothing)"
            lines.append(f"{q['category']:<10} {q['query']!r}: {top}")
    return lines


def table(figures: dict[str, dict[str, float]], split: str) -> str:
    """The figures as a plain-text table."""
    lines = [f"split: {split}", f"{'category':<11}{'n':>4}{'top-1':>8}{'recall@3':>10}{'MRR':>7}"]
    for category, row in figures.items():
        if category == "nonsense":
            quiet = row["count"] * (1 - row["fp_rate"])
            lines.append(
                f"{category:<11}{row['count']:>4.0f}   false positives {row['fp_rate']:.0%} "
                f"(nothing returned for {quiet:.0f} of {row['count']:.0f})"
            )
        else:
            lines.append(
                f"{category:<11}{row['count']:>4.0f}{row['top1']:>8.0%}"
                f"{row['recall3']:>10.0%}{row['mrr']:>7.2f}"
            )
    return "\n".join(lines)


def main() -> None:
    """Print the table (or JSON) for the split asked for."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("dev", "test", "all"), default="dev")
    parser.add_argument("--set", choices=SETS, default="eval", help="which evaluation set")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--misses", action="store_true", help="list the queries missed")
    args = parser.parse_args()
    folder = HERE / args.set
    if args.set != "eval":
        args.split = "test"
    splits = ("dev", "test") if args.split == "all" else (args.split,)
    if args.misses:
        for split in splits:
            print("\n".join(misses(split, folder)))
        return
    results = {split: evaluate(split, folder) for split in splits}
    if args.json:
        json.dump(results, sys.stdout, indent=2)
        print()
        return
    print(f"ranking: {ranking()}")
    print("\n\n".join(table(figures, split) for split, figures in results.items()))


def ranking() -> str:
    """What ranked these results: keywords alone, or reordered by meaning as well."""
    from learnref.meaning import switched_on

    if switched_on():
        return "keywords, reordered by meaning (learnref[semantic])"
    return "keywords alone"


if __name__ == "__main__":
    main()
