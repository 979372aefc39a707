"""Answers to questions asked before, remembered per loaded index version.

An engine answers the same question with the same options the same way (its index does not
change once loaded: a new version is a new engine), so the service serves a repeated question
from here in microseconds instead of embedding and retrieving again.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")


class ResultMemo:
    """The last ``size`` results by key (least recently used dropped), safe across threads."""

    def __init__(self, size: int = 1024) -> None:
        self.size = size
        self._results: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_make(self, key: Hashable, make: Callable[[], T]) -> T:
        """The remembered result for ``key``, else ``make()`` (remembered if it returns)."""
        with self._lock:
            if key in self._results:
                self._results.move_to_end(key)
                return self._results[key]  # type: ignore[return-value]
        result = make()
        with self._lock:
            self._results[key] = result
            while len(self._results) > self.size:
                self._results.popitem(last=False)
        return result
