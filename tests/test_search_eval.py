"""Search quality on the evaluation set (benchmarks/eval) stays at or above measured floors."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "search_eval.py"

# A little below the figures measured on the dev split (benchmarks/search_eval.py).
FLOORS = {
    "exact": {"top1": 0.95, "mrr": 0.95},
    "word_form": {"top1": 0.95, "mrr": 0.95},
    "typo": {"top1": 0.90, "mrr": 0.90},
    "acronym": {"top1": 0.95, "mrr": 0.95},
    "paraphrase": {"top1": 0.75, "mrr": 0.83},
    "question": {"top1": 0.70, "mrr": 0.76},
}
MAX_NONSENSE_FALSE_POSITIVES = 0.10


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("search_eval", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["search_eval"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def figures() -> dict[str, dict[str, float]]:
    result: dict[str, dict[str, float]] = _script().evaluate("dev")
    return result


@pytest.mark.parametrize("category", FLOORS)
def test_category_at_or_above_floor(figures: dict[str, dict[str, float]], category: str) -> None:
    """Each category's top-1 and MRR on the dev split stay at or above their floors."""
    for measure, floor in FLOORS[category].items():
        assert figures[category][measure] >= floor, (category, measure, figures[category])


# The independent sets: eval2, eval3 and eval5 are never tuned on, eval4 is a second dev set (its
# misses were read). These floors, a little below what was measured, catch a regression.
Floors = dict[str, dict[str, float]]


def _floors(
    acronym: float, paraphrase: tuple[float, float], question: tuple[float, float]
) -> Floors:
    """A set's floors: top-1 for the strict categories, top-1 and MRR for the others."""
    strict = {"top1": 0.95}
    return {
        "exact": strict,
        "word_form": strict,
        "typo": strict,
        "acronym": {"top1": acronym},
        "paraphrase": {"top1": paraphrase[0], "mrr": paraphrase[1]},
        "question": {"top1": question[0], "mrr": question[1]},
    }


# Each set's floors and the most nonsense it may answer (a share).
SET_FLOORS: dict[str, tuple[Floors, float]] = {
    "eval2": (_floors(0.95, (0.40, 0.45), (0.75, 0.85)), 0.1),
    "eval3": (_floors(0.95, (0.36, 0.43), (0.82, 0.86)), 0.17),
    "eval5": (_floors(0.95, (0.32, 0.38), (0.60, 0.68)), 0.1),
    "eval4": (_floors(0.95, (0.66, 0.70), (0.68, 0.75)), 0.09),
}


@pytest.mark.parametrize("name", SET_FLOORS)
def test_independent_set_at_or_above_floor(name: str) -> None:
    """Each independent evaluation set stays at or above its floors."""
    script = _script()
    figures = script.evaluate("test", script.HERE / name)
    floors, max_false_positives = SET_FLOORS[name]
    for category, measures in floors.items():
        for measure, floor in measures.items():
            assert figures[category][measure] >= floor, (category, measure, figures[category])
    assert figures["nonsense"]["fp_rate"] <= max_false_positives


def test_nonsense_mostly_finds_nothing(figures: dict[str, dict[str, float]]) -> None:
    """Queries with nothing relevant in the library return nothing."""
    assert figures["nonsense"]["fp_rate"] <= MAX_NONSENSE_FALSE_POSITIVES


def test_score_counts_the_first_answer() -> None:
    """top-1, recall@3 and MRR follow their definitions."""
    score = _script().score
    assert score(["x", "a", "b"], ["a", "b"]) == {
        "top1": 0.0,
        "recall3": 1.0,
        "mrr": 0.5,
        "any": 1.0,
    }
    assert score([], ["a"])["mrr"] == 0.0


TYPO_SCRIPT = SCRIPT.parent / "typo_eval.py"
# A little below the shares measured with 40 words a library (benchmarks/typo_eval.py
# --words 40): left out 99%, swapped, doubled and next key 100%. Before two swapped
# letters counted as one slip, swapped was 92%.
TYPO_FLOORS = {"left out": 0.97, "swapped": 0.98, "doubled": 0.98, "next key": 0.98}


def test_slips_are_read_as_meant() -> None:
    """Misspellings made by rule from the evaluation libraries' words are corrected to the
    word meant at least as often as the floors."""
    spec = importlib.util.spec_from_file_location("typo_eval", TYPO_SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    tried, read, misses = module.evaluate(40)
    for kind, floor in TYPO_FLOORS.items():
        assert tried[kind] >= 100, kind
        assert read[kind] / tried[kind] >= floor, (kind, misses)
