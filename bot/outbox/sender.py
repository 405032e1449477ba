"""Deliver outbox rows after commit, within Telegram's limits, never silently dropping one.

Guarantee: a row is marked `sending` and committed before the HTTP call, and `sent` after.
A crash between the two leaves it `sending`; such rows go back to `pending` when the next
sender takes over, and are sent again. So delivery is at least once, and a duplicate needs
a crash inside the one HTTP round trip of that message.

Telegram's limits are per bot, so however many processes share the database, one sends:
the holder of the "outbox-sender" lease. The others wait and take over when it expires
(after a crash, that is up to `JobLease.seconds` plus `LEASE_RETRY_SECONDS` later).

Calls are paced just under the global limit (`Pacer`), and several await Telegram's answer
at once, so that its round trip does not cap the rate; one chat has one call out at a time.
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
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import aliased

from bot.outbox.lease import JobLease
from bot.outbox.pacing import Pacer
from bot.outbox.queue import decode_payload
from bot.storage.crypto import Cipher
from bot.storage.errors import DecryptionError
from bot.storage.models import Lease, OutboxMessage, Participant

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
# With nothing due, look again this often even unwoken (a row due later, another process).
IDLE_WAIT_SECONDS = 0.5
LEASE_JOB = "outbox-sender"
# While another process sends, look this often whether its lease has run out.
LEASE_RETRY_SECONDS = 5.0
# On shutdown, hand the lease back so the next process need not wait for it to expire.
LEASE_RELEASE_TIMEOUT = 2.0
BLOCKED = "403: the person blocked the bot"
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
    # Calls awaiting Telegram's answer at once: at 30/s, a round trip of 100 ms already
    # needs three in flight.
    max_in_flight: int = 8


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
    # Who holds the lease. None: a random id per process. A database only one process can
    # use (SQLite) passes a fixed name, so a restart after a crash takes over at once.
    holder: str | None = None
    lease: JobLease = field(init=False)
    _pacer: Pacer = field(init=False)
    _wake: asyncio.Event = field(default_factory=asyncio.Event)
    _chats: dict[str, _Bucket] = field(default_factory=dict)
    _paused_until: float = 0.0
    _recover_due: bool = False

    def __post_init__(self) -> None:
        self.lease = JobLease(self.sessionmaker, LEASE_JOB, self.clock)
        if self.holder is not None:
            self.lease.holder = self.holder
        self._pacer = Pacer(self.limits.per_second)

    def wake(self) -> None:
        self._wake.set()

    async def recover(self) -> int:
        """Return rows left `sending` by a crash to the queue.

        Never while another process holds a live lease: its rows in flight are `sending`
        too, and would be sent twice.
        """
        now = self.clock()
        other_sender = exists().where(
            Lease.job == self.lease.job, Lease.holder != self.lease.holder, Lease.expires_at > now
        )
        async with self.sessionmaker() as db, db.begin():
            result = await db.execute(
                update(OutboxMessage)
                .where(OutboxMessage.status == "sending", ~other_sender)
                .values(status="pending")
            )
        return int(getattr(result, "rowcount", 0) or 0)

    async def run(self) -> None:
        try:
            while True:
                try:
                    sent = await self.step()
                except Exception:
                    # One bad pass (the database away, say) must not silence the bot for good.
                    log.exception("outbox.drain_failed")
                    await asyncio.sleep(DRAIN_RETRY_SECONDS)
                    continue
                if sent is None:
                    await asyncio.sleep(LEASE_RETRY_SECONDS)
                elif sent == 0:
                    self._wake.clear()
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._wake.wait(), timeout=self._idle_wait())
        finally:
            with contextlib.suppress(SQLAlchemyError, OSError, TimeoutError):
                async with asyncio.timeout(LEASE_RELEASE_TIMEOUT):
                    await self.lease.release()

    async def step(self) -> int | None:
        """One turn of `run`: hold the lease, then drain once. None, having sent nothing,
        while another process holds the lease. Right after taking the lease over, first
        return what the previous holder left `sending` to the queue."""
        if not await self.lease.keep():
            if not await self.lease.take():
                return None
            log.info("outbox.lease_taken")
            self._recover_due = True
        if self._recover_due:
            recovered = await self.recover()
            self._recover_due = False
            if recovered:
                log.warning("outbox.recovered", rows=recovered)
        return await self.drain_once()

    async def drain_once(self) -> int:
        """Send what is due and allowed now; returns how many rows were attempted.

        Rows are taken and paced one by one, most urgent first; up to `max_in_flight`
        calls then await their answers at once, never two of one chat. Under the lease
        (see `step`), the pass renews it as it goes and stops if another process has
        taken it over.
        """
        rows = await self._due()
        leased = self.lease.held
        attempted = 0
        blocked: set[str] = set()
        latest: dict[str, asyncio.Task[bool]] = {}  # each chat's last call of this pass
        calls: list[asyncio.Task[bool]] = []
        try:
            for row_id, recipient in rows:
                if recipient in blocked or not self._chat_ready(recipient):
                    blocked.add(recipient)
                    continue
                # One chat's messages go one at a time and in order: once one waits for a
                # retry, the rest of that chat waits for it.
                earlier = latest.get(recipient)
                if earlier is not None and not await earlier:
                    blocked.add(recipient)
                    continue
                await self._wait_out_pause()
                if leased and not await self.lease.keep():
                    log.warning("outbox.lease_lost")
                    break
                if not await self._room_for_a_call(calls):
                    break
                attempted += 1
                method = await self._claim(row_id)
                if method is None:
                    continue
                # Paced right before the call, so database latency cannot bunch calls.
                await self._pacer.wait()
                latest[recipient] = asyncio.create_task(self._call(row_id, method))
                calls.append(latest[recipient])
                await asyncio.sleep(0)  # let the call go out now
        finally:
            # Even when the pass fails, the calls out finish and record what they did:
            # cut off, they would leave their rows `sending`.
            outcomes = await asyncio.gather(*calls, return_exceptions=True)
        for outcome in outcomes:
            if isinstance(outcome, BaseException):
                raise outcome
        return attempted

    async def _room_for_a_call(self, calls: list[asyncio.Task[bool]]) -> bool:
        """Wait until fewer than `max_in_flight` calls are out; False once one has failed
        unexpectedly (the database is away, say), so that the pass stops taking rows."""
        flying = [call for call in calls if not call.done()]
        if len(flying) >= self.limits.max_in_flight:
            await asyncio.wait(flying, return_when=asyncio.FIRST_COMPLETED)
        return not any(
            call.done() and not call.cancelled() and call.exception() is not None for call in calls
        )

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

    def _idle_wait(self) -> float:
        """How long to wait for new work: half a second, or less when a chat held back by
        its pace gets its next turn sooner, so that its message goes out on time."""
        limits = self.limits
        now = asyncio.get_running_loop().time()
        turns = [
            bucket.stamp + (1 - bucket.tokens) * limits.per_chat_interval - now
            for bucket in self._chats.values()
            if bucket.tokens < 1
        ]
        return min([IDLE_WAIT_SECONDS, *turns]) if turns else IDLE_WAIT_SECONDS

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

    async def _wait_out_pause(self) -> None:
        """After a 429 nothing is sent until its `retry_after` has passed."""
        wait = self._paused_until - asyncio.get_running_loop().time()
        if wait > 0:
            await asyncio.sleep(wait)

    async def _claim(self, row_id: int) -> TelegramMethod[Any] | None:
        """Mark a row `sending` and return its call; None when there is nothing to send."""
        async with self.sessionmaker() as db, db.begin():
            row = await db.get(OutboxMessage, row_id, with_for_update=True)
            if row is None or row.status != "pending":
                return None
            row.attempts += 1
            try:
                method = METHODS[row.method].model_validate(decode_payload(self.cipher, row))
            except (KeyError, ValueError, DecryptionError) as exc:
                # Retrying cannot help, and raising would wedge the queue on this row. The
                # exception's text may quote the payload, so only its kind is kept.
                row.status = "failed"
                row.last_error = f"undeliverable row: {type(exc).__name__}"
                log.warning("outbox.failed", row=row_id, reason=row.last_error)
                return None
            row.status = "sending"
        return method

    async def _call(self, row_id: int, method: TelegramMethod[Any]) -> bool:
        """Make a claimed row's call and record its outcome; False when it stays queued
        for a retry."""
        try:
            result = await self.bot(method)
        except TelegramRetryAfter as exc:
            self._paused_until = asyncio.get_running_loop().time() + exc.retry_after
            await self._finish(row_id, "pending", delay=exc.retry_after, error="429 retry_after")
            return False
        except TelegramForbiddenError:
            await self._unreachable(row_id)
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

    async def _unreachable(self, row_id: int) -> None:
        """403: fail the row and everything else still queued for that recipient, and mark
        the person unreachable, all in one transaction."""
        async with self.sessionmaker() as db, db.begin():
            row = await db.get(OutboxMessage, row_id)
            if row is None:
                return
            row.status, row.last_error = "failed", BLOCKED
            others = await db.execute(
                update(OutboxMessage)
                .where(OutboxMessage.recipient == row.recipient, OutboxMessage.status == "pending")
                .values(status="failed", last_error=BLOCKED)
            )
            if row.participant_id is not None:
                await db.execute(
                    update(Participant)
                    .where(Participant.id == row.participant_id)
                    .values(unreachable_at=self.clock())
                )
        # The row id only: never the chat.
        log.warning(
            "outbox.unreachable", row=row_id, also_failed=int(getattr(others, "rowcount", 0) or 0)
        )

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
