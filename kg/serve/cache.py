"""Least-recently-used caches for what the server computes once: the data never changes while
it is served, so a page or an answer made once is the same the next time."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable


class LruCache:
    """Values by key, the least recently used dropped first, bounded by count or by bytes.

    ``size_of(key, value)`` measures an entry when ``max_bytes`` bounds the cache; an entry over
    ``max_entry`` bytes is not kept. A bound of 0 keeps nothing.

    >>> cache = LruCache(max_items=1)
    >>> cache.put("a", 1); cache.put("b", 2); cache.get("a"), cache.get("b")
    (None, 2)
    >>> sized = LruCache(max_bytes=3, size_of=lambda key, value: len(value))
    >>> sized.put("a", "xx"); sized.put("b", "yy"); sized.get("a"), sized.get("b")
    (None, 'yy')
    """

    def __init__(self, max_items: int | None = None, max_bytes: int | None = None,
                 size_of: Callable[[object, object], int] | None = None,
                 max_entry: int | None = None):
        self.max_items, self.max_bytes, self.max_entry = max_items, max_bytes, max_entry
        self._size_of = size_of or (lambda key, value: 0)
        self._items: OrderedDict = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            item = self._items.get(key)
            if item is not None:
                self._items.move_to_end(key)
            return item

    def put(self, key, value) -> None:
        size = self._size_of(key, value)
        bounds = [b for b in (self.max_bytes, self.max_entry) if b is not None]
        if self.max_items == 0 or (bounds and size > min(bounds)):
            return
        with self._lock:
            if key in self._items:
                return
            self._items[key] = value
            self._bytes += size
            while ((self.max_items is not None and len(self._items) > self.max_items)
                   or (self.max_bytes is not None and self._bytes > self.max_bytes)):
                old_key, old = self._items.popitem(last=False)
                self._bytes -= self._size_of(old_key, old)
