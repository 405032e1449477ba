"""Long polling that handles chats side by side and confirms only what was handled."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import structlog
from aiogram import Bot, Dispatcher
from aiogram.dispatcher.dispatcher import DEFAULT_BACKOFF_CONFIG
from aiogram.methods import GetUpdates, TelegramMethod
from aiogram.utils.backoff import Backoff, BackoffConfig

from bot.telegram.lanes import Lanes, Urgent
from bot.telegram.session import read_update

log = structlog.get_logger()

# While updates are being handled, Telegram answers `getUpdates` at once with them again
# (they are not confirmed yet), so ask again only once the offset has moved (to confirm
# what was handled) or after this long: often enough to take in other chats' new updates
# while one chat is slow.
REPOLL_SECONDS = 0.05
# Each poll brings back every update still in hand, so under load polls are spaced this
# much for each (up to REPOLL_SECONDS): with fifty in hand, asking again each time the
# offset moved cost a poll every other reply, and a few percent of the bot's time.
REPOLL_SECONDS_PER_UPDATE_IN_HAND = 0.0005


class GetRawUpdates(TelegramMethod[list[dict[str, Any]]]):
    """aiogram's `GetUpdates`, its answer left as JSON objects: an update taken before is
    not read again. Read whole, a backlog of a hundred updates was read again on each
    poll, and at 100 updates a second that took more of the bot's time than handling
    them."""

    __returning__ = list[dict[str, Any]]
    __api_method__ = GetUpdates.__api_method__

    offset: int | None = None
    timeout: int | None = None
    allowed_updates: list[str] | None = None


class LanedDispatcher(Dispatcher):
    """aiogram's dispatcher, but `start_polling` hands each update to its chat's lane
    (`bot.telegram.lanes`) instead of handling one update at a time.

    Overrides aiogram's `_polling` (pinned in pyproject): starting, stopping, signals and
    the startup and shutdown hooks stay aiogram's.
    """

    def __init__(
        self,
        *,
        urgent: Urgent | None = None,
        durable: Callable[[], Awaitable[None]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        # Which updates go ahead of those waiting for a turn (`bot.telegram.lanes`).
        self.urgent = urgent
        # Awaited before an update is confirmed: what it changed must be on disk by then,
        # for Telegram will not send it again (`bot.storage.durability`).
        self.durable = durable

    async def _polling(
        self,
        bot: Bot,
        polling_timeout: int = 30,
        handle_as_tasks: bool = True,
        backoff_config: BackoffConfig = DEFAULT_BACKOFF_CONFIG,
        allowed_updates: list[str] | None = None,
        tasks_concurrency_limit: int | None = None,
        **kwargs: Any,
    ) -> None:
        async def handle(update: Any) -> None:
            await self._process_update(bot=bot, update=update, **kwargs)

        lanes = Lanes(handle, urgent=self.urgent)
        backoff = Backoff(config=backoff_config)
        request: dict[str, Any] = {}
        if bot.session.timeout:
            # The long poll's own wait comes on top of the session's timeout.
            request["request_timeout"] = int(bot.session.timeout + polling_timeout)
        sent: int | None = None
        loop = asyncio.get_running_loop()
        try:
            while True:
                offset = lanes.offset
                call = GetRawUpdates(
                    offset=offset, timeout=polling_timeout, allowed_updates=allowed_updates
                )
                try:
                    if self.durable is not None and offset != sent:
                        await self.durable()
                    batch = await bot(call, **request)
                except Exception as exc:  # noqa: BLE001 - polling must outlive any failure
                    log.warning("polling.failed", error=type(exc).__name__)
                    await backoff.asleep()
                    continue
                backoff.reset()
                polled_at = loop.time()
                sent = offset
                lanes.confirmed(offset)
                for raw in batch:
                    if not lanes.taken(raw["update_id"]):
                        lanes.take(read_update(bot, raw))
                if lanes.busy:
                    await lanes.moved(offset, REPOLL_SECONDS)
                    spacing = min(REPOLL_SECONDS, lanes.in_hand * REPOLL_SECONDS_PER_UPDATE_IN_HAND)
                    await asyncio.sleep(max(0.0, polled_at + spacing - loop.time()))
        finally:
            await lanes.close()
