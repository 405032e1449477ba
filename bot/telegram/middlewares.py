"""Middlewares attach context (a transaction, the pseudonymous participant, the locale)."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import structlog
from aiogram import BaseMiddleware
from aiogram.exceptions import TelegramAPIError
from aiogram.types import Chat, Message, TelegramObject, Update, User
from sqlalchemy.exc import InterfaceError, OperationalError

from bot.app import quick_exit
from bot.app.flood import carries_risk
from bot.app.identity import Who, identify
from bot.domain import updates
from bot.outbox import queue
from bot.storage import database
from bot.telegram.context import BotContext

log = structlog.get_logger()

# What a database that is briefly away raises: connection refused or reset, PostgreSQL
# shutting down, SQLite still locked after its busy timeout.
TRANSIENT = (OperationalError, InterfaceError, OSError)

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class UnitOfWork(BaseMiddleware):
    """One transaction per update, recorded with the update id so a redelivery is a no-op.

    This is the transaction boundary, the one place that may skip a handler: everything the
    update changes, and every message it queues, commits together or not at all.

    When the database cannot be reached (PostgreSQL restarting, a network blip, SQLite
    locked longer than its busy timeout), the whole update is tried again with backoff
    instead of being dropped: Telegram has already been told we have it, so a lost update
    would be a lost "I want to die". Nothing is committed by a failed try, so a retry is
    safe.
    """

    def __init__(self, context: BotContext, retry: Retry | None = None) -> None:
        self._context = context
        self._retry = retry or Retry()

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        assert isinstance(event, Update)
        try:
            attempt = 1
            while True:
                try:
                    return await self._once(handler, event, data)
                except TRANSIENT as exc:
                    pause = self._retry.pause(attempt)
                    if pause is None:
                        log.error("db.gave_up", attempts=attempt, error=type(exc).__name__)
                        raise
                    log.warning(
                        "db.unavailable_retrying",
                        attempt=attempt,
                        retry_in=round(pause, 1),
                        error=type(exc).__name__,
                    )
                    await asyncio.sleep(pause)
                    attempt += 1
        finally:
            # Only after the commit: a slow or expired acknowledgement must never roll back
            # the person's answer, nor hold the database while it waits for Telegram.
            if event.callback_query is not None:
                with contextlib.suppress(TelegramAPIError):
                    await data["bot"].answer_callback_query(event.callback_query.id)

    async def _once(self, handler: Handler, event: Update, data: dict[str, Any]) -> Any:
        handoff = self._context.sender.handoff()
        try:
            async with self._context.sessionmaker() as db:
                queue.hand_to(db, handoff)
                async with db.begin():
                    updates.expect(db, event.update_id, self._context.app.services.clock())
                    data["db"] = db
                    result = await handler(event, data)
                    await updates.settle(db)
        except updates.AlreadyHandled:
            handoff.abandon()
            return None
        except BaseException:
            handoff.abandon()
            raise
        handoff.deliver()
        if database.erased(db) and not await database.fold_log(db):
            log.warning("db.log_not_folded")
        return result


@dataclass(frozen=True)
class Retry:
    """Backoff for an update while the database is away: doubling from `first` seconds up
    to `longest`, for `total` seconds in all (then the error is reported as usual)."""

    first: float = 0.5
    longest: float = 10.0
    total: float = 300.0

    def pause(self, attempt: int) -> float | None:
        waited = sum(min(self.first * 2**n, self.longest) for n in range(attempt - 1))
        pause = min(self.first * 2 ** (attempt - 1), self.longest)
        return pause if waited + pause <= self.total else None


class Throttle(BaseMiddleware):
    """Per-chat flood limit (`bot.app.flood`), before any database work: past it an update
    is dropped, except words with a risk signal, which always go through, and the first
    one of a spell, which is answered with "slow down"."""

    def __init__(self, context: BotContext) -> None:
        self._context = context

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        assert isinstance(event, Update)
        message = event.message or event.edited_message
        chat = message.chat if message else _callback_chat(event)
        # Taps have a bucket of their own: a person tapping through a menu quickly is not
        # flooding, and buttons cost little.
        flood = self._context.flood if message is not None else self._context.taps
        if chat is None or flood.admit(chat.id, time.monotonic()):
            return await handler(event, data)
        words = words_of(event)
        # Screened in every language: who is writing is not known yet, and nothing
        # urgent may be dropped.
        if carries_risk(self._context.app, words, None):
            return await handler(event, data)
        if message is not None and flood.first_warning(chat.id):
            data["slow_down"] = True
            return await handler(event, data)
        log.info("update.dropped_flood", update_id=event.update_id)
        return None


def words_of(update: Update) -> str | None:
    """What a person wrote in an update (a message's text or caption), if anything."""
    message = update.message or update.edited_message
    return (message.text or message.caption) if message else None


def _callback_chat(event: Update) -> Chat | None:
    query = event.callback_query
    return query.message.chat if query is not None and query.message is not None else None


class Identity(BaseMiddleware):
    """Attach the participant and the staff member found by pseudonym (or None), and the
    locale to speak in."""

    def __init__(self, context: BotContext) -> None:
        self._context = context

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        app = self._context.app
        who = Who(None, None)
        if user is not None and "db" in data:
            who = await identify(data["db"], app, user.id)
        participant = who.participant
        data["participant"] = participant
        data["staff"] = who.staff
        data["ahead"] = who.ahead
        suggested = app.services.catalogs.supported(user.language_code if user else None)
        data["suggested_locale"] = suggested
        data["locale"] = (participant.locale if participant else None) or suggested
        return await handler(event, data)


class Footprint(BaseMiddleware):
    """Note the id of each message a person sends in their private chat, so that quick
    exit can delete it; before the handler, so that /clear deletes itself. Someone who
    is new is noted once the handler has enrolled them. A tap is noted too: like a message,
    it shows the person has seen what a counsellor wrote before it."""

    def __init__(self, context: BotContext) -> None:
        self._context = context

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        assert isinstance(event, Update)
        app, participant = self._context.app, data.get("participant")
        tap = event.callback_query
        if (
            tap is not None
            and participant is not None
            and isinstance(tap.message, Message)
            and tap.message.chat.type == "private"
            and "db" in data
        ):
            await quick_exit.tapped(app, data["db"], participant, data.get("ahead"))
        message = event.message
        if message is None or message.chat.type != "private" or "db" not in data:
            return await handler(event, data)
        db = data["db"]
        if participant is not None:
            await quick_exit.noticed(app, db, participant, message.message_id, data.get("ahead"))
            return await handler(event, data)
        result = await handler(event, data)
        user: User | None = data.get("event_from_user")
        if user is not None:
            enrolled = await identify(db, app, user.id)
            if enrolled.participant is not None:
                await quick_exit.noticed(
                    app, db, enrolled.participant, message.message_id, enrolled.ahead
                )
        return result
