"""The ``kg`` command.

:func:`main` hands the plain forms of ``kg query`` and ``kg export`` to a parser that needs
no Click (:mod:`kg.cli.fast`), because importing Click costs ~30 ms of every start, more than
loading the bundled graph and running a query together; everything else goes to the Click group
in :mod:`kg.cli.root`.
"""

from __future__ import annotations

import sys


def main() -> None:
    """Entry point of the ``kg`` console script."""
    from .fast import run_plain

    code = run_plain(sys.argv[1:])
    if code is not None:
        sys.exit(code)
    from .root import cli

    cli(prog_name="kg")


def __getattr__(name: str):
    """``from kg.cli import cli`` imports the Click group (and Click) only when asked for."""
    if name == "cli":
        from .root import cli

        return cli
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
