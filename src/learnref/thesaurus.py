"""The bundled thesaurus, read from its compiled form (data/thesaurus.json) when that was
compiled from data/thesaurus.yaml as it is now; scripts/compile_thesaurus.py writes it."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

from .folding import spoken_words
from .loader import FileContent, read_file, shipped_words
from .store import stem_phrases

COMPILED_FORMAT = 1


def compiled_path(source: Path) -> Path:
    """Where the compiled form of a thesaurus file is: beside it, as .json."""
    return source.with_suffix(".json")


def compile_thesaurus(source: Path) -> str:
    """The compiled form of a thesaurus file, as JSON text; ValueError for a problem in it."""
    content = read_file(source, source.name)
    if content.problems:
        raise ValueError("\n".join(str(problem) for problem in content.problems))
    phrases = sorted(
        {phrase for group in content.synonyms for phrase in group}
        | {phrase for entry in content.related for phrase in (*entry.words, *entry.suggest)}
    )
    stems = stem_phrases(sqlite3.connect(":memory:"), [" ".join(spoken_words(p)) for p in phrases])
    document = {
        "format": COMPILED_FORMAT,
        "source_sha256": hashlib.sha256(source.read_bytes()).hexdigest(),
        "version": 1,
        "synonyms": [list(group) for group in content.synonyms],
        "related": [
            {"words": list(entry.words), "suggest": list(entry.suggest)}
            for entry in content.related
        ],
        "stems": dict(zip(phrases, stems, strict=True)),
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"


def read_compiled(source: Path, display: str) -> FileContent | None:
    """The thesaurus from its compiled form; None when that is missing, damaged or was
    compiled from another version of the source."""
    try:
        text = source.read_bytes()
        document = json.loads(compiled_path(source).read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(document, dict) or document.pop("format", None) != COMPILED_FORMAT:
        return None
    if document.pop("source_sha256", None) != hashlib.sha256(text).hexdigest():
        return None
    stems = document.pop("stems", None)
    content = shipped_words(document, display)
    if content is None or not isinstance(stems, dict):
        return None
    content.stems = {
        phrase: key for phrase, key in stems.items() if type(phrase) is str and type(key) is str
    }
    return content
