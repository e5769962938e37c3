"""Where a command's result goes: ``-o FILE`` (whole or not at all), ``-o -`` or no ``-o``: stdout.

Every command that writes a result calls :func:`write_output`, so ``-o -`` and ``-o FILE`` mean
the same thing everywhere.
"""

from __future__ import annotations

import sys


def to_stdout(output: str | None) -> bool:
    """True when the result goes to stdout: no ``-o``, or ``-o -``."""
    return output is None or output == "-"


def require_format_on_stdout(output: str | None, fmt: str | None) -> None:
    """``-o -`` names no extension to take the format from: ``--format`` must say it."""
    if output == "-" and fmt is None:
        from ..errors import UsageError

        raise UsageError("The --format option must be set when writing to stdout (-o -).")


def write_output(output: str | None, data: bytes) -> None:
    """Write ``data`` to the file ``output`` atomically, or to stdout for ``None`` and ``-``."""
    if to_stdout(output):
        stream = sys.stdout.buffer if hasattr(sys.stdout, "buffer") else None
        if stream is None:  # a test harness' text stream
            sys.stdout.write(data.decode("utf-8"))
        else:
            stream.write(data)
        sys.stdout.flush()
        return
    from ..atomic import atomic_write

    atomic_write(output, data)
