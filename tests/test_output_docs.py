"""docs/output.md documents every command's JSON: each example is the command's real output."""

from __future__ import annotations

import json
import re
import shlex
from typing import Any

import pytest

from .conftest import ROOT, Runner

DOC = ROOT / "docs" / "output.md"
EXAMPLE_ENV = {"SOURCE_DATE_EPOCH": "1746057600"}
EXAMPLE = re.compile(r"<!-- json: (.+?) -->\n```json\n(.*?)```", re.DOTALL)
# Objects whose keys are data rather than names: their keys are not compared.
MAPS = {"corrections"}


def shape(value: Any, name: str = "") -> Any:
    """The keys of a JSON value, nested; lists by the shape of their first item."""
    if isinstance(value, dict):
        if name in MAPS:
            return "map"
        return {key: shape(item, key) for key, item in value.items()}
    if isinstance(value, list):
        return [shape(value[0], name)] if value else []
    return "value"


def same_shape(documented: Any, printed: Any) -> bool:
    """Whether two shapes agree; an empty list agrees with any list."""
    if isinstance(documented, dict) and isinstance(printed, dict):
        return documented.keys() == printed.keys() and all(
            same_shape(documented[key], printed[key]) for key in documented
        )
    if isinstance(documented, list) and isinstance(printed, list):
        return not documented or not printed or same_shape(documented[0], printed[0])
    return bool(documented == printed)


def examples() -> list[tuple[str, str]]:
    """Each documented command and its JSON example."""
    return EXAMPLE.findall(DOC.read_text(encoding="utf-8"))


def test_every_json_command_is_documented() -> None:
    """Every command with JSON output has an example in docs/output.md."""
    documented = {
        command.split()[0] + (" --briefings" * ("--briefings" in command))
        for command, _ in examples()
    }
    assert documented == {"list", "list --briefings", "show", "search", "glossary", "random"}


@pytest.mark.parametrize(("command", "example"), examples())
def test_documented_example_is_the_real_output(run: Runner, command: str, example: str) -> None:
    """A documented JSON example is exactly what the command prints (refresh them with
    scripts/readme_examples.py), and has the keys the shape check expects."""
    result = run(*shlex.split(command), "--format", "json", env=EXAMPLE_ENV)
    printed = json.loads(result.stdout)
    assert result.exit_code == (1 if "error" in printed else 0)
    assert result.stdout == example
    documented = json.loads(example)
    assert printed["version"] == documented["version"] == 1
    assert same_shape(shape(documented), shape(printed))


def test_not_found_is_documented_as_one_object() -> None:
    """The page shows the error object a JSON run prints when it finds nothing."""
    errors = [json.loads(example) for _, example in examples() if '"error"' in example]
    assert errors
    assert all(set(error) == {"version", "error", "hint", "suggestions"} for error in errors)


def test_shape_check_notices_a_missing_key() -> None:
    """The shape comparison fails when output has a key the documentation lacks."""
    assert not same_shape(shape({"a": 1}), shape({"a": 1, "b": [2]}))
    assert not same_shape(shape({"a": [{"x": 1}]}), shape({"a": [{"y": 1}]}))
