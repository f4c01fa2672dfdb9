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


def _failure(error: OSError, path: Path) -> OutputError:
    return OutputError(
        f"Cannot write '{path}': {os_reason(error)}.",
        "Nothing was written. Choose another place with --output, or fix the folder's permissions.",
    )


def check_writable(path: Path, *, force: bool) -> None:
    """Refuse a destination that is a folder, in a missing folder, or exists without force."""
    folder = path.parent
    if path.is_dir():
        raise OutputError(
            f"Cannot write '{path}': it is a folder.",
            f"Give a file name, for example --output {path / 'learnref-export.html'}",
        )
    if not folder.is_dir():
        raise OutputError(
            f"Cannot write '{path}': the folder '{folder}' does not exist.",
            "Create the folder first, or choose another place with --output.",
        )
    if (path.exists() or path.is_symlink()) and not force:
        raise OutputError(
            f"'{path}' already exists, and learnref does not replace files unasked.",
            "Add --force to replace it, or choose another name with --output.",
        )


def write_file(path: Path, text: str, *, force: bool = False) -> None:
    """Write `text` as UTF-8 to `path` atomically; OutputError says why when it cannot."""
    check_writable(path, force=force)
    try:
        if _is_device_or_pipe(path):  # /dev/null, a FIFO: renaming over it would replace it
            with open(path, "wb") as stream:
                stream.write(text.encode("utf-8"))
            return
        write_atomically(path, text.encode("utf-8"))
    except OSError as error:
        raise _failure(error, path) from None


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
