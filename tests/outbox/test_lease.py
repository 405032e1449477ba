"""One sender per bot: the "outbox-sender" lease, with two senders on one database.

Each sender stands for a process; both talk to the same emulator, as two processes of one
bot talk to Telegram. Lease times follow the fake clock, so nothing here sleeps.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

from aiogram import Bot
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.outbox.lease import JobLease
from bot.outbox.sender import OutboxSender
from bot.sandbox import BotApiEmulator
from bot.storage.crypto import Cipher
from bot.storage.models import Lease, OutboxMessage
from tests.outbox.conftest import ALI, BEK, FAST, Add, FakeClock, SenderFactory, load, texts

JOB = "outbox-sender"


async def holder(sessions: async_sessionmaker[AsyncSession]) -> str | None:
    async with sessions() as db:
        return await db.scalar(select(Lease.holder).where(Lease.job == JOB))


async def test_only_the_holder_sends_and_the_other_takes_over_when_it_expires(
    make_sender: SenderFactory,
    add: Add,
    sessions: async_sessionmaker[AsyncSession],
    emulator: BotApiEmulator,
    clock: FakeClock,
) -> None:
    first, second = make_sender(), make_sender()
    await add(ALI, "one")
    assert await first.step() == 1
    assert await holder(sessions) == first.lease.holder

    waiting = await add(BEK, "two")
    assert await second.step() is None
    clock.advance(first.lease.seconds - 1)  # the first process has gone quiet, not away
    assert await second.step() is None
    assert (await load(sessions, waiting)).status == "pending"
    assert texts(emulator, BEK) == []

    clock.advance(1)  # its lease runs out
    assert await second.step() == 1
    assert texts(emulator, BEK) == ["two"]
    assert await holder(sessions) == second.lease.holder

    # The first process wakes up: it may not send any more.
    await add(ALI, "three")
    assert await first.step() is None
    assert texts(emulator, ALI) == ["one"]
    assert await second.step() == 1
    assert texts(emulator, ALI) == ["one", "three"]


async def test_the_holder_renews_its_lease_while_it_sends(
    make_sender: SenderFactory, add: Add, emulator: BotApiEmulator, clock: FakeClock
) -> None:
    first, second = make_sender(), make_sender()
    assert await first.step() == 0
    for _ in range(5):  # well past the lease's 30 s, in steps shorter than it
        clock.advance(20)
        assert await first.step() == 0
        assert await second.step() is None

    await add(ALI, "still mine")
    assert await second.step() is None
    assert await first.step() == 1
    assert texts(emulator, ALI) == ["still mine"]


async def test_a_holder_that_lost_its_lease_stops_in_the_middle_of_a_pass(
    make_sender: SenderFactory, add: Add, emulator: BotApiEmulator, clock: FakeClock
) -> None:
    stalled, other = make_sender(), make_sender()
    assert await stalled.step() == 0
    clock.advance(stalled.lease.seconds)
    assert await other.step() == 0  # takes the lease over

    await add(ALI, "one")
    await add(BEK, "two")
    # The stalled process resumes a pass it started before it lost the lease.
    assert await stalled.drain_once() == 0
    assert texts(emulator, ALI) == texts(emulator, BEK) == []
    assert await other.step() == 2


async def test_recover_leaves_rows_in_flight_alone_while_their_sender_holds_the_lease(
    make_sender: SenderFactory,
    add: Add,
    sessions: async_sessionmaker[AsyncSession],
    emulator: BotApiEmulator,
    clock: FakeClock,
) -> None:
    first, second = make_sender(), make_sender()
    assert await first.step() == 0
    # A row the first process has marked `sending` and is sending right now.
    in_flight = await add(ALI, "in flight")
    async with sessions() as db, db.begin():
        await db.execute(
            update(OutboxMessage).where(OutboxMessage.id == in_flight).values(status="sending")
        )

    assert await second.recover() == 0
    assert await second.step() is None
    assert (await load(sessions, in_flight)).status == "sending"
    assert texts(emulator, ALI) == []

    # The first process died with the row in flight: once its lease expires, the row is
    # queued again and sent by the process that took over.
    clock.advance(first.lease.seconds)
    assert await second.step() == 1
    assert (await load(sessions, in_flight)).status == "sent"
    assert texts(emulator, ALI) == ["in flight"]


async def test_a_new_holder_recovers_before_it_sends(
    make_sender: SenderFactory, add: Add, sessions: async_sessionmaker[AsyncSession]
) -> None:
    # No lease at all (a process died before the first renewal was written, say).
    stuck = await add(ALI, "stuck")
    async with sessions() as db, db.begin():
        await db.execute(
            update(OutboxMessage).where(OutboxMessage.id == stuck).values(status="sending")
        )
    assert await make_sender().step() == 1
    assert (await load(sessions, stuck)).status == "sent"


async def test_lease_taken_by_one_of_two_at_once(
    sessions: async_sessionmaker[AsyncSession], clock: FakeClock
) -> None:
    leases = [JobLease(sessions, "job", clock) for _ in range(4)]
    taken = await asyncio.gather(*(lease.take() for lease in leases))
    assert sum(taken) == 1
    winner = leases[taken.index(True)]
    assert [lease.held for lease in leases] == list(taken)

    async with sessions() as db:
        row = await db.get(Lease, "job")
    assert row is not None
    assert (row.holder, row.expires_at) == (winner.holder, clock() + timedelta(seconds=30))


async def test_lease_renewal_release_and_takeover(
    sessions: async_sessionmaker[AsyncSession], clock: FakeClock
) -> None:
    mine = JobLease(sessions, "job", clock, seconds=30, renew_every=10)
    theirs = JobLease(sessions, "job", clock, seconds=30, renew_every=10)
    assert not await mine.keep()  # never taken
    assert await mine.take()
    start = clock()

    clock.advance(9)
    assert await mine.keep()  # not due for renewal yet
    assert mine.expires_at == start + timedelta(seconds=30)
    clock.advance(1)
    assert await mine.keep()  # renewed: until 40 s after the start
    async with sessions() as db:
        row = await db.get(Lease, "job")
    assert row is not None
    assert row.expires_at == mine.expires_at == start + timedelta(seconds=40)

    clock.advance(29)
    assert not await theirs.take()
    clock.advance(1)
    assert await theirs.take()
    assert not await mine.renew()
    assert not mine.held
    assert not await mine.take()

    await theirs.release()
    assert not theirs.held
    assert await mine.take()  # at once, without waiting for an expiry


async def test_a_fixed_holder_restarted_after_a_crash_takes_over_at_once(
    sessions: async_sessionmaker[AsyncSession],
    cipher: Cipher,
    bot: Bot,
    add: Add,
    emulator: BotApiEmulator,
    clock: FakeClock,
) -> None:
    """SQLite serves one process: its restart must not wait for the old lease to run out."""
    crashed = OutboxSender(sessions, cipher, bot, clock, limits=FAST, holder="embedded")
    await add(ALI, "one")
    assert await crashed.step() == 1
    await add(ALI, "two")
    restarted = OutboxSender(sessions, cipher, bot, clock, limits=FAST, holder="embedded")
    assert await restarted.step() == 1  # the old lease is still live, and it is its own
    assert texts(emulator, ALI) == ["one", "two"]
    stranger = OutboxSender(sessions, cipher, bot, clock, limits=FAST)
    assert await stranger.step() is None
