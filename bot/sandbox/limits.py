"""Telegram's flood limits, enforced by the emulator when asked, and what it delivered.

Only calls that put a new message into a chat count (`RATE_LIMITED_METHODS`). Edits,
deletions and callback answers change or acknowledge what is already there; Telegram
does not meter them against the per-second message limits, so neither do we.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

# Lower case, like the keys of `methods.METHODS`. Any send*, copyMessage or forwardMessage
# method the emulator learns later belongs here too.
RATE_LIMITED_METHODS = frozenset({"sendmessage"})

_WINDOW = 1.0  # seconds: the overall limit is counted over any sliding window this long
_EPSILON = 1e-9  # float slack, so a bucket refilled to 0.9999999999 still counts as full


@dataclass(frozen=True)
class RateLimits:
    """Telegram's documented limits: about 30 messages/s overall, 1/s per chat.

    `per_second` messages at most in any sliding 1-second window, across all chats; per
    chat, a token bucket holding up to `chat_burst` messages and refilling at
    `per_chat_per_second`.
    """

    per_second: int = 30
    per_chat_per_second: float = 1.0
    chat_burst: int = 3

    def __post_init__(self) -> None:
        if self.per_second < 1 or self.chat_burst < 1 or self.per_chat_per_second <= 0:
            raise ValueError("rate limits must allow at least one message")


@dataclass
class RateStats:
    """What the emulator delivered and refused, on its monotonic clock, for benchmarks."""

    delivered: int = 0
    first_delivered_at: float | None = None
    last_delivered_at: float | None = None
    throttled_at: list[float] = field(default_factory=list)  # one entry per 429 answered

    def throttled_after(self, seconds: float) -> int:
        """How many 429s came more than `seconds` after the first delivered message."""
        if self.first_delivered_at is None:
            return len(self.throttled_at)
        start = self.first_delivered_at + seconds
        return sum(1 for at in self.throttled_at if at > start)


@dataclass
class _Bucket:
    tokens: float
    updated_at: float


class RateLimiter:
    """Decides whether a message may go now; with `limits=None` it only keeps `stats`."""

    def __init__(
        self, limits: RateLimits | None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limits = limits
        self.stats = RateStats()
        self._clock = clock
        self._recent: deque[float] = deque()  # delivery times inside the current window
        self._buckets: dict[str, _Bucket] = {}

    def admit(self, chat_id: str) -> int | None:
        """None if a message to `chat_id` may be delivered now; otherwise the whole
        seconds to wait (at least 1), and the refusal is counted in `stats`."""
        if self.limits is None:
            return None
        now = self._clock()
        wait = max(self._overall_wait(self.limits, now), self._chat_wait(self.limits, chat_id, now))
        if wait <= 0:
            return None
        self.stats.throttled_at.append(now)
        return max(1, math.ceil(wait - _EPSILON))

    def delivered(self, chat_id: str) -> None:
        """Count a message that was delivered, against both limits."""
        now = self._clock()
        stats = self.stats
        stats.delivered += 1
        if stats.first_delivered_at is None:
            stats.first_delivered_at = now
        stats.last_delivered_at = now
        if self.limits is None:
            return
        self._recent.append(now)
        bucket = self._refilled(self.limits, chat_id, now)
        bucket.tokens -= 1

    def _overall_wait(self, limits: RateLimits, now: float) -> float:
        while self._recent and self._recent[0] <= now - _WINDOW:
            self._recent.popleft()
        over = len(self._recent) - limits.per_second
        if over < 0:
            return 0.0
        # The window has room again once the oldest `over + 1` deliveries have left it.
        return self._recent[over] + _WINDOW - now

    def _chat_wait(self, limits: RateLimits, chat_id: str, now: float) -> float:
        bucket = self._refilled(limits, chat_id, now)
        missing = 1 - bucket.tokens
        return 0.0 if missing <= _EPSILON else missing / limits.per_chat_per_second

    def _refilled(self, limits: RateLimits, chat_id: str, now: float) -> _Bucket:
        bucket = self._buckets.get(chat_id)
        if bucket is None:
            bucket = self._buckets[chat_id] = _Bucket(float(limits.chat_burst), now)
        elapsed = max(0.0, now - bucket.updated_at)
        refill = elapsed * limits.per_chat_per_second
        bucket.tokens = min(float(limits.chat_burst), bucket.tokens + refill)
        bucket.updated_at = now
        return bucket
