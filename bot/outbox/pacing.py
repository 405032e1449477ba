"""Spacing Bot API calls so that no sliding second ever holds more than the limit."""

from __future__ import annotations

import asyncio
import math
import time
from collections import deque
from collections.abc import Awaitable, Callable

# Aim a little below the limit, and count the limit over a little more than a second: the
# time from here to Telegram varies from call to call, and must not squeeze more calls
# than allowed into one second there.
HEADROOM = 0.97
WINDOW = 1.02  # seconds
# A call that comes late (a slow database round trip) is followed by quicker ones until
# the schedule is met again, as far as the window allows; but no more than this much
# lateness is made up, and a longer pause is idleness, which must not turn into a burst.
CATCH_UP = 0.25  # seconds


class Pacer:
    """Calls evenly spread at just under `per_second`, and never more than `per_second`
    of them in any `WINDOW`, counted over the last calls' actual start times."""

    def __init__(
        self,
        per_second: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._clock = clock
        self._sleep = sleep
        self._interval = 1 / (per_second * HEADROOM)
        self._recent: deque[float] = deque(maxlen=max(1, math.floor(per_second)))
        self._slot = -math.inf

    async def wait(self) -> None:
        now = self._clock()
        if self._recent and now - self._recent[-1] > CATCH_UP:
            self._slot = now - self._interval  # after an idle spell, a fresh schedule
        self._slot = max(self._slot + self._interval, now - CATCH_UP)
        start = self._slot
        if len(self._recent) == self._recent.maxlen:
            start = max(start, self._recent[0] + WINDOW)
        if start > now:
            await self._sleep(start - now)
        self._recent.append(self._clock())
