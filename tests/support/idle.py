"""Proving the in-process bot idle, and running its clock through `wait:` steps.

The bot is idle when the emulator holds no update it has not confirmed (the bot confirms
an update only once it and every update before it are handled, `bot.telegram.lanes`) and
its outbox has nothing being sent and nothing due. Messages due later (a flow's
`wait:` pauses) need no real waiting: the bot's clock is moved to the next due time and
the sender woken, exactly as if that time had come.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import select

from bot.outbox.queue import OPEN_STATUSES
from bot.runtime import Assembly
from bot.sandbox.changes import ChangeFeed
from bot.sandbox.world import World
from bot.storage.inline import inline_all
from bot.storage.models import OutboxMessage, OutboxStatus

# Between changes the emulator sees, look at the outbox this often: a row's status changes
# in the database only.
POLL_SECONDS = 0.01
# The longest pause moved through at once; anything later (none of the flows waits so
# long) is left to real time, so a test never leaps over hours of the bot's life.
LONGEST_SKIP = timedelta(minutes=10)


class OutboxIdleness:
    def __init__(self, world: World, assembly: Assembly, polling: asyncio.Task[None]) -> None:
        self._world = world
        self._assembly = assembly
        self._polling = polling

    async def settle(self, timeout: float) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        feed = self._world.feed
        while True:
            if self._polling.done():
                # The bot has stopped: say why (its exception), rather than time out.
                self._polling.result()
                raise RuntimeError("the bot stopped polling")
            seen = feed.version
            if not self._world.updates.pending:
                busy, later = await self._outbox()
                if not busy and later is None:
                    return
                if not busy and later is not None:
                    self._skip_to(later)
                    continue
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError("the bot did not go idle")
            await feed.wait_for(_changed_since(feed, seen), min(POLL_SECONDS, remaining))

    async def _outbox(self) -> tuple[bool, datetime | None]:
        """(something being sent or due now, when the next later row is due)."""
        now = self._assembly.clock.now()
        # One statement, so one snapshot: asked one after the other, "anything sending?"
        # and "anything pending?" could both miss a row the sender claims in between.
        async with self._assembly.sessionmaker() as db:
            rows = (
                await db.execute(
                    select(OutboxMessage.status, OutboxMessage.not_before).where(
                        OutboxMessage.status.in_(inline_all(OPEN_STATUSES))
                    )
                )
            ).all()
        if any(status == OutboxStatus.SENDING or due <= now for status, due in rows):
            return True, None
        later = min((due for _, due in rows), default=None)
        if later is not None and later - now <= LONGEST_SKIP:
            return False, later
        return False, None

    def _skip_to(self, moment: datetime) -> None:
        clock = self._assembly.clock
        clock.advance(max(moment - clock.now(), timedelta(0)))
        self._assembly.sender.wake()


def _changed_since(feed: ChangeFeed, seen: int) -> Callable[[], bool]:
    return lambda: feed.version != seen
