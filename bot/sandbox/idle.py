"""Knowing, rather than guessing, that the bot has finished answering.

Out of process, the driver can only watch the chat and call a quiet spell the end of an
answer. A bot running in the test's own event loop can do better: its harness sees the
bot's queue, and tells the driver the moment nothing is left to do.
"""

from __future__ import annotations

from typing import Protocol


class IdleProbe(Protocol):
    async def settle(self, timeout: float) -> None:
        """Return once the bot is provably idle: every update the emulator holds has been
        fetched and handled, and nothing is being sent or due to be sent. A probe that owns
        the bot's clock may move it on to messages due later (a flow's `wait:` pauses)
        instead of waiting for them. Raise `TimeoutError` if the bot is not idle within
        `timeout` seconds."""
