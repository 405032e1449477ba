"""Deliver outbox rows after commit, within Telegram's limits, never silently dropping one.

Guarantee: a row is marked `sending` and committed before the HTTP call, and `sent` after.
Delivery is at least once; a duplicate needs Telegram to have accepted a message whose
answer the sender never recorded: the answer came after the call's timeout (the call is
retried), or the process or the database failed between the call and the record (the row
goes back to the queue after `STALE_AFTER`, or at once when a new sender takes over).

Telegram's limits are per bot, so however many processes share the database, one sends:
the holder of the "outbox-sender" lease. The others wait and take over when it expires
(after a crash, that is up to `JobLease.seconds` plus `LEASE_RETRY_SECONDS` later).

A row done with (sent, failed for good, expired) keeps no payload (`NO_PAYLOAD`): only
when, to whom (an internal address) and how it went.

Calls are paced just under the global limit (`Pacer`), and several await Telegram's answer
at once, across passes, so that neither its round trip nor a hanging chat caps the rate;
one chat has one call out at a time.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import random
from collections.abc import Awaitable, Callable
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
from aiogram.methods import TelegramMethod
from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Insert,
    Integer,
    Select,
    Update,
    and_,
    bindparam,
    exists,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.outbox import footprints
from bot.outbox.calls import call_of
from bot.outbox.lease import JobLease
from bot.outbox.messages import PRIORITY_SCHEDULED
from bot.outbox.pacing import Pacer
from bot.outbox.queue import NO_PAYLOAD, OPEN_STATUSES, STALE_AFTER, Call, open_payload
from bot.storage.coltypes import UTCDateTime
from bot.storage.crypto import Cipher
from bot.storage.errors import DecryptionError
from bot.storage.inline import inline, inline_all
from bot.storage.models import Lease, OutboxMessage, Participant, table_of

log = structlog.get_logger()


# After an unexpected failure (the database away, say), wait this long and try again.
DRAIN_RETRY_SECONDS = 2.0
# With nothing due, look again this often even unwoken (a row due later, another process).
IDLE_WAIT_SECONDS = 0.5
# Rows of one chat taken into one pass: enough to keep it busy, never enough to crowd out
# everyone else's.
PER_CHAT_PER_PASS = 3
# `Limits.in_flight`: calls out at once, at the least, and the round trip they cover.
FEWEST_IN_FLIGHT = 8
ROUND_TRIP_SECONDS = 0.25
# A row `sending` for `STALE_AFTER` without an outcome (the database was away when the
# answer came) goes back to the queue; looked for this often.
STALE_CHECK_SECONDS = 30.0
# During an outage one backed-off row is tried this often: the one call that tells when
# Telegram is back, instead of every chat's next row calling a server that is away.
PROBE_EVERY = timedelta(seconds=10)
LEASE_JOB = "outbox-sender"
# While another process sends, look this often whether its lease has run out.
LEASE_RETRY_SECONDS = 5.0
# On shutdown, hand the lease back so the next process need not wait for it to expire.
LEASE_RELEASE_TIMEOUT = 2.0
BLOCKED = "403: the person blocked the bot"
# aiogram's wording for a call given up after `request_timeout`.
TIMED_OUT = "Request timeout error"
OUTAGE_ERRORS = (TelegramServerError.__name__, TelegramNetworkError.__name__)
# Edits of a message that is gone or unchanged have nothing left to do.
HARMLESS_BAD_REQUESTS = ("message is not modified", "message to edit not found")
_ROWS = table_of(OutboxMessage)


def _due_statement() -> Select[tuple[Any, Any]]:
    """The rows to send next, in order, at most `PER_CHAT_PER_PASS` of a chat; the time is
    `now`, the number `batch`. Built once: the sender asks on every pass."""
    now = bindparam("now", type_=UTCDateTime)
    # A row of the same chat that comes first (priority, then id) and is being sent or
    # waits for a retry (it has an error) holds this one back. Scheduled rows never tried
    # do not.
    earlier = _ROWS.alias("earlier")
    held_back = exists().where(
        earlier.c.recipient == _ROWS.c.recipient,
        # Spelt as `ix_outbox_open_recipient`'s condition, with the values written into
        # the statement (`bot.storage.inline`), so that the check reads the chat's open
        # rows only, never its history.
        earlier.c.status.in_(inline_all(OPEN_STATUSES)),
        or_(
            earlier.c.priority < _ROWS.c.priority,
            and_(earlier.c.priority == _ROWS.c.priority, earlier.c.id < _ROWS.c.id),
        ),
        or_(
            earlier.c.status == inline("sending"),
            and_(
                earlier.c.status == inline("pending"),
                earlier.c.last_error.is_not(None),
                earlier.c.not_before > now,
            ),
        ),
    )
    place = (
        func.row_number()
        .over(
            partition_by=_ROWS.c.recipient,
            order_by=(_ROWS.c.priority, _ROWS.c.id),
        )
        .label("place")
    )
    due = (
        select(_ROWS.c.id, _ROWS.c.recipient, _ROWS.c.priority, place)
        .where(_ROWS.c.status == inline("pending"), _ROWS.c.not_before <= now, ~held_back)
        .subquery()
    )
    return (
        select(due.c.id, due.c.recipient)
        .where(due.c.place <= PER_CHAT_PER_PASS)
        .order_by(due.c.priority, due.c.id)
        .limit(bindparam("batch", type_=Integer))
    )


_DUE = _due_statement()
_TAKEN = and_(
    _ROWS.c.id.in_(bindparam("rows", expanding=True)), _ROWS.c.status == inline("pending")
)
# A reminder never tried, this long past its time, would only arrive out of place.
_TOO_LATE = and_(
    _ROWS.c.priority >= PRIORITY_SCHEDULED,
    _ROWS.c.attempts == 0,
    _ROWS.c.not_before < bindparam("late_before", type_=UTCDateTime),
)
_CLAIM = (
    update(_ROWS)
    .where(_TAKEN, ~_TOO_LATE)
    # Should the outcome never be recorded, the row is back in the queue after STALE_AFTER.
    .values(
        status="sending",
        attempts=_ROWS.c.attempts + 1,
        not_before=bindparam("stale_at", type_=UTCDateTime),
    )
    .returning(
        _ROWS.c.id,
        _ROWS.c.recipient,
        _ROWS.c.participant_id,
        _ROWS.c.method,
        _ROWS.c.payload_enc,
        _ROWS.c.case_id,
    )
)
_EXPIRE = (
    update(_ROWS)
    .where(_TAKEN, _TOO_LATE)
    .values(status="expired", payload_enc=NO_PAYLOAD)
    .returning(_ROWS.c.id)
)
_SENT_AT = bindparam("now", type_=UTCDateTime)


def _marked_sent(row_id: ColumnElement[Any], result_message_id: ColumnElement[Any]) -> Update:
    """Row `row_id` delivered at `now`; its payload dropped."""
    return (
        update(_ROWS)
        .where(_ROWS.c.id == row_id)
        .values(
            status="sent",
            last_error=None,
            sent_at=_SENT_AT,
            payload_enc=NO_PAYLOAD,
            not_before=_SENT_AT,
            result_message_id=result_message_id,
        )
    )


_SENT = _marked_sent(bindparam("row_id"), bindparam("result_message_id"))


def _sent_with_traces() -> Insert:
    """PostgreSQL: `_SENT` for rows given as arrays (`sent_rows`, `sent_message_ids`) and
    the traces of their messages noted (`footprints.noting_after`), in one statement: run
    in autocommit it is one round trip where a transaction of two was four (BEGIN, both,
    COMMIT), and is atomic all the same."""
    delivered = (
        func.unnest(
            bindparam("sent_rows", type_=ARRAY(BigInteger)),
            bindparam("sent_message_ids", type_=ARRAY(BigInteger)),
        )
        .table_valued("row_id", "result_message_id")
        .render_derived()
    )
    marked = _marked_sent(delivered.c.row_id, delivered.c.result_message_id).cte("marked")
    return footprints.noting_after(marked)


_SENT_WITH_TRACES = _sent_with_traces()


@dataclass
class Limits:
    """Telegram allows about 30 messages/s overall and 1/s per chat, with short bursts."""

    per_second: float = 30.0
    per_chat_interval: float = 1.0
    per_chat_burst: int = 3
    # Network errors and 5xx are retried for this long after the row was written; 429s
    # wait as long as Telegram asks and never count against it.
    retry_window: timedelta = timedelta(hours=24)
    backoff_base: float = 1.0
    backoff_cap: float = 300.0
    # A reminder still unsent this long after its time is dropped as expired: it would
    # only arrive out of place.
    scheduled_grace: timedelta = timedelta(hours=2)
    # Calls awaiting Telegram's answer at once, across chats (`in_flight`); one chat has
    # at most one. None: as `per_second` needs.
    max_in_flight: int | None = None
    # Well below aiogram's 60 s: a call that hangs this long is given up and retried.
    call_timeout: float = 15.0

    @property
    def in_flight(self) -> int:
        """`max_in_flight`, or enough calls out at once for `per_second` with a quarter of a
        second's round trip, and never fewer than eight (at 30/s, a round trip of 100 ms
        already needs three). With Telegram's limits lifted, as on the throughput bench,
        eight held most replies back to go through the queue instead."""
        if self.max_in_flight is not None:
            return self.max_in_flight
        return max(FEWEST_IN_FLIGHT, math.ceil(self.per_second * ROUND_TRIP_SECONDS))


@dataclass(frozen=True)
class _Claimed:
    """A claimed row's call, and whose chat it lands in: `person` when it is a
    participant's own chat (its message id is then kept only sealed), and whether it is a
    counsellor's words there (the rows of a case)."""

    method: TelegramMethod[Any]
    person: int | None
    from_counsellor: bool


