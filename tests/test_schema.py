"""The JSON Schema shipped in the package agrees with the bundled data, template and loader."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from learnref import commands, loader

from .briefing_files import fill_template
from .conftest import ROOT


class _Loader(yaml.SafeLoader):
    """YAML as an editor's schema checker sees it: dates stay text, as in YAML 1.2."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _load(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)


def _schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(commands.SCHEMA_PATH.read_text(encoding="utf-8"))
    return schema


def test_schema_is_a_valid_schema() -> None:
    """The shipped schema is itself valid JSON Schema (draft 2020-12)."""
    jsonschema.Draft202012Validator.check_schema(_schema())


def test_bundled_data_matches_schema() -> None:
    """data/briefings.yaml validates against the schema."""
    jsonschema.validate(_load(ROOT / "data" / "briefings.yaml"), _schema())


def test_thesaurus_matches_schema() -> None:
    """data/thesaurus.yaml, only `synonyms:` and `related:`, validates against the schema."""
    jsonschema.validate(_load(ROOT / "data" / "thesaurus.yaml"), _schema())


def test_template_matches_schema_once_filled_in(tmp_path: Path) -> None:
    """The file `learnref init` writes is refused for its placeholders, like `validate` does,
    and validates against the schema once they are replaced."""
    path = commands.write_template(tmp_path / "t.yaml")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(_load(path), _schema())
    path.write_text(fill_template(path.read_text(encoding="utf-8")), encoding="utf-8")
    jsonschema.validate(_load(path), _schema())


def test_schema_keys_match_loader() -> None:
    """The schema allows and requires exactly the keys the loader does."""
    schema = _schema()
    defs = schema["$defs"]
    assert tuple(schema["properties"]) == loader.TOP_KEYS
    assert tuple(defs["briefing"]["properties"]) == loader.BRIEFING_KEYS
    assert tuple(defs["briefing"]["required"]) == loader.BRIEFING_REQUIRED
    assert tuple(defs["theme"]["properties"]) == loader.THEME_KEYS
    assert tuple(defs["theme"]["required"]) == loader.THEME_REQUIRED
    resource = defs["briefing"]["properties"]["resources"]["items"]
    assert tuple(resource["properties"]) == loader.RESOURCE_KEYS
    assert defs["slug"]["pattern"].replace("(-", "(?:-") == loader.SLUG_PATTERN.pattern


@pytest.mark.parametrize(
    ("change", "old", "new"),
    [
        ("version 2", "version: 1", "version: 2"),
        ("a number for a title", "title: Test briefing", "title: 42"),
        ("an unknown key", "        messages:", "        mesages: []\n        messages:"),
        ("a bad slug", "id: test-2024-01-briefing", "id: Test Briefing"),
        ("a line break in a message", "Fixture message one.", "Fixture\\nmessage."),
        ("a placeholder", "title: Test briefing", 'title: "FILL IN: the title"'),
        ("a placeholder message", '"Fixture message one."', '"FILL IN: the first message"'),
        ("empty messages and no note", '\n          - "Fixture message one."', " []"),
        ("a one-entry synonym group", "version: 1", "version: 1\nsynonyms:\n  - [alone]"),
        ("a synonym that is a number", "version: 1", "version: 1\nsynonyms:\n  - [a, 3]"),
        ("synonyms as a mapping", "version: 1", "version: 1\nsynonyms:\n  a: b"),
        ("related without suggest", "version: 1", "version: 1\nrelated:\n  - words: [a]"),
        (
            "related with an empty list",
            "version: 1",
            "version: 1\nrelated:\n  - words: []\n    suggest: [b]",
        ),
        (
            "related with an unknown key",
            "version: 1",
            "version: 1\nrelated:\n  - words: [a]\n    suggest: [b]\n    see: [c]",
        ),
    ],
)
def test_schema_and_validator_agree(change: str, old: str, new: str, tmp_path: Path) -> None:
    """What the validator rejects, the schema rejects too (for what a schema can express)."""
    from .briefing_files import GOOD

    text = GOOD.replace(old, new)
    assert text != GOOD, change
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    assert loader.read_file(path).problems, change
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(_load(path), _schema())
