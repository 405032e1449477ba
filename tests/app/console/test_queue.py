"""The queue: what each member sees, in which order, under which filter, and taking the
next case."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.app.console import access, queue
from bot.domain.services import Services
from bot.escalation import cases
from bot.storage.models import Escalation, Staff
from tests.escalation.conftest import NOW, Raise, Sessions, member, person


async def _rows(sessions: Sessions, services: Services, who: Staff, shown: str) -> list[int]:
    async with sessions() as db:
        return [row.case_id for row in await queue.rows(db, services, who, shown)]


async def _claim(sessions: Sessions, services: Services, case: Escalation, who: Staff) -> None:
    async with sessions() as db, db.begin():
        found = await db.get_one(Escalation, case.id)
        assert await cases.claim(db, services, found, who)


async def test_most_severe_first_then_longest_waiting(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    boss = await member(sessions, services, role="supervisor", on_duty=False)
    medium_old = await raise_for(await person(sessions, services), "medium", at=NOW)
    high_new = await raise_for(
        await person(sessions, services), "high", at=NOW + timedelta(minutes=5)
    )
    high_old = await raise_for(
        await person(sessions, services), "high", at=NOW + timedelta(minutes=1)
    )
    critical = await raise_for(
        await person(sessions, services), "critical", at=NOW + timedelta(minutes=9)
    )
    order = [critical.id, high_old.id, high_new.id, medium_old.id]
    assert await _rows(sessions, services, boss, queue.ALL) == order


async def test_rows_say_who_has_it_how_long_it_waits_and_when_it_is_due(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    aigul = await member(sessions, services)
    case = await raise_for(await person(sessions, services), "high")
    async with sessions() as db:
        [row] = await queue.rows(db, services, aigul, queue.AVAILABLE)
    assert row.holder == "Aigul" and row.mine and row.status == "open"
    assert row.locale == "ru" and row.code is not None
    assert row.waiting == timedelta(0)
    assert row.due_in == services.policy.deadlines["high"]
    assert not (row.felt_unsafe or row.reopened)
    await _claim(sessions, services, case, aigul)
    async with sessions() as db:
        [row] = await queue.rows(db, services, aigul, queue.MINE)
    assert row.due_in is None, "claimed: nothing is due"


async def test_filters_for_a_counsellor_and_a_supervisor(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    # Nobody on duty: the waiting case is assigned to nobody.
    aigul = await member(sessions, services, on_duty=False)
    dana = await member(sessions, services, on_duty=False)
    boss = await member(sessions, services, role="supervisor", on_duty=False)
    hers = await raise_for(await person(sessions, services), "high")
    danas = await raise_for(await person(sessions, services), "high")
    waiting = await raise_for(await person(sessions, services), "medium")
    await _claim(sessions, services, hers, aigul)
    await _claim(sessions, services, danas, dana)

    assert queue.filters(aigul) == (queue.AVAILABLE, queue.MINE, queue.UNASSIGNED)
    assert await _rows(sessions, services, aigul, queue.AVAILABLE) == [hers.id, waiting.id]
    assert await _rows(sessions, services, aigul, queue.MINE) == [hers.id]
    assert await _rows(sessions, services, aigul, queue.UNASSIGNED) == [waiting.id]
    with pytest.raises(ValueError, match="filter must be one of"):
        await _rows(sessions, services, aigul, queue.ALL)

    assert queue.filters(boss)[0] == queue.ALL
    assert set(await _rows(sessions, services, boss, queue.ALL)) == {hers.id, danas.id, waiting.id}
    assert await _rows(sessions, services, boss, queue.MINE) == []


async def test_take_next_claims_the_most_urgent_case_the_counsellor_may_take(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    aigul = await member(sessions, services, on_duty=False)
    dana = await member(sessions, services, on_duty=False)
    unsafe = await raise_for(await person(sessions, services), "critical")
    claimed = await raise_for(await person(sessions, services), "critical")
    medium = await raise_for(await person(sessions, services), "medium")
    high = await raise_for(await person(sessions, services), "high")
    async with sessions() as db, db.begin():
        (await db.get_one(Escalation, unsafe.id)).felt_unsafe = True
    await _claim(sessions, services, claimed, dana)

    async with sessions() as db, db.begin():
        taken = await queue.take_next(db, services, aigul)
    assert taken is not None and taken.id == high.id, "never a 'felt unsafe' case, nor Dana's"
    async with sessions() as db, db.begin():
        taken = await queue.take_next(db, services, aigul)
    assert taken is not None and taken.id == medium.id
    async with sessions() as db, db.begin():
        assert await queue.take_next(db, services, aigul) is None
    async with sessions() as db:
        found = await db.get_one(Escalation, high.id)
        assert (found.status, found.staff_id) == ("claimed", aigul.id)
        assert not cases.may_see(aigul, await db.get_one(Escalation, unsafe.id))


async def test_a_supervisor_takes_a_felt_unsafe_case(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    boss = await member(sessions, services, role="supervisor")
    unsafe = await raise_for(await person(sessions, services), "medium")
    async with sessions() as db, db.begin():
        (await db.get_one(Escalation, unsafe.id)).felt_unsafe = True
    async with sessions() as db:
        [row] = await queue.rows(db, services, boss, queue.ALL)
    assert row.felt_unsafe
    async with sessions() as db, db.begin():
        taken = await queue.take_next(db, services, boss)
    assert taken is not None and taken.id == unsafe.id


async def test_a_reopened_case_is_flagged(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    aigul = await member(sessions, services)
    case = await raise_for(await person(sessions, services), "medium")
    async with sessions() as db, db.begin():
        found = await db.get_one(Escalation, case.id)
        await cases.resolve(db, services, found, aigul)
        await cases.reopen(db, services, found, aigul)
    async with sessions() as db:
        [row] = await queue.rows(db, services, aigul, queue.MINE)
    assert row.reopened


async def test_a_counsellor_may_not_see_a_colleagues_claimed_case(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    aigul = await member(sessions, services)
    dana = await member(sessions, services)
    boss = await member(sessions, services, role="supervisor", on_duty=False)
    admin = await member(sessions, services, role="admin", on_duty=False)
    case = await raise_for(await person(sessions, services), "high")
    await _claim(sessions, services, case, dana)
    async with sessions() as db:
        found = await db.get_one(Escalation, case.id)
    assert cases.may_see(dana, found)
    assert not cases.may_see(aigul, found)
    assert cases.may_see(boss, found) and cases.may_see(admin, found)
    assert access.manages_staff(admin) and not access.manages_staff(boss)
