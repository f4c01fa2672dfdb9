"""Reranking by meaning, the optional learnref[semantic] extra.

The tests that load the model run where the extra is installed (CI installs it for this
file: `uv run --extra semantic pytest tests/test_meaning.py`); the default install's
behaviour (keywords alone, nothing imported) is tested everywhere.
"""

from __future__ import annotations

import json
import struct
import sys
from importlib.util import find_spec
from pathlib import Path

import pytest

from learnref import meaning
from tests.conftest import Runner
from tests.runner import installed

EVAL4 = Path(__file__).resolve().parent.parent / "benchmarks" / "eval4" / "library"
EVAL = Path(__file__).resolve().parent.parent / "benchmarks" / "eval" / "library"
EXTRA_INSTALLED = all(find_spec(name) for name in ("numpy", "tokenizers", "wordllama"))
needs_extra = pytest.mark.skipif(
    not EXTRA_INSTALLED, reason="learnref[semantic] is not installed (CI installs it)"
)

# A question whose keyword results tie; eval4 is a dev set whose misses were read.
SUPERVISION = "how do i get my manager to challenge my thinking in supervision"
REFLECTIVE = "Reflective supervision should make space to challenge the working hypothesis"
CASELOADS = "Managers should be alert to the impact of high caseloads and vacancies"


@pytest.fixture
def fresh_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """No model carried over from an earlier test in this process."""
    monkeypatch.setattr(meaning, "_loaded", [])


@pytest.fixture
def semantic_on(monkeypatch: pytest.MonkeyPatch, fresh_model: None) -> None:
    """Reranking switched on, as it is wherever the extra is installed."""
    monkeypatch.delenv(meaning.SEMANTIC_ENV, raising=False)


def first_text(stdout: str) -> str:
    """The text of the first result of a JSON search."""
    return str(json.loads(stdout)["results"][0]["text"])


