"""Every filter of the bot's routers is checked on the event loop: aiogram sends a filter
that is not a coroutine (a bare magic filter, `F.data...`) to a thread of its pool, a trip
to another thread and back for each check (`bot.telegram.filters`)."""

from __future__ import annotations

from aiogram import Router
from aiogram.dispatcher.event.handler import FilterObject

from tests.support.harness import InProcessBot


def _filters(router: Router) -> list[tuple[str, FilterObject]]:
    found = []
    for kind, observer in router.observers.items():
        handlers = [observer._handler, *observer.handlers]  # the router's own filters first
        for handler in handlers:
            found += [(f"{router.name}.{kind}", f) for f in handler.filters or []]
    for sub_router in router.sub_routers:
        found += _filters(sub_router)
    return found


async def test_no_filter_of_the_bot_is_sent_to_a_thread(bot: InProcessBot) -> None:
    filters = _filters(bot.assembly.dispatcher)
    assert len(filters) > 20
    threaded = [f"{where}: {f.callback!r}" for where, f in filters if not f.awaitable]
    assert threaded == []