def _claimed(
    method: str, payload: dict[str, Any], recipient: str, person: int | None, case: int | None
) -> _Claimed:
    """A row's call; KeyError or ValueError when it cannot be made (`call_of`)."""
    in_their_chat = recipient.startswith("p:")
    return _Claimed(
        call_of(method, payload),
        person=person if in_their_chat else None,
        from_counsellor=in_their_chat and case is not None,
    )


@dataclass(frozen=True)
class _Sent:
    """A delivered row: its message id (None for calls that make no message) and, for a
    chat read, the chat's auto-delete timer in seconds (for `on_chat_read`)."""

    row_id: int
    claimed: _Claimed
    message_id: int | None
    timer: int | None


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
    # Each chat's call out now, across passes: a slow chat holds only itself.
    _flying: dict[str, asyncio.Task[bool]] = field(default_factory=dict)
    # Told the id of a row that failed for good, after it is recorded: a counsellor whose
    # words did not reach the person must hear of it.
    on_failed: Callable[[AsyncSession, int], Awaitable[None]] | None = None
    # Told the id of a getChat row and the chat's auto-delete timer in seconds (0: off),
    # in the transaction that records the answer.
    on_chat_read: Callable[[AsyncSession, int, int], Awaitable[None]] | None = None
    _last_stale_check: float = 0.0
    _paused_until: float = 0.0
    _recover_due: bool = False
    # Chats whose calls met a 5xx or a refused connection since Telegram last answered
    # again, and when the last of those came. One chat alone may be its own trouble; two
    # or more is Telegram away.
    _outage_chats: set[str] = field(default_factory=set)
    _outage_at: float = 0.0
    _last_probe: datetime | None = None
    # Rows delivered whose `sent` waits to be written, each with what its call awaits.
    _delivered: list[tuple[_Sent, asyncio.Future[None]]] = field(default_factory=list)
    _recording: asyncio.Task[None] | None = None
    # Chats passed over while their call was out: its landing wakes the sender.
    _held: set[str] = field(default_factory=set)
    # Chats kept for a call about to start: one a pass is claiming, or one a handler's
    # transaction hands over as it commits (`handoff`).
    _reserved: set[str] = field(default_factory=set)
    # Chats whose call Telegram has answered, its outcome not yet recorded.
    _answered: set[str] = field(default_factory=set)
    # Whether the last pass found a whole batch due: then more may be, at once.
    _full: bool = False
    _passes: int = 0
    _one_statement: bool = field(init=False)

    def __post_init__(self) -> None:
        bind = self.sessionmaker.kw.get("bind")
        # On PostgreSQL a statement alone in autocommit saves the BEGIN and the COMMIT or
        # ROLLBACK, two round trips: for the pass's read, and for the record of what was
        # sent (`_SENT_WITH_TRACES`). SQLite begins no transaction for a read, and switching
        # its isolation level there and back would cost trips to its thread instead.
        self._one_statement = bind is not None and bind.dialect.name == "postgresql"
        self.lease = JobLease(self.sessionmaker, LEASE_JOB, self.clock)
        if self.holder is not None:
            self.lease.holder = self.holder
        self._pacer = Pacer(self.limits.per_second)

    def wake(self) -> None:
        self._wake.set()

    def handoff(self) -> TransactionHandoff:
        """For one transaction of a handler: its calls, handed over as it commits."""
        return TransactionHandoff(self)

    def _may_take(self, recipient: str) -> bool:
        """Whether a call to `recipient` may be handed over now: this process sends and
        nothing holds calls back (a 429, an outage, a takeover's recovery), the chat has no
        call out or kept, and its pace and the calls in flight allow one more."""
        loop_now = asyncio.get_running_loop().time()
        if not self.lease.held or self._recover_due or self._outage_chats:
            return False
        if self._paused_until > loop_now or self._calling(recipient):
            return False
        if recipient in self._reserved or self._in_flight() >= self.limits.in_flight:
            return False
        return self._chat_ready(recipient)

    def _calling(self, recipient: str) -> bool:
        """Whether a call to `recipient` awaits Telegram's answer (or a failure is being
        recorded, which may hold the chat's next rows back)."""
        return recipient in self._flying and recipient not in self._answered

    def _in_flight(self) -> int:
        """Calls awaiting Telegram's answer, or about to start."""
        return sum(1 for chat in self._flying if self._calling(chat)) + len(self._reserved)

    def _deliver(self, handed: list[tuple[int, str, _Claimed]], behind: set[str]) -> None:
        """Make the calls a committed transaction handed over; `behind`: chats where it
        also queued rows, which wait for that call to land."""
        for row_id, recipient, claim in handed:
            self._reserved.discard(recipient)
            if not self.lease.held:
                # Another process sends now: the row goes back to the queue once stale.
                log.warning("outbox.handover_without_lease", row=row_id)
                continue
            self._start(recipient, asyncio.create_task(self._handed_call(row_id, recipient, claim)))
            if recipient in behind:
                self._held.add(recipient)

    async def _handed_call(self, row_id: int, recipient: str, claim: _Claimed) -> bool:
        await self._wait_out_pause()
        await self._pacer.wait()
        return await self._call(row_id, recipient, claim)

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
                .where(OutboxMessage.status == inline("sending"), ~other_sender)
                .values(status="pending", not_before=now)
            )
        return int(getattr(result, "rowcount", 0) or 0)

    async def run(self) -> None:
        try:
            while True:
                # Cleared before the pass, not after: an answer landing during the pass
                # wakes the next one at once instead of being missed.
                self._wake.clear()
                try:
                    sent = await self.step(wait=False)
                except Exception:
                    # One bad pass (the database away, say) must not silence the bot for good.
                    log.exception("outbox.drain_failed")
                    await asyncio.sleep(DRAIN_RETRY_SECONDS)
                    continue
                if sent is None:
                    await asyncio.sleep(LEASE_RETRY_SECONDS)
                elif not self._full:
                    # What the pass left is woken for: a handler's commit, a call landing
                    # in a chat with more to send, or a chat's next turn (`_idle_wait`).
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._wake.wait(), timeout=self._idle_wait())
        finally:
            with contextlib.suppress(SQLAlchemyError, OSError, TimeoutError):
                async with asyncio.timeout(LEASE_RELEASE_TIMEOUT):
                    await self.lease.release()

    async def step(self, *, wait: bool = True) -> int | None:
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
        await self._recover_stale()
        await self._probe_outage()
        return await self.drain_once(wait=wait)

    async def drain_once(self, *, wait: bool = True) -> int:
        """Start the calls that are due and allowed now; returns how many rows were taken.

        Rows are taken most urgent first, a few per chat (`PER_CHAT_PER_PASS`), so that one
        chat's backlog never fills a pass. A chat with a call out is passed over until its
        answer comes: its messages stay in order, and a slow chat delays only itself. With
        `wait` the pass awaits its calls and goes on until nothing more is due (tests and
        benchmarks); the running sender does not wait, and each answer wakes it.
        """
        attempted = 0
        while True:
            started = await self._start_due()
            attempted += len(started)
            if not wait:
                return attempted
            outcomes = await asyncio.gather(*started, return_exceptions=True)
            for outcome in outcomes:
                if isinstance(outcome, BaseException):
                    raise outcome
            if not started:
                return attempted

    async def _start_due(self) -> list[asyncio.Task[bool]]:
        rows = await self._due()
        self._full = len(rows) >= self.batch
        self._passes += 1
        started: list[asyncio.Task[bool]] = []
        if not rows or not await self._room_for_a_call(started):
            return started
        picked, out_of_room = self._pick(rows, self.limits.in_flight - self._in_flight())
        if out_of_room:
            # The next pass waits for a call to land, then takes the rest.
            self._full = True
        chats = {recipient for _, recipient in picked}
        # Kept until their calls start: a handler's commit starts none there meanwhile.
        self._reserved |= chats
        try:
            await self._start_picked(picked, started)
        finally:
            self._reserved -= chats
        return started

    async def _start_picked(
        self, picked: list[tuple[int, str]], started: list[asyncio.Task[bool]]
    ) -> None:
        if not picked:
            return
        await self._wait_out_pause()
        if self.lease.held and not await self.lease.keep():
            log.warning("outbox.lease_lost")
            return
        claimed = await self._claim([row_id for row_id, _ in picked])
        for row_id, recipient in picked:
            claim = claimed.get(row_id)
            if claim is None:
                # Expired or undeliverable: nothing went out, so the chat's next row may,
                # in the next pass.
                self._full = True
                continue
            # Paced right before the call, so database latency cannot bunch calls; and
            # held while a 429 that came meanwhile lasts.
            await self._wait_out_pause()
            await self._pacer.wait()
            self._reserved.discard(recipient)
            call = asyncio.create_task(self._call(row_id, recipient, claim))
            self._start(recipient, call)
            started.append(call)
            await asyncio.sleep(0)  # let the call go out now

    def _start(self, recipient: str, call: asyncio.Task[bool]) -> None:
        self._flying[recipient] = call
        self._answered.discard(recipient)
        call.add_done_callback(self._landed(recipient, self._passes))

    def _pick(self, rows: list[tuple[int, str]], room: int) -> tuple[list[tuple[int, str]], bool]:
        """The rows to send now, a chat's first only, at most `room`; and whether rows were
        left for want of room."""
        picked: list[tuple[int, str]] = []
        chats: set[str] = set()
        not_ready: set[str] = set()
        for row_id, recipient in rows:
            if recipient in self._flying or recipient in self._reserved or recipient in chats:
                # The landing of that chat's call starts the next pass.
                self._held.add(recipient)
                continue
            if recipient in not_ready:
                continue
            if len(picked) >= room:
                return picked, True
            if self._chat_ready(recipient):
                picked.append((row_id, recipient))
                chats.add(recipient)
            else:
                not_ready.add(recipient)
        return picked, False

    def _landed(self, recipient: str, passes: int) -> Callable[[asyncio.Task[bool]], None]:
        """What happens when a call lands. The next pass starts at once if a row of its
        chat waited for it: one passed over, or one a pass since could not see (the query
        holds back a chat's rows behind one being sent)."""

        def landed(call: asyncio.Task[bool]) -> None:
            if self._flying.get(recipient) is call:
                del self._flying[recipient]
                self._answered.discard(recipient)
            if not call.cancelled() and call.exception() is not None:
                # The outcome could not be recorded (the database away, say): the row stays
                # `sending` until `_recover_stale` returns it to the queue.
                log.warning("outbox.outcome_unrecorded", error=type(call.exception()).__name__)
            if recipient in self._held or self._passes != passes:
                self._held.discard(recipient)
                self._wake.set()

        return landed

    async def _room_for_a_call(self, started: list[asyncio.Task[bool]]) -> bool:
        """Wait until fewer than `Limits.in_flight` calls are out; False once a call of this
        pass has failed unexpectedly (the database is away, say), so that the pass stops."""
        flying = [call for call in self._flying.values() if not call.done()]
        if len(flying) >= self.limits.in_flight:
            await asyncio.wait(flying, return_when=asyncio.FIRST_COMPLETED)
        calls = [*started, *self._flying.values()]
        return not any(
            call.done() and not call.cancelled() and call.exception() is not None for call in calls
        )

    async def _recover_stale(self) -> None:
        """Return to the queue rows left `sending` past `STALE_AFTER` whose outcome this
        process could not record, without waiting for a restart. At most every
        `STALE_CHECK_SECONDS`, since it costs a statement."""
        loop_now = asyncio.get_running_loop().time()
        if loop_now - self._last_stale_check < STALE_CHECK_SECONDS:
            return
        self._last_stale_check = loop_now
        async with self.sessionmaker() as db, db.begin():
            result = await db.execute(
                update(OutboxMessage)
                .where(
                    OutboxMessage.status == inline("sending"),
                    OutboxMessage.not_before <= self.clock(),
                )
                .values(status="pending")
            )
        recovered = int(getattr(result, "rowcount", 0) or 0)
        if recovered:
            log.warning("outbox.recovered_stale", rows=recovered)

    async def _due(self) -> list[tuple[int, str]]:
        async with self.sessionmaker() as db:
            if self._one_statement:
                await db.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
            result = await db.execute(_DUE, {"now": self.clock(), "batch": self.batch})
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

    async def _claim(self, row_ids: list[int]) -> dict[int, _Claimed]:
        """Mark rows `sending` and return their calls, by row; a row with nothing to send
        is left out.

        One statement for all in the usual case: the rows are taken, counted and given
        their stale time as they are read. Claimed together, they cost one transaction,
        not one each; they are sent at once (the pass took no more than it has room for),
        and should this process stop first they go back to the queue like any row left
        `sending`.
        """
        now = self.clock()
        late_before = now - self.limits.scheduled_grace
        claimed: dict[int, _Claimed] = {}
        async with self.sessionmaker() as db, db.begin():
            rows = (
                await db.execute(
                    _CLAIM,
                    {"rows": row_ids, "late_before": late_before, "stale_at": now + STALE_AFTER},
                )
            ).all()
            missing = set(row_ids) - {row.id for row in rows}
            if missing:
                expired = await db.scalars(
                    _EXPIRE, {"rows": list(missing), "late_before": late_before}
                )
                for row_id in expired:
                    log.info("outbox.expired", row=row_id)
            for row in rows:
                try:
                    sealed = open_payload(self.cipher, row.recipient, row.payload_enc)
                    claim = _claimed(
                        row.method, sealed, row.recipient, row.participant_id, row.case_id
                    )
                except (KeyError, ValueError, DecryptionError) as exc:
                    # Retrying cannot help, and raising would wedge the queue on this row.
                    # The exception's text may quote the payload, so only its kind is kept.
                    reason = f"undeliverable row: {type(exc).__name__}"
                    await db.execute(
                        update(_ROWS)
                        .where(_ROWS.c.id == row.id)
                        .values(status="failed", payload_enc=NO_PAYLOAD, last_error=reason)
                    )
                    log.warning("outbox.failed", row=row.id, reason=reason)
                    continue
                claimed[row.id] = claim
        return claimed

    @property
    def _in_outage(self) -> bool:
        return len(self._outage_chats) >= 2

    async def _call(self, row_id: int, recipient: str, claimed: _Claimed) -> bool:
        """Make a claimed row's call and record its outcome; False when it stays queued
        for a retry."""
        loop = asyncio.get_running_loop()
        started = loop.time()
        try:
            result = await self.bot(claimed.method, request_timeout=int(self.limits.call_timeout))
        except TelegramRetryAfter as exc:
            self._paused_until = asyncio.get_running_loop().time() + exc.retry_after
            await self._finish(
                row_id, "pending", delay=exc.retry_after, error="429 retry_after", uncount=True
            )
            return False
        except TelegramForbiddenError:
            await self._unreachable(row_id)
        except TelegramBadRequest as exc:
            harmless = any(text in exc.message for text in HARMLESS_BAD_REQUESTS)
            await self._finish(row_id, "sent" if harmless else "failed", error=exc.message)
        except (TelegramServerError, TelegramNetworkError) as exc:
            # A call that only timed out says something about its chat; a 5xx or a
            # refused connection says Telegram is away for everyone.
            if exc.message != TIMED_OUT:
                self._outage_chats.add(recipient)
                self._outage_at = loop.time()
            return await self._retry(row_id, type(exc).__name__)
        except (TelegramAPIError, ClientDecodeError) as exc:
            # Anything else (404, 409, an unreadable answer...): retry, then fail with a reason,
            # rather than leave the row `sending` and stop the sender.
            return await self._retry(row_id, f"{type(exc).__name__}: {exc.message}")
        else:
            answer = result if isinstance(result, dict) else {}
            message_id = answer.get("message_id")
            read = claimed.method.__api_method__ == "getChat"
            if not isinstance(message_id, int) or read:
                message_id = None
            timer = int(answer.get("message_auto_delete_time") or 0) if read else None
            # Telegram has the message: the chat's next may go while this one is recorded.
            self._answered.add(recipient)
            await self._record_sent(_Sent(row_id, claimed, message_id, timer))
            # Only a call made after the failure shows that Telegram is back.
            if self._outage_chats and started > self._outage_at:
                outage, self._outage_chats = self._in_outage, set()
                if outage:
                    await self._resume_after_outage()
        return True

    async def _probe_outage(self) -> None:
        now = self.clock()
        if not self._in_outage or (
            self._last_probe is not None and now - self._last_probe < PROBE_EVERY
        ):
            return
        self._last_probe = now
        # The first in sending order, so that no row of its chat holds it back.
        first = (
            select(OutboxMessage.id)
            .where(
                OutboxMessage.status == inline("pending"),
                OutboxMessage.last_error.in_(OUTAGE_ERRORS),
                OutboxMessage.not_before > now,
            )
            .order_by(OutboxMessage.priority, OutboxMessage.id)
            .limit(1)
            .scalar_subquery()
        )
        async with self.sessionmaker() as db, db.begin():
            await db.execute(
                update(OutboxMessage).where(OutboxMessage.id == first).values(not_before=now)
            )

    async def _resume_after_outage(self) -> None:
        """Telegram answers again: what was backing off during the outage is due now, so
        it goes out at once, in order, instead of after up to `backoff_cap`."""
        now = self.clock()
        async with self.sessionmaker() as db, db.begin():
            resumed = await db.execute(
                update(OutboxMessage)
                .where(
                    OutboxMessage.status == inline("pending"),
                    OutboxMessage.last_error.in_(OUTAGE_ERRORS),
                    OutboxMessage.not_before > now,
                )
                .values(not_before=now)
            )
        log.info("outbox.resumed", rows=int(getattr(resumed, "rowcount", 0) or 0))
        self.wake()

    async def _retry(self, row_id: int, error: str) -> bool:
        """Back off and requeue, for as long as the retry window lasts; False while the
        row stays queued."""
        async with self.sessionmaker() as db:
            found = (
                await db.execute(
                    select(OutboxMessage.attempts, OutboxMessage.created_at).where(
                        OutboxMessage.id == row_id
                    )
                )
            ).first()
        if found is None:
            return True
        attempts, created_at = found
        if self.clock() - created_at >= self.limits.retry_window:
            hours = self.limits.retry_window.total_seconds() / 3600
            await self._finish(
                row_id, "failed", error=f"gave up after {hours:g} h ({attempts} tries): {error}"
            )
            return True
        delay = min(self.limits.backoff_cap, self.limits.backoff_base * 2 ** min(attempts, 30))
        await self._finish(row_id, "pending", delay=delay * random.uniform(0.5, 1.0), error=error)
        return False

    async def _unreachable(self, row_id: int) -> None:
        """403: fail the row and everything else still queued for that recipient, and mark
        the person unreachable, all in one transaction."""
        async with self.sessionmaker() as db, db.begin():
            row = await db.get(OutboxMessage, row_id)
            if row is None:
                return
            row.status, row.last_error, row.payload_enc = "failed", BLOCKED, NO_PAYLOAD
            others = await db.execute(
                update(OutboxMessage)
                .where(
                    OutboxMessage.recipient == row.recipient,
                    OutboxMessage.status == inline("pending"),
                )
                .values(status="failed", last_error=BLOCKED, payload_enc=NO_PAYLOAD)
            )
            if row.participant_id is not None:
                await db.execute(
                    update(Participant)
                    .where(Participant.id == row.participant_id)
                    .values(unreachable_at=self.clock())
                )
            await self._tell_failed(db, row_id)
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
        uncount: bool = False,
    ) -> None:
        now = self.clock()
        values: dict[str, Any] = {"status": status, "last_error": error}
        if uncount:
            # A 429 is Telegram asking to wait, not a failed try: it adds no backoff.
            values["attempts"] = OutboxMessage.attempts - 1
        if status == "sent":
            values["sent_at"] = now
        if status in ("sent", "failed"):
            values["payload_enc"] = NO_PAYLOAD
        values["not_before"] = now + timedelta(seconds=delay)
        async with self.sessionmaker() as db, db.begin():
            await db.execute(
                update(OutboxMessage).where(OutboxMessage.id == row_id).values(**values)
            )
            if status == "failed":
                await self._tell_failed(db, row_id)
        if status == "failed":
            log.warning("outbox.failed", row=row_id, reason=error)

    async def _record_sent(self, sent: _Sent) -> None:
        """Record a delivered row as `sent`; returns once that is committed, and raises
        when it could not be (the row then stays `sending`, see `_landed`).

        Calls that land while a record is being written are written together next, in one
        transaction: under load one commit serves many messages, and on SQLite the write
        lock is taken once for them all. Idle, a lone call is written at once.
        """
        written = asyncio.get_running_loop().create_future()
        self._delivered.append((sent, written))
        if self._recording is None or self._recording.done():
            self._recording = asyncio.create_task(self._write_delivered())
        await written

    async def _write_delivered(self) -> None:
        while self._delivered:
            batch, self._delivered = self._delivered, []
            try:
                await self._write_sent([sent for sent, _ in batch])
            except Exception as exc:  # noqa: BLE001 - each waiting call gets it
                for _, written in batch:
                    written.set_exception(exc)
            else:
                for _, written in batch:
                    written.set_result(None)

    async def _write_sent(self, rows: list[_Sent]) -> None:
        """A message now in a person's chat must be deletable by quick exit: its id is kept
        only sealed, for Telegram's 48 hours, and never on the row, which lives a week. A
        staff member's message id stays on the row, since a reply to it is relayed to the
        person it was about (`bot.app.staff`)."""
        now = self.clock()
        marks = [
            {
                "row_id": sent.row_id,
                "now": now,
                "result_message_id": None if sent.claimed.person is not None else sent.message_id,
            }
            for sent in rows
        ]
        traces = [
            footprints.trace(
                self.cipher,
                sent.claimed.person,
                sent.message_id,
                now,
                awaits_reader=sent.claimed.from_counsellor,
            )
            for sent in rows
            if sent.message_id is not None and sent.claimed.person is not None
        ]
        reads = [(sent.row_id, sent.timer) for sent in rows if sent.timer is not None]
        if self._one_statement and not (reads and self.on_chat_read is not None):
            async with self.sessionmaker() as db:
                await db.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
                await db.execute(
                    _SENT_WITH_TRACES,
                    {
                        "now": now,
                        "sent_rows": [mark["row_id"] for mark in marks],
                        "sent_message_ids": [mark["result_message_id"] for mark in marks],
                        **footprints.as_arrays(traces),
                    },
                )
            return
        async with self.sessionmaker() as db, db.begin():
            await db.execute(_SENT, marks)
            await footprints.note(db, traces)
            if self.on_chat_read is not None:
                for row_id, timer in reads:
                    await self.on_chat_read(db, row_id, timer)

    async def _tell_failed(self, db: AsyncSession, row_id: int) -> None:
        """In the transaction that records the failure: whoever must hear of it is told
        exactly when it is recorded, never before and never not at all."""
        if self.on_failed is not None:
            await self.on_failed(db, row_id)


