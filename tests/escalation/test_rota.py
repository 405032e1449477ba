"""The weekly on-call rota: when a shift runs (no database), and the rota putting members on
and off duty over a real database of each kind."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.app import staff as staff_actions
from bot.domain.services import Services
from bot.escalation import rota
from bot.i18n import texts
from bot.storage.models import AuditEvent, DutySlot, Escalation, Staff
from tests.escalation.conftest import NOW, Raise, Sessions, clocked, member, person, staff_messages
from tests.escalation.test_reaching_a_person import app_of

UTC_ZONE = ZoneInfo("UTC")
ALMATY = ZoneInfo("Asia/Almaty")  # UTC+5 all year: no daylight saving


def slot(weekday: int, starts: str, ends: str) -> DutySlot:
    return DutySlot(weekday=weekday, starts=starts, ends=ends)


def at(day: int, clock: str, zone: ZoneInfo = UTC_ZONE) -> datetime:
    """A moment in the week of 2026-11-16 (a Monday): ISO `day`, `clock` in `zone`."""
    hours, minutes = map(int, clock.split(":"))
    return datetime(2026, 11, 15 + day, hours, minutes, tzinfo=zone)


def test_a_day_shift_includes_its_start_and_not_its_end() -> None:
    week = [slot(1, "09:00", "17:00")]
    assert not rota.in_shift(week, UTC_ZONE, at(1, "08:59"))
    assert rota.in_shift(week, UTC_ZONE, at(1, "09:00"))
    assert rota.in_shift(week, UTC_ZONE, at(1, "16:59"))
    assert not rota.in_shift(week, UTC_ZONE, at(1, "17:00"))
    assert not rota.in_shift(week, UTC_ZONE, at(2, "10:00"))
    assert not rota.in_shift([], UTC_ZONE, at(1, "10:00"))


def test_an_overnight_shift_runs_into_the_next_day_and_sunday_into_monday() -> None:
    week = [slot(3, "22:00", "06:00"), slot(7, "23:00", "01:00")]
    assert not rota.in_shift(week, UTC_ZONE, at(3, "21:59"))
    assert rota.in_shift(week, UTC_ZONE, at(3, "23:30"))
    assert rota.in_shift(week, UTC_ZONE, at(4, "05:59"))
    assert not rota.in_shift(week, UTC_ZONE, at(4, "06:00"))
    # Wednesday's early hours belong to Tuesday's night, and there is none.
    assert not rota.in_shift(week, UTC_ZONE, at(3, "05:00"))
    assert rota.in_shift(week, UTC_ZONE, at(7, "23:30"))
    assert rota.in_shift(week, UTC_ZONE, at(8, "00:30"))  # the Monday after
    assert not rota.in_shift(week, UTC_ZONE, at(8, "01:00"))


def test_a_shift_is_read_in_the_members_zone() -> None:
    week = [slot(1, "09:00", "18:00")]
    # 09:00 in Almaty is 04:00 UTC; 03:59 UTC is still before the shift there.
    assert rota.in_shift(week, ALMATY, at(1, "04:00"))
    assert not rota.in_shift(week, ALMATY, at(1, "03:59"))
    assert rota.in_shift(week, ALMATY, at(1, "09:00", ALMATY))
    # Monday 22:00 UTC is Tuesday 03:00 in Almaty: outside a Monday shift.
    assert not rota.in_shift(week, ALMATY, at(1, "22:00"))
    # The same instant with no zone set is read in UTC.
    assert rota.in_shift(week, UTC_ZONE, at(1, "10:00"))


@pytest.mark.parametrize(
    ("form", "field"),
    [
        (rota.SlotForm("0", "09:00", "17:00"), "weekday"),
        (rota.SlotForm("Mon", "09:00", "17:00"), "weekday"),
        (rota.SlotForm("1", "9am", "17:00"), "starts"),
        (rota.SlotForm("1", "09:00", "24:00"), "ends"),
        (rota.SlotForm("1", "09:00", "09:00"), "ends"),
    ],
)
def test_a_slot_that_makes_no_sense_is_refused_beside_its_field(
    form: rota.SlotForm, field: str
) -> None:
    assert field in rota.check(form)


def test_a_sensible_slot_passes() -> None:
    assert rota.check(rota.SlotForm("7", "22:00", "06:00")) == {}


async def _with_slot(sessions: Sessions, who: Staff, weekday: int, starts: str, ends: str) -> None:
    async with sessions() as db, db.begin():
        found = await db.get_one(Staff, who.id)
        await rota.add_slot(db, found, rota.SlotForm(str(weekday), starts, ends))


async def _apply(sessions: Sessions, services: Services, moment: datetime) -> tuple[int, int]:
    async with sessions() as db, db.begin():
        return await rota.apply_rota(db, clocked(services, moment), moment)


async def _staff(sessions: Sessions, who: Staff) -> Staff:
    async with sessions() as db:
        return await db.get_one(Staff, who.id)


async def _actions(sessions: Sessions, who: Staff) -> list[str]:
    """The member's going on and off duty, as audited."""
    duty = (rota.ROTA_ON, rota.ROTA_OFF, "on-duty", "off-duty")
    async with sessions() as db:
        rows = await db.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.staff_id == who.id, AuditEvent.action.in_(duty))
            .order_by(AuditEvent.id)
        )
        return list(rows)


