"""Values derived once from a registry object and reused for every article.

A build runs inference on tens of thousands of articles with the same registries. Keying a
cache on the registry's value would hash every entry on every call (more work than the
derived table saves), so the memo is keyed on identity and holds the object it was built
from, which keeps the identity from being reused while the entry lives.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class IdentityMemo(Generic[K, V]):
    """``memo(obj)`` is ``build(obj)``, computed once per object (a few objects kept)."""

    def __init__(self, build: Callable[[K], V], size: int = 8) -> None:
        self._build = build
        self._size = size
        self._entries: dict[int, tuple[K, V]] = {}

    def __call__(self, key: K) -> V:
        hit = self._entries.get(id(key))
        if hit is not None and hit[0] is key:
            return hit[1]
        value = self._build(key)
        if len(self._entries) >= self._size:
            self._entries.pop(next(iter(self._entries)))
        self._entries[id(key)] = (key, value)
        return value
