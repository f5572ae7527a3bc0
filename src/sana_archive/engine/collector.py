"""[process] The cyclic garbage collector during a build.

A build holds a few million long-lived objects (every cached article, the site model,
the memos) and makes almost no reference cycles: the collector's full passes, set off
each time the heap grows by a quarter, re-walk all of them for nothing. At 30,000
statements they were a quarter of a one-article edit's CPU time. So bulk loads pause it,
and what a build has loaded is frozen: never walked again, still freed by reference
counting, and handed back to the collector when the build ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for a bulk load that makes no cycles: left on,
    it re-traverses the objects as they arrive (60% of loading 30,000 cached articles,
    most of loading the view keys). What was loaded is frozen before the collector is on
    again: else its first pass, at the next allocation, walks all of it once more."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_on:
            gc.enable()


@contextmanager
def collector_for_build() -> Iterator[None]:
    """Around a whole build: what ``settle`` froze is unfrozen again at the end, so a
    long-running ``serve`` still finds garbage among it."""
    try:
        yield
    finally:
        gc.unfreeze()


def settle() -> None:
    """What the build has loaded so far is kept until it ends: never walk it again."""
    gc.freeze()
