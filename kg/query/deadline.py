"""Run a local query under a deadline, stoppable with Ctrl-C, within a memory budget.

pyoxigraph releases the GIL while it evaluates (each ``__next__`` of a result runs detached), but
the main thread only sees Ctrl-C between two Python bytecodes, so a long ``COUNT`` over a
cartesian product would ignore Ctrl-C until it finished. The query therefore runs in a daemon
worker thread; the main thread waits on an event, which Ctrl-C and the deadline both interrupt.
The worker checks a stop flag between rows, and a single long step left behind is abandoned
(the command exits). pyoxigraph has no query timeout in its Python API (oxigraph issue 1926).

Rows are counted against a budget (an estimate of the memory they take, capped at a quarter of
the memory available when the query starts), so a result too large to hold is refused with a
message instead of an abort by the kernel.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable

from ..errors import QueryError

# bytes a term costs besides its text: the pyoxigraph object, the tuple slot, the rendering
TERM_OVERHEAD = 160
BUDGET_ENV = "KG_QUERY_MAX_MB"


class Stop(Exception):
    """Raised inside the worker when the caller gave up (deadline or Ctrl-C)."""


class Budget:
    """Counts the estimated bytes of a result; raises once past ``limit``."""

    def __init__(self, limit: int, source: str, stop: threading.Event | None = None):
        self.limit, self.source, self.used, self.rows = limit, source, 0, 0
        self.stop = stop or threading.Event()

    def add(self, terms) -> None:
        """Count one row; past the first 1,024, one row in 16 is measured and counts for 16
        (reading a term's text copies it out of the engine: measuring every row cost ~2.5 us)."""
        self.rows += 1
        if self.rows > 1024:
            if self.rows & 15:
                return
            weight = 16
        else:
            weight = 1
        if self.stop.is_set():
            raise Stop
        size = 0
        for term in terms:
            size += TERM_OVERHEAD + len(getattr(term, "value", "") or "") if term is not None \
                else TERM_OVERHEAD
        self.used += size * weight
        if self.used > self.limit:
            raise QueryError(f"the result is too large to hold in memory (over {self.rows:,} "
                             f"rows, about {self.used // 2**20:,} MB; limit {self.limit // 2**20:,}"
                             f" MB, ${BUDGET_ENV}): add LIMIT or narrow the query",
                             source=self.source)


def default_limit() -> int:
    """A quarter of the memory available now (``$KG_QUERY_MAX_MB`` overrides it)."""
    value = os.environ.get(BUDGET_ENV, "")
    if value:
        try:
            return max(1, int(float(value) * 2**20))
        except ValueError:
            pass
    try:
        available = os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        available = 8 * 2**30
    return max(64 * 2**20, available // 4)


QUERY_ADVICE = "add LIMIT, narrow the pattern, or allow more time"


def run(work: Callable[[Budget], object], timeout: float | None, source: str,
        limit: int | None = None, task: str = "the query", advice: str = QUERY_ADVICE):
    """``work(budget)`` in a worker thread; its result, or its exception, re-raised here.

    :param timeout: seconds before giving up (None or 0: no deadline).
    :param task: what did not finish, and ``advice`` what to do, in the deadline's message.
    :raises QueryError: the deadline passed.
    :raises KeyboardInterrupt: Ctrl-C while waiting (the worker is told to stop).
    """
    budget = Budget(limit if limit is not None else default_limit(), source)
    done = threading.Event()
    outcome: dict = {}

    def target() -> None:
        try:
            outcome["value"] = work(budget)
        except BaseException as exc:  # handed to the waiting thread, without its frames:
            # they hold pyoxigraph's result iterator, which must be dropped in this thread
            exc.__traceback__ = exc.__context__ = exc.__cause__ = None
            outcome["error"] = exc
        finally:
            done.set()

    worker = threading.Thread(target=target, name="kg-query", daemon=True)
    worker.start()
    try:
        finished = done.wait(timeout if timeout else None)
    except BaseException:
        budget.stop.set()
        raise
    if not finished:
        budget.stop.set()
        raise QueryError(f"{task} did not finish within {timeout:g} s (--timeout); {advice}",
                         source=source)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
