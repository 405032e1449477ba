"""aiogram's HTTP session for a Bot API on loopback (the emulator).

aiogram's `close` waits a quarter of a second for TLS connections to wind down; over plain
HTTP on loopback there are none, and in a suite that closes a session per test the waits
add up to minutes.
"""

from __future__ import annotations

from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer


async def close_without_grace(session: AiohttpSession) -> None:
    """What `AiohttpSession.close` does, without the wait for TLS connections."""
    if session._session is not None and not session._session.closed:
        await session._session.close()


class LoopbackSession(AiohttpSession):
    def __init__(self, base_url: str) -> None:
        super().__init__(api=TelegramAPIServer.from_base(base_url))

    async def close(self) -> None:
        await close_without_grace(self)