@pytest.mark.parametrize("value", ["off", "OFF", "0", "no", "false", " off "])
def test_switched_off_by_the_environment(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv(meaning.SEMANTIC_ENV, value)
    assert meaning.switched_on() is False
    assert meaning.reranker() is None


def test_off_when_the_extra_is_not_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(meaning.SEMANTIC_ENV, raising=False)
    monkeypatch.setattr(meaning, "find_spec", lambda name: None)
    assert meaning.switched_on() is False
    assert meaning.reranker() is None
    with pytest.raises(meaning.ModelError, match="wordllama package is not installed"):
        meaning.model_files()


def test_the_default_search_imports_no_model() -> None:
    """With the extra switched off (or absent) a search never imports numpy or tokenizers."""
    probe = (
        "import sys\n"
        "from learnref.__main__ import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in ('numpy', 'tokenizers', 'wordllama') if m in sys.modules))\n"
    )
    import subprocess

    completed = subprocess.run(
        [sys.executable, "-c", probe, "search", "chronology", "sharing"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert completed.stdout.strip().splitlines()[-1] == "[]", completed.stderr


def test_a_model_file_that_is_not_one_leaves_keyword_ranking(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_model: None, run: Runner
) -> None:
    """A broken or truncated model file never takes search down: results come by keywords."""
    pytest.importorskip("numpy")
    bad = tmp_path / "weights.safetensors"
    bad.write_bytes(struct.pack("<Q", 40) + b'{"embedding.weight": {"dtype": "F16"')
    tokenizer = tmp_path / "tokenizer.json"
    tokenizer.write_text("{}", "utf-8")
    monkeypatch.delenv(meaning.SEMANTIC_ENV, raising=False)
    monkeypatch.setattr(meaning, "switched_on", lambda: True)
    monkeypatch.setattr(meaning, "model_files", lambda: (bad, tokenizer))
    with pytest.raises(meaning.ModelError, match="not a model file"):
        meaning.Meaning(bad, tokenizer)
    result = run("--no-bundled", "--data", str(EVAL4), "search", SUPERVISION, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert first_text(result.stdout).startswith(CASELOADS)


def test_a_model_whose_size_does_not_match_its_shape_is_refused(tmp_path: Path) -> None:
    pytest.importorskip("numpy")
    header = json.dumps(
        {"embedding.weight": {"dtype": "F16", "shape": [4, 2], "data_offsets": [0, 6]}}
    ).encode()
    weights = tmp_path / "weights.safetensors"
    weights.write_bytes(struct.pack("<Q", len(header)) + header + b"\0" * 6)
    with pytest.raises(meaning.ModelError, match="does not match its shape"):
        meaning.Meaning(weights, tmp_path / "tokenizer.json")


@needs_extra
def test_the_model_loads_from_the_installed_wheel(fresh_model: None) -> None:
    weights, tokenizer = meaning.model_files()
    model = meaning.Meaning(weights, tokenizer)
    close = model.closeness(
        "the baby was sleeping in the parents' bed",
        ["Talk to parents about safe sleep for infants.", "Record the date of each visit."],
    )
    assert close[0] > close[1]
    assert all(-1.0 <= value <= 1.0 for value in close)
    assert model.closeness("anything", []) == []


@needs_extra
def test_a_question_is_reordered_by_meaning(semantic_on: None, run: Runner) -> None:
    args = ("--no-bundled", "--data", str(EVAL4), "search", SUPERVISION, "--format", "json")
    reranked = json.loads(run(*args).stdout)["results"]
    assert reranked[0]["text"].startswith(REFLECTIVE)
    scores = [hit["score"] for hit in reranked]
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= score <= 100 for score in scores)
    assert [hit["rank"] for hit in reranked] == list(range(1, len(reranked) + 1))
    keywords_only = run(*args, env={meaning.SEMANTIC_ENV: "off"})
    assert first_text(keywords_only.stdout).startswith(CASELOADS)


@needs_extra
def test_reordering_keeps_the_same_messages(semantic_on: None, run: Runner) -> None:
    """Meaning reorders the keyword results; it neither adds a message nor drops one."""
    args = ("--no-bundled", "--data", str(EVAL4), "search", SUPERVISION, "--format", "json")
    reranked = {hit["text"] for hit in json.loads(run(*args).stdout)["results"]}
    plain = run(*args, env={meaning.SEMANTIC_ENV: "off"})
    assert reranked == {hit["text"] for hit in json.loads(plain.stdout)["results"]}


@needs_extra
def test_a_smaller_limit_lists_the_first_of_the_same_order(semantic_on: None, run: Runner) -> None:
    args = ("--no-bundled", "--data", str(EVAL4), "search", SUPERVISION, "--format", "json")
    full = [hit["text"] for hit in json.loads(run(*args).stdout)["results"]]
    two = [hit["text"] for hit in json.loads(run(*args, "--limit", "2").stdout)["results"]]
    assert two == full[:2]


@needs_extra
def test_a_single_phrase_is_not_reordered(semantic_on: None, run: Runner) -> None:
    """A spelled-out acronym still finds the message with the acronym first."""
    result = run(
        "--no-bundled",
        "--data",
        str(EVAL),
        "search",
        "child and adolescent mental health services",
        "--format",
        "json",
    )
    assert first_text(result.stdout).startswith("Refer to CAMHS where self-harm persists")


@needs_extra
def test_meaning_never_answers_what_keywords_do_not(semantic_on: None, run: Runner) -> None:
    result = run("search", "car boot sale this sunday")
    assert result.exit_code == 1
    assert "not found: car, boot, sale, sunday" in result.stderr


@needs_extra
def test_the_installed_command_reorders_by_meaning(tmp_path: Path) -> None:
    completed = installed(
        "--no-bundled",
        "--data",
        str(EVAL4),
        "search",
        SUPERVISION,
        "--format",
        "json",
        env={meaning.SEMANTIC_ENV: "on"},
        text=True,
        encoding="utf-8",
    )
    assert completed.returncode == 0, completed.stderr
    assert first_text(completed.stdout).startswith(REFLECTIVE)


def test_info_says_search_ranks_by_keywords_without_the_extra(
    run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(meaning.SEMANTIC_ENV, raising=False)
    monkeypatch.setattr(meaning, "find_spec", lambda name: None)
    assert "\nsearch ranking: keywords\n" in run("info").stdout
    data = json.loads(run("info", "--format", "json").stdout)
    assert data["search_ranking"] == {"meaning_installed": False, "meaning": False}


@needs_extra
def test_info_says_search_reorders_by_meaning(semantic_on: None, run: Runner) -> None:
    text = run("info").stdout
    assert "\nsearch ranking: keywords, reordered by meaning (learnref[semantic])\n" in text
    data = json.loads(run("info", "--format", "json").stdout)
    assert data["search_ranking"] == {"meaning_installed": True, "meaning": True}
    off = run("info", "--format", "json", env={meaning.SEMANTIC_ENV: "off"}).stdout
    assert json.loads(off)["search_ranking"] == {"meaning_installed": True, "meaning": False}


class FixedCloseness:
    """A model whose closeness to the query is given per text: to test the blend itself."""

    def __init__(self, closeness: dict[str, float]) -> None:
        self.given = closeness

    def closeness(self, query: str, texts: list[str]) -> list[float]:
        return [self.given[text] for text in texts]


def test_the_blend_weighs_keywords_and_meaning() -> None:
    """0.7 of the keyword score as a share of the best, 0.3 of closeness (never below 0);
    ranks renumbered, scores the blend out of 100, ties kept in keyword order."""
    from learnref import commands
    from learnref.search import Hit

    bundled = commands.search_messages(commands.open_library(use_cache=False), "chronology")
    message = bundled.hits[0].message

    def hit(rank: int, score: int, text: str) -> Hit:
        return Hit(rank, score, message._replace(text=text), ())

    hits = [hit(1, 80, "first"), hit(2, 76, "second"), hit(3, 40, "third"), hit(4, 40, "fourth")]
    model = FixedCloseness({"first": 0.1, "second": 0.6, "third": -0.5, "fourth": -0.2})
    reordered = meaning.reranked("query", hits, model)  # type: ignore[arg-type]
    assert [(h.rank, h.score, h.message.text) for h in reordered] == [
        (1, 84, "second"),  # 0.7 * 76/80 + 0.3 * 0.6 = 0.845, rounded half to even
        (2, 73, "first"),  # 0.7 + 0.03
        (3, 35, "third"),  # 0.35 + 0 (closeness below 0 counts 0)
        (4, 35, "fourth"),  # the same blend: keyword order kept
    ]
    assert meaning.reranked("query", [], model) == ()  # type: ignore[arg-type]


def test_missing_model_files_are_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An install whose model files are gone says which, and what to do."""
    from importlib.machinery import ModuleSpec

    spec = ModuleSpec("wordllama", None, is_package=True)
    spec.submodule_search_locations = [str(tmp_path)]
    monkeypatch.setattr(meaning, "find_spec", lambda name: spec)
    with pytest.raises(meaning.ModelError, match="reinstall learnref\\[semantic\\]"):
        meaning.model_files()


def test_a_missing_model_leaves_keyword_ranking(
    monkeypatch: pytest.MonkeyPatch, fresh_model: None
) -> None:
    """Switched on but unloadable: the reranker hands the results back unchanged, and the
    model is looked for once per process."""
    calls: list[int] = []

    def unloadable() -> tuple[Path, Path]:
        calls.append(1)
        raise meaning.ModelError("gone")

    monkeypatch.setattr(meaning, "switched_on", lambda: True)
    monkeypatch.setattr(meaning, "model_files", unloadable)
    rerank = meaning.reranker()
    assert rerank is not None
    assert rerank("query", []) == ()
    assert meaning.meaning() is None
    assert calls == [1]
