"""A version counter that coroutines can wait on.

Mutations happen both in request handlers and in synchronous test set-up code
(`emulator.add_user(...)`), where the lock of an `asyncio.Condition` cannot be taken.
So `bump()` is synchronous: it wakes every waiter by setting the current event and
installing a fresh one; waiters re-check their predicate, exactly as with
`Condition.wait_for`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable


class ChangeFeed:
    def __init__(self) -> None:
        self.version = 0
        self.closed = False
        self._event = asyncio.Event()

    def bump(self) -> int:
        self.version += 1
        event, self._event = self._event, asyncio.Event()
        event.set()
        return self.version

    def close(self) -> None:
        """End every wait now, so that shutdown never waits out a long poll."""
        self.closed = True
        self.bump()

    async def wait_for(self, predicate: Callable[[], bool], timeout: float) -> bool:
        """Wait until `predicate()` holds or `timeout` seconds pass; return the predicate."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not predicate():
            if self.closed:
                return False
            remaining = deadline - loop.time()
            if remaining <= 0:
                return False
            try:
                await asyncio.wait_for(self._event.wait(), remaining)
            except TimeoutError:
                return predicate()
        return True
