"""Where briefings come from, in load order, and loading them into one library.

1. the bundled file (left out with --no-bundled);
2. every *.yaml / *.yml file in the user data directory (a bad one is skipped with one
   warning line, so that one broken file does not stop a practitioner's lookup);
3. the copy of each subscribed briefing file (`learnref subscribe`), skipped with one warning
   line when unreadable, like a user data file;
4. each path in LEARNREF_DATA (os.pathsep-separated; files or directories);
5. each --data PATH (file or directory).

Files named in LEARNREF_DATA or with --data are strict: any problem in them stops the
command with every located error. Directories are expanded afresh on every run, so the
cache key sees a file added to or removed from one.

This module is imported on every run: it uses only the standard library's cheapest parts.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import DataError, Problem
from .model import Library
from .paths import folder_or_none, subscriptions_dir, user_data_dir
from .quoting import counted, shell_quote

if TYPE_CHECKING:
    from .loader import FileContent

if TYPE_CHECKING:
    from typing import NamedTuple
else:
    from ._records import NamedTuple

# The loader (and PyYAML) is imported only when files are read: a warm run reads none.
BUNDLED_DISPLAY = "bundled data (briefings.yaml)"


def bundled_data_path() -> Path:
    """Where the bundled briefing file is."""
    return _packaged("briefings.yaml")


def _packaged(name: str) -> Path:
    """A bundled data file: inside the package when installed from a wheel, at the top of
    the checkout (data/) for an editable install or `uv run`."""
    here = Path(__file__).resolve().parent
    packaged = here / "data" / name
    if packaged.is_file():
        return packaged
    return here.parent.parent / "data" / name


THESAURUS_DISPLAY = "bundled thesaurus (thesaurus.yaml)"


def thesaurus_path() -> Path:
    """Where the bundled search thesaurus is (found like the bundled briefing). It is part
    of search, so it is loaded even with --no-bundled."""
    return _packaged("thesaurus.yaml")


def yaml_files(directory: Path | None) -> list[Path]:
    """The briefing files directly inside a directory, sorted by name.

    Sub-directories are left out; anything else named *.yaml or *.yml is kept, even a
    broken link or a symlink loop, so that reading it reports the problem.
    """
    if directory is None:  # no home folder: no user data
        return []
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
SUBSCRIPTION = "subscription"
ENV = "LEARNREF_DATA"
OPTION = "--data"

NO_YAML = "no briefing files (*.yaml or *.yml) in this directory"


class SourceFile(NamedTuple):
    """One data file to load, and what to do when it is invalid."""

    path: Path
    display: str  # how messages name it
    kind: str  # BUNDLED, USER, SUBSCRIPTION, ENV or OPTION
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
        files.extend(
            SourceFile(p, str(p), USER, strict=False)
            for p in _user_files(folder_or_none(user_data_dir))
        )
        files.extend(
            SourceFile(p, str(p), SUBSCRIPTION, strict=False)
            for p in yaml_files(folder_or_none(subscriptions_dir))
        )
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


def _user_files(folder: Path | None) -> list[Path]:
    """The briefing files of the user data folder. A file where the folder should be (a
    briefing moved there as "briefings" by mistake) is read as one, never ignored."""
    if folder is not None and folder.is_file():
        return [folder]
    return yaml_files(folder)


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


class SkippedFile(NamedTuple):
    """A user data file left out of the library, and why (one line)."""

    path: str
    reason: str


def _invalid(content: FileContent) -> SkippedFile:
    count = len(content.problems)
    return SkippedFile(
        content.path,
        f"skipped this file ({counted(count, 'error')}); see {'it' if count == 1 else 'them'} "
        f"with: learnref validate {shell_quote(content.path)}",
    )


def _clashing(content: FileContent, clashes: list[Problem]) -> SkippedFile:
    return SkippedFile(content.path, f"skipped this file: {clashes[0].message}")


class Loaded(NamedTuple):
    """A library, and the user data files left out of it."""

    library: Library
    skipped: list[SkippedFile]


def _thesaurus() -> FileContent:
    """The bundled thesaurus, read once per process while the file stays the same (a process
    that loads the library twice, as `subscribe` and the tests do, parses it once)."""
    path = thesaurus_path()
    try:
        status = path.stat()
        stamp = (status.st_mtime_ns, status.st_size)
    except OSError:
        stamp = (0, -1)
    return _read_thesaurus(str(path), stamp)


@lru_cache(maxsize=2)
def _read_thesaurus(path: str, stamp: tuple[int, int]) -> FileContent:
    from .loader import read_file, read_shipped_words
    from .thesaurus import read_compiled

    shipped = read_compiled(Path(path), THESAURUS_DISPLAY) or read_shipped_words(
        Path(path), THESAURUS_DISPLAY
    )
    return shipped if shipped is not None else read_file(Path(path), THESAURUS_DISPLAY)


def load(sources: Sources, read: Callable[[Path, str], FileContent] | None = None) -> Loaded:
    """Read every source file into one library; DataError for any problem in a strict one."""
    from .loader import merge, read_file

    read = read or read_file
    if sources.problems:
        raise DataError(list(sources.problems))
    thesaurus = _thesaurus() if read is read_file else read(thesaurus_path(), THESAURUS_DISPLAY)
    contents: list[FileContent] = [thesaurus]
    strict: dict[str, bool] = {thesaurus.path: True}
    errors: list[Problem] = list(thesaurus.problems)
    skipped: list[SkippedFile] = []
    for source in sources.files:
        content = read(source.path, source.display)
        if not content.problems:
            contents.append(content)
            strict[content.path] = source.strict
        elif source.strict:
            errors.extend(content.problems)
        else:
            skipped.append(_invalid(content))
    if errors:
        raise DataError(errors)

    def skip(content: FileContent, clashes: list[Problem]) -> bool:
        if strict[content.path]:
            return False
        skipped.append(_clashing(content, clashes))
        return True

    return Loaded(merge(contents, skip=skip), skipped)
