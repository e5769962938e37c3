"""On-disk stores: recognise one, open it, say plainly when it is damaged, one writer at a time.

An Oxigraph store is a RocksDB folder (``CURRENT``, ``MANIFEST-*``, ``*.sst``). RocksDB reports
damage as ``RuntimeError: Corruption: ...`` when the store is opened or read; kg turns that into
one line that says the store needs rebuilding. ``kg load`` takes a lock file beside the store so
a second load into the same store is refused instead of racing the first, and removes the
temporary folders of loads that were killed before they could clean up.
"""

from __future__ import annotations

import contextlib
import os
import re

import pyoxigraph as ox

from ..errors import InputError, KgError


class Terminated(KgError):
    """SIGTERM arrived during a load: raised so the load can clean up, then reported."""

    exit_code = 143  # 128 + SIGTERM, as shells report it


def is_store(folder: str | os.PathLike) -> bool:
    """Does ``folder`` hold a RocksDB (Oxigraph) store? It has a ``CURRENT`` file."""
    return os.path.isfile(os.path.join(folder, "CURRENT"))


def damaged(folder: str | os.PathLike, exc: BaseException) -> InputError:
    """The one line for a store RocksDB finds corrupt.

    >>> str(damaged("db", RuntimeError("Corruption: CURRENT file corrupted")))
    'db: the store is damaged (Corruption: CURRENT file corrupted); it needs rebuilding: load \
the files again with kg load into a new folder'
    """
    reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    reason = re.sub(r"\s+The file \S+ may be corrupted\.?", "", reason).strip()
    reason = re.sub(r"\s+", " ", reason)
    if len(reason) > 140:
        reason = reason[:137] + "..."
    return InputError(f"the store is damaged ({reason}); it needs rebuilding: load the files "
                      "again with kg load into a new folder", source=str(folder))


def is_damage(exc: BaseException) -> bool:
    return isinstance(exc, RuntimeError) and "Corruption" in str(exc)


def open_disk(folder: str | os.PathLike, read_only: bool = False) -> ox.Store:
    """Open the store in ``folder``; a folder that is not a store, a damaged or a locked store
    is an :class:`InputError` / :class:`KgError` with one line."""
    if os.path.isdir(folder) and any(os.scandir(folder)) and not is_store(folder):
        raise InputError("this folder is not an Oxigraph store (it has no CURRENT file); give "
                         "--store a new or empty folder, or one made by kg load",
                         source=str(folder))
    try:
        return ox.Store.read_only(str(folder)) if read_only else ox.Store(str(folder))
    except RuntimeError as exc:
        raise damaged(folder, exc) from None
    except OSError as exc:
        raise KgError(f"{folder}: cannot open the store ({str(exc).splitlines()[0]}); "
                      "is another process (oxigraph serve, kg) using it?") from None


TYPE_CHECKING = False  # pathlib is imported by kg load only: `kg query` starts without it
if TYPE_CHECKING:
    from pathlib import Path


@contextlib.contextmanager
def writer_lock(target: Path):
    """Hold the lock of ``target`` (another kg load of it is refused) and, holding it, remove
    the work folders of earlier loads of ``target`` that were killed."""
    import fcntl
    import shutil

    lock_path = target.parent / f".{target.name}.kg-lock"
    handle = open(lock_path, "a+")  # noqa: SIM115 - closed below
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise KgError(f"{target}: another kg load is writing this store; run this one again "
                          "when it has finished") from None
        for stale in target.parent.glob(f".{target.name}.loading-*"):
            shutil.rmtree(stale, ignore_errors=True)  # only a killed load leaves these
        yield
    finally:
        with contextlib.suppress(OSError):
            lock_path.unlink()
        handle.close()


@contextlib.contextmanager
def sigterm_raises():
    """Within the block, SIGTERM raises :class:`Terminated` (so ``finally`` clauses run)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminate(signum, frame):
        raise Terminated("terminated (SIGTERM)")

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