async def test_a_shift_start_puts_a_member_on_duty_with_the_waiting_cases_and_its_end_off(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    # NOW is Friday 09:00 UTC.
    aigul = await member(sessions, services, on_duty=False)
    await _with_slot(sessions, aigul, 5, "10:00", "18:00")
    someone = await person(sessions, services)
    case = await raise_for(someone, "medium", "asked-for-counsellor")
    assert await _apply(sessions, services, NOW) == (0, 0)
    assert not (await _staff(sessions, aigul)).on_duty

    start = NOW + timedelta(hours=1)
    assert await _apply(sessions, services, start) == (1, 0)
    found = await _staff(sessions, aigul)
    assert found.on_duty and found.duty_by_rota
    said = await staff_messages(sessions, services, aigul)
    assert said[:2] == [texts.STAFF_ON_DUTY, texts.STAFF_WAITING % {"count": "1"}]
    assert someone.code in said[2]
    async with sessions() as db:
        assert (await db.get_one(Escalation, case.id)).staff_id == aigul.id
    # Each tick in the shift leaves them as they are: nothing said twice.
    assert await _apply(sessions, services, start + timedelta(minutes=1)) == (0, 0)

    end = NOW + timedelta(hours=9)
    assert await _apply(sessions, services, end) == (0, 1)
    found = await _staff(sessions, aigul)
    assert not found.on_duty and not found.duty_by_rota
    assert (await staff_messages(sessions, services, aigul))[-1] == texts.STAFF_OFF_DUTY
    assert await _actions(sessions, aigul) == [rota.ROTA_ON, rota.ROTA_OFF]
    async with sessions() as db:
        rota_events = await db.scalars(
            select(AuditEvent).where(AuditEvent.action.in_([rota.ROTA_ON, rota.ROTA_OFF]))
        )
        assert all(event.detail is None for event in rota_events)


async def test_duty_set_by_hand_stays_as_set(sessions: Sessions, services: Services) -> None:
    manual = await member(sessions, services, on_duty=True)
    await _with_slot(sessions, manual, 5, "10:00", "12:00")
    # On duty by hand before the shift: the shift's end does not take them off.
    await _apply(sessions, services, NOW + timedelta(hours=1))
    await _apply(sessions, services, NOW + timedelta(hours=4))
    found = await _staff(sessions, manual)
    assert found.on_duty and not found.duty_by_rota
    assert await _actions(sessions, manual) == []


async def test_going_off_by_hand_during_a_shift_holds_until_the_next_shift(
    sessions: Sessions, services: Services
) -> None:
    aigul = await member(sessions, services, on_duty=False)
    await _with_slot(sessions, aigul, 5, "10:00", "12:00")
    await _with_slot(sessions, aigul, 5, "14:00", "16:00")
    during = NOW + timedelta(hours=1)
    await _apply(sessions, services, during)
    async with sessions() as db, db.begin():
        app = app_of(clocked(services, during))
        await staff_actions.toggle_duty(db, app, await db.get_one(Staff, aigul.id))
    assert not (await _staff(sessions, aigul)).on_duty
    # The rest of this shift: the rota does not put them back.
    assert await _apply(sessions, services, during + timedelta(minutes=30)) == (0, 0)
    assert not (await _staff(sessions, aigul)).on_duty
    # Its end says nothing (they are off already); the next shift puts them on again.
    assert await _apply(sessions, services, NOW + timedelta(hours=3)) == (0, 0)
    assert await _apply(sessions, services, NOW + timedelta(hours=5)) == (1, 0)
    assert await _actions(sessions, aigul) == [rota.ROTA_ON, "off-duty", rota.ROTA_ON]


async def test_going_on_by_hand_during_a_shift_outlasts_it(
    sessions: Sessions, services: Services
) -> None:
    aigul = await member(sessions, services, on_duty=True)
    await _with_slot(sessions, aigul, 5, "10:00", "12:00")
    during = NOW + timedelta(hours=1)
    async with sessions() as db, db.begin():
        app = app_of(clocked(services, during))
        found = await db.get_one(Staff, aigul.id)
        await staff_actions.toggle_duty(db, app, found)  # off, then on again by hand
        await staff_actions.toggle_duty(db, app, found)
    await _apply(sessions, services, NOW + timedelta(hours=3))
    assert (await _staff(sessions, aigul)).on_duty


async def test_slots_belong_to_their_member_and_are_bounded(
    sessions: Sessions, services: Services
) -> None:
    aigul = await member(sessions, services)
    other = await member(sessions, services)
    async with sessions() as db, db.begin():
        mine = await rota.add_slot(
            db, await db.get_one(Staff, aigul.id), rota.SlotForm("1", "09:00", "17:00")
        )
        assert not await rota.remove_slot(db, await db.get_one(Staff, other.id), mine.id)
        with pytest.raises(rota.SlotError) as refused:
            await rota.add_slot(
                db, await db.get_one(Staff, aigul.id), rota.SlotForm("1", "09:00", "09:00")
            )
        assert refused.value.field == "ends"
        found = await db.get_one(Staff, aigul.id)
        for _ in range(rota.SLOTS_MOST - 1):
            await rota.add_slot(db, found, rota.SlotForm("2", "09:00", "10:00"))
        with pytest.raises(rota.SlotError):
            await rota.add_slot(db, found, rota.SlotForm("3", "09:00", "10:00"))
        assert await rota.remove_slot(db, found, mine.id)


async def test_a_member_in_a_zone_goes_on_at_their_local_time(
    sessions: Sessions, services: Services
) -> None:
    aigul = await member(sessions, services, on_duty=False)
    async with sessions() as db, db.begin():
        (await db.get_one(Staff, aigul.id)).timezone = "Asia/Almaty"
    await _with_slot(sessions, aigul, 5, "14:00", "15:00")  # 09:00 to 10:00 UTC
    assert await _apply(sessions, services, NOW) == (1, 0)
    assert await _apply(sessions, services, NOW + timedelta(hours=1)) == (0, 1)
