"""Deliver outbox rows after commit, within Telegram's limits, never silently dropping one.

Guarantee: a row is marked `sending` and committed before the HTTP call, and `sent` after.
A crash between the two leaves it `sending`; on start-up such rows go back to `pending`
and are sent again. So delivery is at least once, and a duplicate needs a crash inside
the one HTTP round trip of that message.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import structlog
from aiogram import Bot
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import (
    AnswerCallbackQuery,
    DeleteMessage,
    EditMessageReplyMarkup,
    EditMessageText,
    LeaveChat,
    SendMessage,
    TelegramMethod,
)
from aiogram.types import Message
from sqlalchemy import and_, exists, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import aliased

from bot.outbox.queue import decode_payload
from bot.storage.crypto import Cipher
from bot.storage.errors import DecryptionError
from bot.storage.models import OutboxMessage

log = structlog.get_logger()

METHODS: dict[str, type[TelegramMethod[Any]]] = {
    "sendMessage": SendMessage,
    "editMessageText": EditMessageText,
    "editMessageReplyMarkup": EditMessageReplyMarkup,
    "deleteMessage": DeleteMessage,
    "answerCallbackQuery": AnswerCallbackQuery,
    "leaveChat": LeaveChat,
}
# After an unexpected failure (the database away, say), wait this long and try again.
DRAIN_RETRY_SECONDS = 2.0
# Edits of a message that is gone or unchanged have nothing left to do.
HARMLESS_BAD_REQUESTS = ("message is not modified", "message to edit not found")


@dataclass
class Limits:
    """Telegram allows about 30 messages/s overall and 1/s per chat, with short bursts."""

    per_second: float = 30.0
    per_chat_interval: float = 1.0
    per_chat_burst: int = 3
    max_attempts: int = 6
    backoff_base: float = 1.0
    backoff_cap: float = 300.0


@dataclass
class _Bucket:
    tokens: float
    stamp: float


@dataclass
class OutboxSender:
    sessionmaker: async_sessionmaker[AsyncSession]
    cipher: Cipher
    bot: Bot
    clock: Callable[[], datetime]
    limits: Limits = field(default_factory=Limits)
    batch: int = 100
    _wake: asyncio.Event = field(default_factory=asyncio.Event)
    _chats: dict[str, _Bucket] = field(default_factory=dict)
    _last_send: float = 0.0
    _paused_until: float = 0.0

    def wake(self) -> None:
        self._wake.set()

    async def recover(self) -> int:
        """Return rows left `sending` by a crash to the queue."""
        async with self.sessionmaker() as db, db.begin():
            result = await db.execute(
                update(OutboxMessage)
                .where(OutboxMessage.status == "sending")
                .values(status="pending")
            )
        return int(getattr(result, "rowcount", 0) or 0)

    async def run(self) -> None:
        recovered = await self.recover()
        if recovered:
            log.warning("outbox.recovered", rows=recovered)
        while True:
            try:
                sent = await self.drain_once()
            except Exception:
                # One bad pass (the database away, say) must not silence the bot for good.
                log.exception("outbox.drain_failed")
                await asyncio.sleep(DRAIN_RETRY_SECONDS)
                continue
            if sent == 0:
                self._wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), timeout=0.5)

    async def drain_once(self) -> int:
        """Send what is due and allowed now; returns how many rows were attempted."""
        rows = await self._due()
        attempted = 0
        blocked: set[str] = set()
        for row_id, recipient in rows:
            # Keep one chat's messages in order: once one waits, the rest of that chat waits.
            if recipient in blocked or not self._chat_ready(recipient):
                blocked.add(recipient)
                continue
            await self._global_pace()
            if not await self._deliver(row_id):
                blocked.add(recipient)  # it will be retried: the rest of the chat waits for it
            attempted += 1
        return attempted

    async def _due(self) -> list[tuple[int, str]]:
        now = self.clock()
        # A row of the same chat that comes first (priority, then id) and is being sent or
        # waits for a retry holds this one back. Scheduled rows never tried do not.
        earlier = aliased(OutboxMessage)
        held_back = exists().where(
            earlier.recipient == OutboxMessage.recipient,
            or_(
                earlier.priority < OutboxMessage.priority,
                and_(earlier.priority == OutboxMessage.priority, earlier.id < OutboxMessage.id),
            ),
            or_(
                earlier.status == "sending",
                and_(
                    earlier.status == "pending",
                    earlier.attempts > 0,
                    earlier.not_before > now,
                ),
            ),
        )
        async with self.sessionmaker() as db:
            result = await db.execute(
                select(OutboxMessage.id, OutboxMessage.recipient)
                .where(
                    OutboxMessage.status == "pending", OutboxMessage.not_before <= now, ~held_back
                )
                .order_by(OutboxMessage.priority, OutboxMessage.id)
                .limit(self.batch)
            )
            return [(int(r[0]), str(r[1])) for r in result.all()]

    def _chat_ready(self, recipient: str) -> bool:
        now = asyncio.get_running_loop().time()
        bucket = self._chats.get(recipient)
        limits = self.limits
        if bucket is None:
            bucket = self._chats[recipient] = _Bucket(float(limits.per_chat_burst), now)
        refill = (now - bucket.stamp) / max(limits.per_chat_interval, 1e-6)
        bucket.tokens = min(float(limits.per_chat_burst), bucket.tokens + refill)
        bucket.stamp = now
        if bucket.tokens < 1:
            return False
        bucket.tokens -= 1
        return True

    async def _global_pace(self) -> None:
        loop = asyncio.get_running_loop()
        wait = max(
            self._paused_until - loop.time(),
            self._last_send + 1 / self.limits.per_second - loop.time(),
        )
        if wait > 0:
            await asyncio.sleep(wait)
        self._last_send = loop.time()

    async def _deliver(self, row_id: int) -> bool:
        """Try one row; False when it stays queued for a retry."""
        async with self.sessionmaker() as db, db.begin():
            row = await db.get(OutboxMessage, row_id, with_for_update=True)
            if row is None or row.status != "pending":
                return True
            row.attempts += 1
            try:
                method = METHODS[row.method].model_validate(decode_payload(self.cipher, row))
            except (KeyError, ValueError, DecryptionError) as exc:
                # Retrying cannot help, and raising would wedge the queue on this row. The
                # exception's text may quote the payload, so only its kind is kept.
                row.status = "failed"
                row.last_error = f"undeliverable row: {type(exc).__name__}"
                log.warning("outbox.failed", row=row_id, reason=row.last_error)
                return True
            row.status = "sending"
        try:
            result = await self.bot(method)
        except TelegramRetryAfter as exc:
            self._paused_until = asyncio.get_running_loop().time() + exc.retry_after
            await self._finish(row_id, "pending", delay=exc.retry_after, error="429 retry_after")
            return False
        except TelegramForbiddenError:
            await self._finish(row_id, "failed", error="403: the person blocked the bot")
        except TelegramBadRequest as exc:
            harmless = any(text in exc.message for text in HARMLESS_BAD_REQUESTS)
            await self._finish(row_id, "sent" if harmless else "failed", error=exc.message)
        except (TelegramServerError, TelegramNetworkError) as exc:
            return await self._retry(row_id, type(exc).__name__)
        except (TelegramAPIError, ClientDecodeError) as exc:
            # Anything else (404, 409, an unreadable answer...): retry, then fail with a reason,
            # rather than leave the row `sending` and stop the sender.
            return await self._retry(row_id, f"{type(exc).__name__}: {exc.message}")
        else:
            message_id = result.message_id if isinstance(result, Message) else None
            await self._finish(row_id, "sent", message_id=message_id)
        return True

    async def _retry(self, row_id: int, error: str) -> bool:
        """Back off and requeue; False while the row stays queued."""
        async with self.sessionmaker() as db:
            attempts = await db.scalar(
                select(OutboxMessage.attempts).where(OutboxMessage.id == row_id)
            )
        if attempts is None:
            return True
        if attempts >= self.limits.max_attempts:
            await self._finish(row_id, "failed", error=f"gave up after {attempts} tries: {error}")
            return True
        delay = min(self.limits.backoff_cap, self.limits.backoff_base * 2**attempts)
        await self._finish(row_id, "pending", delay=delay * random.uniform(0.5, 1.0), error=error)
        return False

    async def _finish(
        self,
        row_id: int,
        status: str,
        *,
        delay: float = 0,
        error: str | None = None,
        message_id: int | None = None,
    ) -> None:
        now = self.clock()
        values: dict[str, Any] = {"status": status, "last_error": error}
        if status == "sent":
            values |= {"sent_at": now, "result_message_id": message_id}
        if delay:
            values["not_before"] = now + timedelta(seconds=delay)
        async with self.sessionmaker() as db, db.begin():
            await db.execute(
                update(OutboxMessage).where(OutboxMessage.id == row_id).values(**values)
            )
        if status == "failed":
            log.warning("outbox.failed", row=row_id, reason=error)
