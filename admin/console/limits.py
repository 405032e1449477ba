"""How often anyone may try to sign in: per client address, and for everyone together, in
this process's memory. Sign-in links carry 192 random bits, so the limits are not what
keeps a guess from landing; they keep a flood of tries from reaching the database."""

from __future__ import annotations

import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field

_FORGET_ABOVE = 10_000


@dataclass
class Limits:
    per_client: int = 10
    overall: int = 100
    window: float = 60.0  # seconds
    monotonic: Callable[[], float] = time.monotonic
    _tries: dict[str, deque[float]] = field(default_factory=lambda: defaultdict(deque))

    def allow(self, client: str) -> bool:
        """Count a try by `client`; False when it or everyone together is over the limit
        (a refused try is not counted, so waiting a window always helps)."""
        now = self.monotonic()
        if len(self._tries) > _FORGET_ABOVE:
            self._forget_idle(now)
        for tries in (self._tries[client], self._tries[""]):
            while tries and tries[0] <= now - self.window:
                tries.popleft()
        if len(self._tries[client]) >= self.per_client or len(self._tries[""]) >= self.overall:
            return False
        self._tries[client].append(now)
        self._tries[""].append(now)
        return True

    def _forget_idle(self, now: float) -> None:
        """Drop clients with no try in the window, so many addresses cannot fill memory."""
        for client in [
            key
            for key, tries in self._tries.items()
            if key and not _recent(tries, now, self.window)
        ]:
            del self._tries[client]


def _recent(tries: deque[float], now: float, window: float) -> bool:
    return bool(tries) and tries[-1] > now - window
