"""Mood trends through the real daily check-in, over SQLite and PostgreSQL."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import conversations
from bot.domain import participants
from bot.domain.services import Services
from bot.engine.session import Reply
from bot.escalation import cases
from bot.escalation import staff as staff_members
from bot.scheduling import plans
from bot.storage.models import AuditEvent, Escalation, Participant, Schedule
from tests.domain.conftest import make_services

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
Sessions = async_sessionmaker[AsyncSession]

_ids = itertools.count(9000)


@pytest.fixture(scope="module")
def services() -> Services:
    return replace(make_services(ROOT / "flows"), clock=lambda: NOW)


def on_day(services: Services, day: int) -> Services:
    moment = NOW + timedelta(days=day)
    return replace(services, clock=lambda: moment)


async def person(sessions: Sessions, services: Services, **profile: Any) -> int:
    async with sessions() as db, db.begin():
        found = await participants.enrol(db, services, next(_ids), 800_000 + next(_ids))
        found.consented_at, found.locale = NOW, "en"
        found.role, found.age_band = "self", "adult"
        for name, value in profile.items():
            setattr(found, name, value)
        return found.id


async def check_in(
    sessions: Sessions, services: Services, who: int, moods: list[int], first_day: int = 0
) -> None:
    """One daily check-in a day, each answered with the next mood (5 is the first button)."""
    for day, mood in enumerate(moods, start=first_day):
        clocked = on_day(services, day)
        async with sessions() as db, db.begin():
            found = await db.get_one(Participant, who)
            await conversations.start(db, clocked, found, "daily-checkin")
            session = await conversations.load_session(db, clocked, found)
            assert session is not None
            event = Reply(at=clocked.clock(), choice=5 - mood, seq=session.seq)
            await conversations.reply(db, clocked, found, session, event)


async def cases_of(sessions: Sessions, who: int) -> list[Escalation]:
    async with sessions() as db:
        found = await db.scalars(
            select(Escalation).where(Escalation.participant_id == who).order_by(Escalation.id)
        )
        return list(found)


async def open_case(sessions: Sessions, who: int) -> Escalation | None:
    async with sessions() as db:
        return await cases.current(db, who)


async def test_three_low_check_ins_in_a_row_open_one_medium_case(
    sessions: Sessions, services: Services
) -> None:
    someone = await person(sessions, services)
    await check_in(sessions, services, someone, [4, 2, 1, 2])
    [case] = await cases_of(sessions, someone)
    assert (case.severity, case.reasons, case.signal) == ("medium", ["mood-low-3"], "trend")
    assert case.opened_at == NOW + timedelta(days=3)
    # A fourth low day is the same run: the case is not raised or joined again.
    await check_in(sessions, services, someone, [1], first_day=4)
    async with sessions() as db:
        actions = list(await db.scalars(select(AuditEvent.action)))
    assert actions == ["opened"]


async def test_low_days_with_a_break_between_open_nothing(
    sessions: Sessions, services: Services
) -> None:
    someone = await person(sessions, services)
    await check_in(sessions, services, someone, [2, 3, 2, 1])
    assert await cases_of(sessions, someone) == []


async def test_a_sharp_drop_opens_a_low_case(sessions: Sessions, services: Services) -> None:
    someone = await person(sessions, services)
    await check_in(sessions, services, someone, [5, 4, 1])
    [case] = await cases_of(sessions, someone)
    assert (case.severity, case.reasons, case.signal) == ("low", ["mood-drop"], "trend")
    # Low again the next day and the day after: the run of three joins and raises it.
    await check_in(sessions, services, someone, [2, 1], first_day=3)
    [case] = await cases_of(sessions, someone)
    assert case.severity == "medium" and case.reasons == ["mood-drop", "mood-low-3"]


async def test_after_a_case_is_resolved_a_continuing_run_needs_three_new_lows(
    sessions: Sessions, services: Services
) -> None:
    someone = await person(sessions, services)
    await check_in(sessions, services, someone, [1, 1, 1])
    async with sessions() as db, db.begin():
        invite = await staff_members.add(
            db, services, name="Aigul", role="counsellor", languages=["en"], gender=None
        )
        case = await cases.current(db, someone)
        assert case is not None
        await cases.resolve(db, on_day(services, 3), case, invite.staff)
    await check_in(sessions, services, someone, [1, 2], first_day=4)
    assert await open_case(sessions, someone) is None
    await check_in(sessions, services, someone, [1], first_day=6)
    # A new case, or the resolved one reopened: either way, in front of a counsellor again.
    again = await open_case(sessions, someone)
    assert again is not None and "mood-low-3" in again.reasons


async def test_no_case_before_consent(sessions: Sessions, services: Services) -> None:
    someone = await person(sessions, services, consented_at=None)
    await check_in(sessions, services, someone, [1, 1, 1])
    assert await cases_of(sessions, someone) == []


async def started_facts(sessions: Sessions, services: Services, who: int) -> dict[str, Any]:
    """The facts a flow starting now sees."""
    async with sessions() as db, db.begin():
        found = await db.get_one(Participant, who)
        await conversations.start(db, services, found, "daily-checkin")
        session = await conversations.load_session(db, services, found)
        assert session is not None
        return session.facts


async def test_a_flow_sees_the_average_mood_of_the_last_seven_days(
    sessions: Sessions, services: Services
) -> None:
    who = await person(sessions, services)
    # Days 0-2 fall out of the window seen on day 9; days 3, 5 and 8 are in it.
    await check_in(sessions, services, who, [1, 1, 1, 4, 5, 2], first_day=0)
    await check_in(sessions, services, who, [3], first_day=8)
    facts = await started_facts(sessions, on_day(services, 9), who)
    assert facts["mood_avg_7d"] == round((4 + 5 + 2 + 3) / 4, 1)


async def test_without_a_recent_mood_there_is_no_average_to_test(
    sessions: Sessions, services: Services
) -> None:
    who = await person(sessions, services)
    await check_in(sessions, services, who, [2], first_day=0)
    facts = await started_facts(sessions, on_day(services, 30), who)
    assert "mood_avg_7d" not in facts
    assert facts["missed_checkins"] == 0


async def test_a_flow_sees_how_many_check_ins_were_missed_in_a_row(
    sessions: Sessions, services: Services
) -> None:
    who = await person(sessions, services, checkin_time="09:00")
    async with sessions() as db, db.begin():
        found = await db.get_one(Participant, who)
        await plans.sync(db, services.library, found, NOW)
        await db.execute(
            update(Schedule).where(Schedule.participant_id == who).values(missed_in_row=2)
        )
    facts = await started_facts(sessions, services, who)
    assert facts["missed_checkins"] == 2
