"""The cache: each set of data files, loaded once, kept as a ready-built SQLite store.

A cache file is named and checked by a key made of every source file's path, size and
modification time, the data-format version, the store schema and the learnref version.
It is built in a temporary file, flushed to disk and renamed into place, so neither a
reader nor a crash ever leaves half a file under the cache's name. A corrupt, stale,
locked or unreadable cache is ignored and rebuilt, and so is one found damaged while it
is read; when nothing can be written, the store is built in memory.

Only files this user made are trusted or deleted: a cache file is read only when the
current user owns it and nobody else can write to it or to its folder (in a folder others
can write to, learnref keeps its files in a private subfolder of its own), and a file is
deleted only when its header carries learnref's application id.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import time
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .model import DATA_FORMAT_VERSION, Library
from .paths import cache_dir
from .quoting import printable
from .store import APPLICATION_ID, DAMAGE_ERRORS, SCHEMA_VERSION, Store

CACHE_FILES_KEPT = 5
# A temporary file left by a build this old is abandoned, even if its process id is reused.
STALE_SECONDS = 600
# Write bits for the group and for others: a file or folder with either is not private.
SHARED_WRITE = stat.S_IWGRP | stat.S_IWOTH

MARKER = APPLICATION_ID.to_bytes(4, "big")  # as it stands at offset 68 of the header

Load = Callable[[], tuple[Library, dict[str, str]]]
Notice = Callable[[str], None]


if TYPE_CHECKING:  # a class for the type checker only: no run pays to define it
    from typing import Protocol

    class Progress(Protocol):
        """What is told of the steps of a cache build, to show them to a waiting person."""

        def step(self, what: str) -> None:
            """The build has moved on to this step."""

        def done(self) -> None:
            """The build is over, or has failed."""


# Makes the Progress for a build, only when a build starts (what shows it is imported then).
ProgressFactory = Callable[[], "Progress"]

# A cache file another program holds locked is not worth waiting for (SQLite waits 5 s by
# default): after this many seconds the library is built in memory instead.
LOCK_WAIT = 0.25


def cache_key(files: Sequence[Path], labels: Sequence[str] = ()) -> str:
    """What identifies one loaded state of these files for this learnref.

    `labels` add what else the loaded library depends on (how each file is named and
    treated); the caller expands directories first, so a file added to one changes the key.
    """
    stamps: list[tuple[str, int, int]] = []
    for file in files:
        try:
            status = file.stat()
            stamps.append((os.path.abspath(file), status.st_size, status.st_mtime_ns))
        except OSError:
            stamps.append((os.path.abspath(file), -1, -1))
    return repr((__version__, DATA_FORMAT_VERSION, SCHEMA_VERSION, stamps, tuple(labels)))


def _file_name(key: str) -> str:
    encoded = key.encode("utf-8", "surrogateescape")
    return f"library-{zlib.crc32(encoded):08x}{zlib.adler32(encoded):08x}.sqlite"


def open_store(
    files: Sequence[Path],
    load: Load,
    *,
    use_cache: bool = True,
    labels: Sequence[str] = (),
    notice: Notice | None = None,
    progress: ProgressFactory | None = None,
) -> Store:
    """A store for these files: from the cache when it is current, else built by `load`.

    `load` gives the library and extra meta values to keep with it (read back with
    `Store.meta`), such as the warnings about files it left out. `notice` is told, in one
    line, why a cache folder is not used or that a damaged cache file was rebuilt;
    `progress` makes what is told of the steps of a cache build.
    """
    if not use_cache:
        library, meta = load()
        return _in_memory(library, {**meta, "key": ""})
    key = cache_key(files, labels)
    directory, problem = private_directory(Path(os.path.abspath(cache_dir())))
    if directory is None:
        if problem is not None and notice is not None:
            notice(problem)
        library, meta = load()
        return _in_memory(library, {**meta, "key": key})
    path = directory / _file_name(key)
    store = _open_current(path, key)
    if store is None:
        store = _build(directory, path, key, load, progress)
    store.recover_with(lambda: _rebuild(directory, path, key, load, notice))
    return store


def _in_memory(library: Library, meta: dict[str, str]) -> Store:
    return Store.build(sqlite3.connect(":memory:"), library, meta, search_index=False)


def _build(
    directory: Path, path: Path, key: str, load: Load, start: ProgressFactory | None = None
) -> Store:
    progress = start() if start is not None else None
    try:
        if progress is not None:
            progress.step("Reading the briefing files")
        library, meta = load()
        meta = {**meta, "key": key}
        if progress is not None:
            progress.step("Writing the cache and its search index")
        store = _write(directory, path, library, meta)
    finally:
        if progress is not None:
            progress.done()
    return store if store is not None else _in_memory(library, meta)


def _rebuild(directory: Path, path: Path, key: str, load: Load, notice: Notice | None) -> Store:
    """A fresh store in place of a cache file found damaged while it was read."""
    if notice is not None:
        notice(f"learnref: the cache file {printable(str(path))} is damaged; it has been rebuilt.")
    return _build(directory, path, key, load)


def private_directory(directory: Path) -> tuple[Path | None, str | None]:
    """The folder to keep cache files in: `directory` when only this user can write to it,
    else a private subfolder of it; or None, with why when it is a matter of trust.

    A folder that cannot be made is no reason to say anything (the library is simply built
    in memory); a folder that other users control is, once, so the person can fix it.
    """
    if os.name != "posix":  # per-user folders, and no owners or modes to check
        return directory, None
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        status = os.stat(directory)
    except OSError:
        return None, None
    if _private(status):
        return directory, None
    own = directory / f"learnref-{os.getuid()}"
    with contextlib.suppress(OSError):
        own.mkdir(mode=0o700)
    with contextlib.suppress(OSError):
        if _private(os.lstat(own)):
            return own, None
    why = "other users can write to it" if status.st_mode & SHARED_WRITE else "it is not yours"
    return None, (
        f"learnref: not using the cache in {printable(str(directory))}: {why}, and "
        f"{printable(directory.name)}/{own.name} is not a private folder of yours; the library "
        "is built in memory. Set LEARNREF_CACHE_DIR to a folder only you can write to."
    )


def _private(status: os.stat_result) -> bool:
    """Whether a file or folder belongs to this user and nobody else can write to it."""
    kind = stat.S_IFMT(status.st_mode)
    return (
        kind in (stat.S_IFDIR, stat.S_IFREG)
        and status.st_uid == os.getuid()
        and not status.st_mode & SHARED_WRITE
    )


def _trusted_file(path: Path) -> bool:
    """Whether a cache file can be read: a regular file (no link) that is this user's."""
    try:
        status = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISREG(status.st_mode) and (os.name != "posix" or _private(status))


