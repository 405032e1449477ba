"""Magic filters (`F.data.startswith(...)`) checked on the event loop.

aiogram runs a filter that is not a coroutine on a thread of its pool, and a magic filter
is not one: each check was a trip to another thread and back, several for each update
(issue #17: a tenth of the time aiogram spent routing an update). `on_loop` checks the
same filter in place; every filter of the bot's routers is wrapped so.
"""

from __future__ import annotations

from typing import Any

from aiogram.filters import Filter
from aiogram.types import TelegramObject
from aiogram.utils.magic_filter import MagicFilter


class _OnLoop(Filter):
    def __init__(self, magic: MagicFilter) -> None:
        self.magic = magic

    async def __call__(self, event: TelegramObject) -> Any:
        return self.magic.resolve(event)


def on_loop(magic: MagicFilter) -> Filter:
    """`magic`, as a filter aiogram awaits instead of sending to a thread."""
    return _OnLoop(magic)