class TransactionHandoff:
    """`queue.Handoff` for one transaction of a handler (`OutboxSender.handoff`): a chat's
    first call that the sender could make at once is written `sending` and made as the
    transaction commits (`deliver`), without the sender reading and claiming it first; the
    chat is kept for it meanwhile, so that no pass starts another call there."""

    def __init__(self, sender: OutboxSender) -> None:
        self._sender = sender
        self._offered: dict[str, _Claimed] = {}
        self._handed: list[tuple[int, str, _Claimed]] = []
        self._behind: set[str] = set()
        self._queued = False
        self._closed = False

    def offer(self, call: Call, payload: dict[str, Any]) -> bool:
        sender = self._sender
        if self._closed or not sender._may_take(call.recipient):
            return False
        try:
            claim = _claimed(
                call.method, payload, call.recipient, call.participant_id, call.case_id
            )
        except (KeyError, ValueError):
            # Queued instead: the sender's pass records why it cannot go.
            return False
        sender._reserved.add(call.recipient)
        self._offered[call.recipient] = claim
        return True

    def handed(self, call: Call, row_id: int) -> None:
        self._handed.append((row_id, call.recipient, self._offered.pop(call.recipient)))

    def queued(self, call: Call) -> None:
        self._queued = True
        if self._offered.pop(call.recipient, None) is not None:
            self._sender._reserved.discard(call.recipient)
        elif any(recipient == call.recipient for _, recipient, _ in self._handed):
            self._behind.add(call.recipient)

    def withdrawn(self) -> list[int]:
        rows = [row_id for row_id, _, _ in self._handed]
        self.abandon()
        self._closed = True
        self._queued = self._queued or bool(rows)
        return rows

    def deliver(self) -> None:
        """The transaction committed: make the calls handed over, and wake the sender for
        whatever else it may have queued."""
        handed, self._handed = self._handed, []
        self._sender._deliver(handed, self._behind)
        # With nothing handed over, the transaction may still have made rows due (or
        # unblocked them): the sender looks, as after any commit.
        if self._queued or not handed:
            self._sender.wake()

    def abandon(self) -> None:
        """The transaction rolled back: nothing was handed over."""
        for recipient in [*self._offered, *(recipient for _, recipient, _ in self._handed)]:
            self._sender._reserved.discard(recipient)
        self._offered, self._handed = {}, []
