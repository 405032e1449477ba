"""The bot's one clock. The offline sandbox may move it forward to try out schedules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class Clock:
    def __init__(self) -> None:
        self._offset = timedelta(0)

    def now(self) -> datetime:
        return datetime.now(UTC) + self._offset

    def advance(self, delta: timedelta) -> None:
        """Only ever forward: due times already computed stay in order."""
        if delta < timedelta(0):
            raise ValueError("the clock only moves forward")
        self._offset += delta
