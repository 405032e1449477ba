"""Updates handled concurrently across chats, one at a time and in order within a chat.

Handled one after another, one slow update (a database retry, a long flow) held up every
other person, and the whole bot ran at the speed of one transaction at a time. Here each
chat has a lane: a queue with one worker, so a chat's updates keep the order Telegram
gave them while other chats' updates go ahead.

An update is confirmed to Telegram (the `getUpdates` offset) only once it and every update
before it have been handled: the offset is the lowest update id still queued or running.
A crash therefore loses nothing; what Telegram delivers again is either not handled yet
or recorded as handled (`bot.domain.updates`), and then changes nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import heapq
import itertools
from collections import deque
from collections.abc import Awaitable, Callable, Hashable

from aiogram.dispatcher.middlewares.user_context import UserContextMiddleware
from aiogram.types import Update

Handle = Callable[[Update], Awaitable[object]]
# Whether an update must be handled before those waiting (someone at risk, say).
Urgent = Callable[[Update], bool]

# Updates handled at once, across lanes. Each holds a database connection, and the pool
# has 5 plus 10 more under load: unbounded, a burst of chats took them all and the
# sender, which turns handled updates into replies, queued for a connection behind every
# update still waiting (replies took 20 s at 100 updates a second). Beyond a few at once
# nothing is gained: on SQLite one writes at a time.
RUNNING_AT_ONCE = 8
# Updates that name neither a chat nor a person (polls, say) share one lane.
_NOWHERE = ("nowhere",)


def lane_of(update: Update) -> Hashable:
    """The chat an update belongs to; the person, for those without a chat (inline
    queries)."""
    context = UserContextMiddleware.resolve_event_context(update)
    if context.chat is not None:
        return ("chat", context.chat.id)
    if context.user is not None:
        return ("user", context.user.id)
    return _NOWHERE


class Turns:
    """At most `size` updates handled at once; while all turns are taken, an urgent update
    gets the next one before the others waiting, which keep their order. Whether an
    update is urgent is asked only when it has to wait, since asking costs a screening."""

    def __init__(self, size: int) -> None:
        self._free = size
        self._waiting: list[tuple[int, int, asyncio.Future[None]]] = []
        self._arrivals = itertools.count()

    async def take(self, urgent: Callable[[], bool]) -> None:
        if self._free > 0 and not self._waiting:
            self._free -= 1
            return
        turn = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiting, (0 if urgent() else 1, next(self._arrivals), turn))
        try:
            await turn
        except asyncio.CancelledError:
            if turn.done() and not turn.cancelled():
                self.give()  # given a turn, but stopped before using it
            raise

    def give(self) -> None:
        while self._waiting:
            *_, turn = heapq.heappop(self._waiting)
            if not turn.done():
                turn.set_result(None)
                return
        self._free += 1


class Lanes:
    def __init__(
        self,
        handle: Handle,
        running_at_once: int = RUNNING_AT_ONCE,
        urgent: Urgent | None = None,
    ) -> None:
        self._handle = handle
        self._turns = Turns(running_at_once)
        self._urgent = urgent
        self._queues: dict[Hashable, deque[Update]] = {}
        self._workers: set[asyncio.Task[None]] = set()
        # Every update taken in and not yet handled, queued or running.
        self._open: set[int] = set()
        # Every update taken in and not yet confirmed: Telegram sends these again. Kept
        # as a set, not as the highest id: after a week without updates Telegram may
        # number the next one below the last.
        self._unconfirmed: set[int] = set()
        self._last: int | None = None
        # Set whenever an update has been handled.
        self._progress = asyncio.Event()

    def taken(self, update_id: int) -> bool:
        """Whether the update was taken before and is not confirmed yet (Telegram sends it
        again until it is)."""
        return update_id in self._unconfirmed

    def take(self, update: Update) -> None:
        """Queue `update` on its chat's lane, unless it was taken before (Telegram
        delivers an update again until it is confirmed)."""
        if self.taken(update.update_id):
            return
        self._last = update.update_id
        self._unconfirmed.add(update.update_id)
        self._open.add(update.update_id)
        key = lane_of(update)
        queue = self._queues.get(key)
        if queue is not None:
            queue.append(update)
            return
        self._queues[key] = deque([update])
        worker = asyncio.create_task(self._work(key), name="update-lane")
        self._workers.add(worker)
        worker.add_done_callback(self._workers.discard)

    @property
    def offset(self) -> int | None:
        """The `getUpdates` offset that confirms everything handled and nothing else."""
        if self._open:
            return min(self._open)
        return None if self._last is None else self._last + 1

    def confirmed(self, offset: int | None) -> None:
        """Telegram was sent `offset`: it will not send the updates before it again."""
        if offset is not None:
            self._unconfirmed = {n for n in self._unconfirmed if n >= offset or n in self._open}

    @property
    def busy(self) -> bool:
        return bool(self._open)

    @property
    def in_hand(self) -> int:
        """Updates taken in and not yet handled: Telegram sends each again with every
        answer until the offset passes it."""
        return len(self._open)

    async def moved(self, offset: int | None, longest: float) -> None:
        """Return once the offset is no longer `offset` (the earliest update in hand has
        been handled), or after `longest` seconds."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(longest):
                while self.offset == offset:
                    self._progress.clear()
                    await self._progress.wait()

    def _is_urgent(self, update: Update) -> bool:
        return self._urgent is not None and self._urgent(update)

    async def close(self) -> None:
        """Stop handling: what is still queued or running stays unconfirmed, so Telegram
        delivers it again to the next start."""
        for worker in list(self._workers):
            worker.cancel()
        for worker in list(self._workers):
            with contextlib.suppress(asyncio.CancelledError):
                await worker

    async def _work(self, key: Hashable) -> None:
        queue = self._queues[key]
        try:
            while queue:
                update = queue[0]
                await self._turns.take(functools.partial(self._is_urgent, update))
                try:
                    await self._handle(update)
                finally:
                    self._turns.give()
                queue.popleft()
                self._open.discard(update.update_id)
                self._progress.set()
        finally:
            if self._queues.get(key) is queue:
                del self._queues[key]
