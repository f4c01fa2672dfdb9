"""Writing an output file safely: never over an existing file unless asked, never half-done.

The text goes to a temporary file in the destination's folder, is flushed to disk, and is
then renamed over the destination with `os.replace`, which is atomic on one file system:
a reader, or a person whose export was interrupted, sees the old file or the new one,
never a partial one.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

from .errors import OutputError, os_reason
from .quoting import printable


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _mode_for(path: Path) -> int:
    """The existing file's permissions when replacing it, else what a new file gets."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        return 0o666 & ~_umask()


def _elsewhere(option: str | None) -> str:
    return f"choose another place with {option}" if option else "choose another name"


def check_writable(path: Path, *, force: bool, option: str | None = None) -> None:
    """Refuse a destination that is a folder, in a missing folder, or exists without force.

    `option` names the option the path was given with (--output), for the hints.
    """
    folder = path.parent
    if path.is_dir():
        raise OutputError(
            f"Cannot write '{printable(str(path))}': it is a folder.",
            f"Give a file name, for example {option or 'learnref init'} "
            + printable(str(path / ("learnref-export.html" if option else "my-briefing.yaml"))),
        )
    if not folder.is_dir():
        raise OutputError(
            f"Cannot write '{printable(str(path))}': the folder '{printable(str(folder))}' "
            "does not exist.",
            f"Create the folder first, or {_elsewhere(option)}.",
        )
    kind = _special_kind(path)
    if kind:
        raise OutputError(
            f"Cannot write '{printable(str(path))}': it is {kind}, not a file, "
            "and learnref replaces only files.",
            f"Nothing was written; {_elsewhere(option)}.",
        )
    if (path.exists() or path.is_symlink()) and not force:
        raise OutputError(
            f"'{printable(str(path))}' already exists, "
            "and learnref does not replace files unasked.",
            "Add --force to replace it, or choose another name"
            + (f" with {option}." if option else "."),
        )


def write_file(
    path: Path,
    text: str,
    *,
    force: bool = False,
    option: str | None = None,
    make_folder: bool = False,
) -> None:
    """Write `text` as UTF-8 to `path` atomically, never over an existing file unless
    `force`; `make_folder` creates missing folders first. OutputError says why it cannot."""
    try:
        if make_folder:
            path.absolute().parent.mkdir(parents=True, exist_ok=True)
        if _is_device_or_pipe(path):  # /dev/stdout, a FIFO: stream there, never replace it
            with open(path, "wb") as stream:
                stream.write(text.encode("utf-8"))
            return
        check_writable(path, force=force, option=option)
        write_atomically(path, text.encode("utf-8"))
    except OSError as error:
        raise OutputError(
            f"Cannot write '{printable(str(path))}': {os_reason(error)}.",
            "Nothing was written."
            + (
                f" Choose another place with {option}, or fix the folder's permissions."
                if option
                else ""
            ),
        ) from None


def _special_kind(path: Path) -> str | None:
    """What `path` is when it exists as neither a regular file, a folder, a symbolic link,
    a device nor a pipe (a socket): something --force must never replace."""
    try:
        mode = path.lstat().st_mode
    except OSError:
        return None
    if stat.S_ISSOCK(mode):
        return "a socket"
    ordinary = (stat.S_ISREG, stat.S_ISLNK, stat.S_ISDIR, stat.S_ISCHR, stat.S_ISBLK, stat.S_ISFIFO)
    if any(test(mode) for test in ordinary):
        return None
    return "a special file"  # pragma: no cover - doors and event ports: not on Linux


def _is_device_or_pipe(path: Path) -> bool:
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISFIFO(mode)


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, then rename it over `path`: the old
    file or the new one, never half of one. OSError when it cannot; nothing is left behind."""
    mode = _mode_for(path)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            try:
                os.fsync(stream.fileno())
            except OSError as error:  # some file systems cannot sync; the rename still holds
                if error.errno not in (errno.EINVAL, errno.ENOTSUP):
                    raise
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
