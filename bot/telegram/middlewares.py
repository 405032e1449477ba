"""Middlewares attach context (a transaction, the pseudonymous participant, the locale)."""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.exceptions import TelegramAPIError
from aiogram.types import TelegramObject, Update, User

from bot.domain import participants, updates
from bot.escalation import staff as staff_members
from bot.telegram.context import BotContext

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class UnitOfWork(BaseMiddleware):
    """One transaction per update, recorded with the update id so a redelivery is a no-op.

    This is the transaction boundary, the one place that may skip a handler: everything the
    update changes, and every message it queues, commits together or not at all.
    """

    def __init__(self, context: BotContext) -> None:
        self._context = context

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        assert isinstance(event, Update)
        try:
            async with self._context.sessionmaker() as db, db.begin():
                at = self._context.services.clock()
                if not await updates.first_delivery(db, event.update_id, at):
                    return None
                data["db"] = db
                result = await handler(event, data)
            self._context.wake_sender()
            return result
        finally:
            # Only after the commit: a slow or expired acknowledgement must never roll back
            # the person's answer, nor hold the database while it waits for Telegram.
            if event.callback_query is not None:
                with contextlib.suppress(TelegramAPIError):
                    await data["bot"].answer_callback_query(event.callback_query.id)


class Identity(BaseMiddleware):
    """Attach the participant and the staff member found by pseudonym (or None), and the
    locale to speak in."""

    def __init__(self, context: BotContext) -> None:
        self._context = context

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        services = self._context.services
        participant = staff = None
        if user is not None and "db" in data:
            participant = await participants.find(data["db"], services, user.id)
            if participant is not None:
                participants.heard_from(participant)
            staff = await staff_members.find(data["db"], services, user.id)
        data["participant"] = participant
        data["staff"] = staff
        suggested = services.catalogs.supported(user.language_code if user else None)
        data["suggested_locale"] = suggested
        data["locale"] = (participant.locale if participant else None) or suggested
        return await handler(event, data)
