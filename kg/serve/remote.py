"""An external SPARQL endpoint behind the same pages and protocol (``kg serve --endpoint``).

Placeholder until the endpoint mode is written: it refuses clearly.
"""

from __future__ import annotations

from ..errors import UsageError


class RemoteStore:
    def __init__(self, endpoint: str, timeout: float = 10.0):
        raise UsageError("--endpoint is not supported yet")
