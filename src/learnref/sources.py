"""Where briefings come from, in load order, and loading them into one library.

1. the bundled file (left out with --no-bundled);
2. every *.yaml / *.yml file in the user data directory (a bad one is skipped with one
   warning line, so that one broken file does not stop a practitioner's lookup);
3. each path in LEARNREF_DATA (os.pathsep-separated; files or directories);
4. each --data PATH (file or directory).

Files named in LEARNREF_DATA or with --data are strict: any problem in them stops the
command with every located error. Directories are expanded afresh on every run, so the
cache key sees a file added to or removed from one.

This module is imported on every run: it uses only the standard library's cheapest parts.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .errors import DataError, Problem
from .model import Library
from .paths import user_data_dir
from .quoting import shell_quote

if TYPE_CHECKING:
    from .loader import FileContent

# The loader (and PyYAML) is imported only when files are read: a warm run reads none.
BUNDLED_DISPLAY = "bundled data (briefings.yaml)"


def bundled_data_path() -> Path:
    """Where the bundled briefing file is: inside the package when installed from a wheel,
    at the top of the checkout for an editable install or `uv run`."""
    here = Path(__file__).resolve().parent
    packaged = here / "data" / "briefings.yaml"
    if packaged.is_file():
        return packaged
    return here.parent.parent / "data" / "briefings.yaml"


THESAURUS_DISPLAY = "bundled thesaurus (thesaurus.yaml)"


def thesaurus_path() -> Path:
    """Where the bundled search thesaurus is; like the bundled briefing, inside the package
    when installed from a wheel, else at the top of the checkout. It is part of search, so
    it is loaded even with --no-bundled."""
    here = Path(__file__).resolve().parent
    packaged = here / "data" / "thesaurus.yaml"
    if packaged.is_file():
        return packaged
    return here.parent.parent / "data" / "thesaurus.yaml"


def yaml_files(directory: Path) -> list[Path]:
    """The briefing files directly inside a directory, sorted by name.

    Sub-directories are left out; anything else named *.yaml or *.yml is kept, even a
    broken link or a symlink loop, so that reading it reports the problem.
    """
    try:
        entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
    except OSError:
        return []
    return [
        Path(entry.path)
        for entry in entries
        if entry.name.endswith((".yaml", ".yml"))
        and not entry.name.startswith(".")
        and not _is_dir(entry)
    ]


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:  # pragma: no cover - is_dir() already answers False for a loop
        return False


BUNDLED = "bundled"
USER = "user"
ENV = "LEARNREF_DATA"
OPTION = "--data"

NO_YAML = "no briefing files (*.yaml or *.yml) in this directory"


class SourceFile(NamedTuple):
    """One data file to load, and what to do when it is invalid."""

    path: Path
    display: str  # how messages name it
    kind: str  # BUNDLED, USER, ENV or OPTION
    strict: bool  # invalid: stop the command (True) or skip the file with a warning


class Sources(NamedTuple):
    """Every file to load, in order, and problems with the paths that were named."""

    files: tuple[SourceFile, ...]
    problems: tuple[Problem, ...]


def env_paths() -> list[Path]:
    """The paths in LEARNREF_DATA, in order, with `~` expanded."""
    value = os.environ.get("LEARNREF_DATA", "")
    return [Path(os.path.expanduser(part)) for part in value.split(os.pathsep) if part.strip()]


def expand(path: Path, named: str = "") -> tuple[list[Path], Problem | None]:
    """The briefing files a named path stands for, or the problem with it.

    `named` says where the path was given, e.g. " (given with --data)".
    """
    if path.is_dir():
        files = yaml_files(path)
        return files, None if files else Problem(str(path), 0, 0, NO_YAML + named)
    if not os.path.lexists(path):
        return [], Problem(str(path), 0, 0, "no such file or directory" + named)
    return [path], None  # a file, or a link that reading will explain


def resolve(data: Sequence[Path] = (), *, bundled: bool = True, user: bool = True) -> Sources:
    """Every source file in load order. The same file named twice is loaded once."""
    files: list[SourceFile] = []
    problems: list[Problem] = []
    if bundled:
        files.append(SourceFile(bundled_data_path(), BUNDLED_DISPLAY, BUNDLED, strict=True))
    if user:
        files.extend(SourceFile(p, str(p), USER, strict=False) for p in yaml_files(user_data_dir()))
    named = [(path, ENV) for path in env_paths()] if user else []
    named += [(path, OPTION) for path in data]
    for path, kind in named:
        expanded, problem = expand(
            path, f" (given with {kind})" if kind == OPTION else f" (in {kind})"
        )
        if problem is not None:
            problems.append(problem)
        files.extend(SourceFile(file, str(file), kind, strict=True) for file in expanded)
    return Sources(_unique(files), tuple(problems))


def _unique(files: list[SourceFile]) -> tuple[SourceFile, ...]:
    """The files without repeats (by real path), each strict if any mention of it is."""
    first: dict[str, int] = {}
    kept: list[SourceFile] = []
    for file in files:
        real = os.path.realpath(file.path)
        if real in first:
            index = first[real]
            if file.strict and not kept[index].strict:
                kept[index] = kept[index]._replace(strict=True)
            continue
        first[real] = len(kept)
        kept.append(file)
    return tuple(kept)


def cache_labels(sources: Sources) -> list[str]:
    """What, beyond each file's path, size and time, a cached library depends on."""
    return [f"{file.kind}:{int(file.strict)}:{file.display}" for file in sources.files]


def skipped_line(content: FileContent) -> str:
    """The one warning line for a user data file that is left out because it is invalid."""
    count = len(content.problems)
    errors = f"{count} error{'s' if count != 1 else ''}"
    return (
        f"{content.path}: warning: skipped this file ({errors}); "
        f"see {'them' if count != 1 else 'it'} with: learnref validate {shell_quote(content.path)}"
    )


def clash_line(content: FileContent, clashes: list[Problem]) -> str:
    """The one warning line for a user data file left out for reusing a loaded briefing id."""
    return f"{content.path}: warning: skipped this file: {clashes[0].message}"


class Loaded(NamedTuple):
    """A library, and the warning lines for the user data files left out of it."""

    library: Library
    skipped: list[tuple[str, str]]  # (file, warning line)


def load(sources: Sources, read: Callable[[Path, str], FileContent] | None = None) -> Loaded:
    """Read every source file into one library; DataError for any problem in a strict one."""
    from .loader import merge, read_file

    read = read or read_file
    if sources.problems:
        raise DataError(list(sources.problems))
    thesaurus = read(thesaurus_path(), THESAURUS_DISPLAY)
    contents: list[FileContent] = [thesaurus]
    strict: dict[str, bool] = {thesaurus.path: True}
    errors: list[Problem] = list(thesaurus.problems)
    skipped: list[tuple[str, str]] = []
    for source in sources.files:
        content = read(source.path, source.display)
        if not content.problems:
            contents.append(content)
            strict[content.path] = source.strict
        elif source.strict:
            errors.extend(content.problems)
        else:
            skipped.append((content.path, skipped_line(content)))
    if errors:
        raise DataError(errors)

    def skip(content: FileContent, clashes: list[Problem]) -> bool:
        if strict[content.path]:
            return False
        skipped.append((content.path, clash_line(content, clashes)))
        return True

    return Loaded(merge(contents, skip=skip), skipped)
