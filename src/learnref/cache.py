"""The cache: each set of data files, loaded once, kept as a ready-built SQLite store.

A cache file is named and checked by a key made of every source file's path, size and
modification time, the data-format version, the store schema and the learnref version.
It is built in a temporary file and renamed into place, so a reader never sees half a
file. A corrupt, stale, locked or unreadable cache is ignored and rebuilt; when nothing
can be written, the store is built in memory. None of this is ever an error for the user.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path

from . import __version__
from .model import DATA_FORMAT_VERSION, Library
from .paths import cache_dir
from .store import SCHEMA_VERSION, Store

CACHE_FILES_KEPT = 5


def cache_key(files: Sequence[Path], labels: Sequence[str] = ()) -> str:
    """What identifies one loaded state of these files for this learnref.

    `labels` add what else the loaded library depends on (how each file is named and
    treated); the caller expands directories first, so a file added to one changes the key.
    """
    stamps: list[tuple[str, int, int]] = []
    for file in files:
        try:
            stat = file.stat()
            stamps.append((os.path.abspath(file), stat.st_size, stat.st_mtime_ns))
        except OSError:
            stamps.append((os.path.abspath(file), -1, -1))
    return repr((__version__, DATA_FORMAT_VERSION, SCHEMA_VERSION, stamps, tuple(labels)))


def _file_name(key: str) -> str:
    encoded = key.encode("utf-8", "surrogateescape")
    return f"library-{zlib.crc32(encoded):08x}{zlib.adler32(encoded):08x}.sqlite"


def open_store(
    files: Sequence[Path],
    load: Callable[[], tuple[Library, dict[str, str]]],
    *,
    use_cache: bool = True,
    labels: Sequence[str] = (),
) -> Store:
    """A store for these files: from the cache when it is current, else built by `load`.

    `load` gives the library and extra meta values to keep with it (read back with
    `Store.meta`), such as the warnings about files it left out.
    """
    if not use_cache:
        library, meta = load()
        return Store.build(
            sqlite3.connect(":memory:"), library, {**meta, "key": ""}, search_index=False
        )
    key = cache_key(files, labels)
    directory = cache_dir()
    path = directory / _file_name(key)
    store = _open_current(path, key)
    if store is not None:
        return store
    library, meta = load()
    meta = {**meta, "key": key}
    store = _write(directory, path, library, meta)
    if store is not None:
        return store
    return Store.build(sqlite3.connect(":memory:"), library, meta, search_index=False)


def _open_current(path: Path, key: str) -> Store | None:
    if not path.is_file():
        return None
    db = None
    try:
        db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        store = Store(db)
        if store.meta("key") == key:
            return store
    except (sqlite3.Error, OSError, ValueError):
        pass
    if db is not None:
        db.close()
    return None


def _write(directory: Path, path: Path, library: Library, meta: dict[str, str]) -> Store | None:
    temporary = directory / f".{path.name}.{os.getpid()}.tmp"
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        db = sqlite3.connect(temporary)
        try:
            # A half-written temporary file is thrown away, so durability costs only time.
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("PRAGMA synchronous = OFF")
            Store.build(db, library, meta)
        finally:
            db.close()
        os.replace(temporary, path)
    except (sqlite3.Error, OSError):
        with contextlib.suppress(OSError):
            temporary.unlink()
        return None
    _prune(directory, keep=path)
    return _open_current(path, meta["key"])


def _prune(directory: Path, keep: Path) -> None:
    """Remove all but the most recently used cache files."""
    with contextlib.suppress(OSError):
        files = sorted(
            (entry for entry in directory.glob("library-*.sqlite") if entry != keep),
            key=lambda entry: entry.stat().st_mtime,
            reverse=True,
        )
        for old in files[CACHE_FILES_KEPT - 1 :]:
            old.unlink()
