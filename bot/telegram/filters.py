"""Filters of the bot's routers, made cheap to check: every update passes many of them.

aiogram runs a filter that is not a coroutine on a thread of its pool, and a magic filter
(`F.data.startswith(...)`) is not one: each check was a trip to another thread and back,
several for each update (issue #17: a tenth of the time aiogram spent routing an update).
`on_loop` checks the same filter in place; every filter of the bot's routers is wrapped so.

A router that answers only commands passes any other message by at once (`a_command`,
its messages' root filter), with nothing inside it checked: what a person writes most
often, words, went through fourteen `Command` filters and the consented people's
five routers before it reached the handler that answers it.
"""

from __future__ import annotations

from typing import Any

from aiogram.filters import Filter
from aiogram.types import Message, TelegramObject
from aiogram.utils.magic_filter import MagicFilter


class _OnLoop(Filter):
    def __init__(self, magic: MagicFilter) -> None:
        self.magic = magic

    async def __call__(self, event: TelegramObject) -> Any:
        return self.magic.resolve(event)


def on_loop(magic: MagicFilter) -> Filter:
    """`magic`, as a filter aiogram awaits instead of sending to a thread."""
    return _OnLoop(magic)


async def a_command(message: Message) -> bool:
    """Whether a message may be a command: its text or caption (as `Command` reads them)
    starts with the commands' prefix."""
    return (message.text or message.caption or "").startswith("/")
