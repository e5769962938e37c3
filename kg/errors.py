"""The one small error hierarchy: every failure the CLI reports maps to one class and one exit code.

Exit codes are a documented contract (README, ``kg --help``):
0 ok / conforms; 1 ran, but the data failed checks; 2 usage error; 3 could not run;
130 interrupted (Ctrl-C), as shells report a command ended by SIGINT.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILED_CHECKS = 1
EXIT_USAGE = 2
EXIT_CANNOT_RUN = 3
EXIT_INTERRUPTED = 130
#: What every command prints on Ctrl-C, instead of a traceback.
INTERRUPTED_MESSAGE = "kg: interrupted"


class KgError(Exception):
    """Base class: a failure with a one-line message for stderr and an exit code."""

    exit_code = EXIT_CANNOT_RUN

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(KgError):
    """The command was called wrongly (bad option value, unknown name, missing parameter)."""

    exit_code = EXIT_USAGE


class InputError(KgError):
    """An input could not be read or parsed; ``location`` is ``file:line:col`` where known."""

    def __init__(self, reason: str, source: str = "", line: int | None = None,
                 column: int | None = None):
        self.source, self.line, self.column, self.reason = source, line, column, reason
        where = source
        if line is not None:
            where += f":{line}" + (f":{column}" if column is not None else "")
        super().__init__(f"{where}: {reason}" if where else reason)


class QueryError(InputError):
    """A SPARQL query is malformed or failed to run (``query:line:col: reason``)."""


class EndpointError(KgError):
    """A remote endpoint could not be reached or gave an answer that is not a valid result."""


class NothingToDraw(KgError):
    """The data lacks what a picture needs (no dates, no figures, no coordinates...): exit 3.

    The message names what is missing, so the user knows what to add.
    """