def _open_current(path: Path, key: str) -> Store | None:
    if not _trusted_file(path):
        return None
    db = None
    try:
        db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=LOCK_WAIT)
        store = Store(db)
        if store.application_id() == APPLICATION_ID and store.meta("key") == key:
            return store
    except (*DAMAGE_ERRORS, OSError):
        pass
    if db is not None:
        db.close()
    return None


def _write(directory: Path, path: Path, library: Library, meta: dict[str, str]) -> Store | None:
    temporary = directory / f".{path.name}.{os.getpid()}.tmp"
    try:
        _remove_stale_temporaries(directory)
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        db = sqlite3.connect(temporary)
        try:
            # Journalling and syncing on the temporary file only: a half-written one is
            # thrown away, and the whole file is flushed once before it is renamed.
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("PRAGMA synchronous = OFF")
            Store.build(db, library, meta)
        finally:
            db.close()
        _commit_file(temporary, path)
    except (sqlite3.Error, OSError):
        _discard(temporary)
        return None
    except BaseException:  # Ctrl-C or any other stop: leave nothing behind, then stop
        _discard(temporary)
        raise
    _prune(directory, keep=path)
    return _open_current(path, meta["key"])


def _commit_file(temporary: Path, path: Path) -> None:
    """Put a finished temporary file in place so that a crash or power cut leaves either
    the old file or the whole new one: private mode, flushed to disk, renamed, and the
    folder's entry flushed too."""
    descriptor = os.open(temporary, os.O_RDONLY)
    try:
        if os.name == "posix":
            os.fchmod(descriptor, 0o600)
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    os.replace(temporary, path)
    if os.name == "posix":
        folder = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


def _discard(temporary: Path) -> None:
    with contextlib.suppress(OSError):
        temporary.unlink()


def _remove_stale_temporaries(directory: Path) -> None:
    """Remove temporary files that a stopped build left (Ctrl-C, kill -9, a power cut):
    this user's, whose process is gone or which are older than STALE_SECONDS."""
    now = time.time()
    for entry in directory.glob(".library-*.sqlite.*.tmp"):
        pid = entry.name.rsplit(".", 2)[-2]
        with contextlib.suppress(OSError):
            status = os.lstat(entry)
            if not stat.S_ISREG(status.st_mode) or (
                os.name == "posix" and status.st_uid != os.getuid()
            ):
                continue
            if now - status.st_mtime > STALE_SECONDS or not _running(pid):
                entry.unlink()


def _running(pid: str) -> bool:
    """Whether the process with this id (from a temporary file's name) may still be writing."""
    if not pid.isdigit() or int(pid) == os.getpid():
        return pid.isdigit()
    if os.name != "posix":  # os.kill would end the process there: trust the age alone
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def made_by_learnref(path: Path) -> bool:
    """Whether a file is a cache file learnref wrote: this user's regular file, a SQLite
    database whose header carries learnref's application id and which has the meta table."""
    if not _trusted_file(path):
        return False
    try:
        with path.open("rb") as file:
            header = file.read(100)
        if header[:16] != b"SQLite format 3\0" or header[68:72] != MARKER:
            return False
        db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=LOCK_WAIT)
        try:
            return db.execute("SELECT 1 FROM meta WHERE key = 'key'").fetchone() is not None
        finally:
            db.close()
    except (sqlite3.Error, OSError):
        return False


def _prune(directory: Path, keep: Path) -> None:
    """Remove all but the most recently used cache files; never a file learnref did not
    make, whatever its name."""
    with contextlib.suppress(OSError):
        files = sorted(
            (
                entry
                for entry in directory.glob("library-*.sqlite")
                if entry != keep and made_by_learnref(entry)
            ),
            key=lambda entry: entry.stat().st_mtime,
            reverse=True,
        )
        for old in files[CACHE_FILES_KEPT - 1 :]:
            old.unlink()
