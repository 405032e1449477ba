"""One person's flood must not slow everyone else: a token bucket per chat on what comes
in. Past it, updates are dropped rather than run as separate flow steps, the person is
told once to slow down, and any words carrying a risk signal still go through in full."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.context import App
from bot.domain.messaging import tell
from bot.i18n import texts
from bot.risk import check
from bot.storage.models import Participant

# Button presses, counted apart from messages: menus are tapped through quickly.
TAP_BURST = 30
TAP_PER_SECOND = 5.0
# Above this many chats, buckets that have filled up again are forgotten.
_KEEP_BUCKETS = 10_000


@dataclass
class _Bucket:
    tokens: float
    stamp: float
    warned: bool = False


@dataclass
class Flood:
    """Per-chat buckets: `burst` updates at once, then `per_second`. In memory only; the
    chat id is never written anywhere."""

    burst: int = 10
    per_second: float = 1.5
    _buckets: dict[int, _Bucket] = field(default_factory=dict)

    def admit(self, chat_id: int, now: float) -> bool:
        bucket = self._buckets.get(chat_id)
        if bucket is None:
            if len(self._buckets) >= _KEEP_BUCKETS:
                self._forget_full(now)
            bucket = self._buckets[chat_id] = _Bucket(float(self.burst), now)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.stamp) * self.per_second)
        bucket.stamp = now
        if bucket.tokens >= self.burst:
            bucket.warned = False  # the spell is over: a new one may be told again
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return True
        return False

    def first_warning(self, chat_id: int) -> bool:
        """True once per spell over the limit: the one time the person is told."""
        bucket = self._buckets[chat_id]
        if bucket.warned:
            return False
        bucket.warned = True
        return True

    def _forget_full(self, now: float) -> None:
        for chat_id, bucket in list(self._buckets.items()):
            if bucket.tokens + (now - bucket.stamp) * self.per_second >= self.burst:
                del self._buckets[chat_id]


def carries_risk(app: App, text: str | None, locale: str | None) -> bool:
    return bool(text) and check(app.risk, text or "", locale).severity != "none"


async def slow_down(db: AsyncSession, app: App, participant: Participant | None) -> None:
    if participant is not None:
        await tell(db, app.services, participant, texts.SLOW_DOWN)
