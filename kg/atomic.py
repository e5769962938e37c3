"""Write a file whole or not at all, as the user's shell would expect of ``> FILE``.

A regular file is replaced through a temporary file in the same folder and a rename, so a reader
never sees it half-written and a failed write leaves the old file as it was. What a rename would
break is handled as the shell does: a device or a FIFO (``-o /dev/null``) is written through, a
symbolic link is followed to its target (the link stays a link), a file the user may not write is
refused, and a new file gets the mode the umask allows (an existing one keeps its own).
"""

from __future__ import annotations

import os
import stat

from .errors import InputError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to ``path``; see the module docstring for devices, links and modes.

    :raises kg.errors.InputError: the path is a folder, is not writable, or the disk is full;
        the old file, if any, is left as it was.
    """
    import contextlib
    import tempfile  # only writers need it; it costs ~3 ms at start-up

    shown = os.fspath(path)
    target = os.path.realpath(shown)  # a symlink is followed: its target is what gets written
    try:
        info = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), source=shown) from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise InputError("is a folder: name a file to write", source=shown)
    if info is not None and not stat.S_ISREG(info.st_mode):
        _write_through(target, shown, data)  # a device, FIFO or socket: never replace it
        return
    if info is not None and not _writable(target, info):
        raise InputError("permission denied: the file is read-only", source=shown)
    directory, name = os.path.split(target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=directory or ".")
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), source=shown) from None
    try:
        mode = stat.S_IMODE(info.st_mode) if info is not None else 0o666 & ~_umask()
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise InputError(exc.strerror or str(exc), source=shown) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _writable(path: str, info: os.stat_result) -> bool:
    # root may write anything; a file whose every write bit is off is still meant to be kept
    return os.access(path, os.W_OK) and bool(info.st_mode & 0o222)


def _write_through(target: str, shown: str, data: bytes) -> None:
    try:
        with open(target, "wb") as handle:
            handle.write(data)
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), source=shown) from None
