"""Individual plans over a real database: set by a counsellor, run as the person's
check-in schedule, read with /plan, reviewed on time, audited, erased with the person."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from bot.app import care, plans
from bot.app.plans import NotAllowed
from bot.domain import participants
from bot.domain.services import Services
from bot.escalation import cases
from bot.i18n import texts
from bot.library import screen as library
from bot.outbox.queue import decode_payload
from bot.scheduling import plans as routine
from bot.scheduling.individual import Checkin, PlanError
from bot.storage import aad
from bot.storage.models import (
    AuditEvent,
    CarePlan,
    OutboxMessage,
    Participant,
    PlanModule,
    Schedule,
)
from tests.care.conftest import app_of
from tests.escalation.conftest import NOW, Sessions, clocked, member, person, staff_messages

WHO5_FORTNIGHTLY = Checkin("checkin-wellbeing", 14, 26, NOW.date())


async def person_texts(sessions: Sessions, services: Services, who: Participant) -> list[str]:
    async with sessions() as db:
        rows = await db.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.participant_id == who.id, OutboxMessage.method == "sendMessage")
            .order_by(OutboxMessage.id)
        )
        return [decode_payload(services.cipher, row)["text"] for row in rows]


async def test_a_plan_drives_the_persons_check_ins_and_ends_with_its_weeks(
    sessions: Sessions, services: Services
) -> None:
    counsellor = await member(sessions, services)
    someone = await person(
        sessions, services, counsellor_id=counsellor.id, checkin_time="09:00", age_band="adult"
    )
    async with sessions() as db, db.begin():
        found = await db.get_one(Participant, someone.id)
        await routine.sync(db, services.library, found, NOW)
        routine_kinds = set(await db.scalars(select(Schedule.kind)))
        staff = await db.get_one(type(counsellor), counsellor.id)
        await plans.set_plan(
            db,
            app_of(services),
            staff,
            found,
            goals="Sleep better; call my sister on Sundays",
            checkin=WHO5_FORTNIGHTLY,
            review_on=NOW.date() + timedelta(days=30),
        )
    assert "wellbeing" in routine_kinds  # the routine WHO-5 check-in, before the plan
    async with sessions() as db:
        rows = {row.kind: row for row in await db.scalars(select(Schedule))}
        plan = await db.scalar(select(CarePlan))
    assert plan is not None and plan.goals_enc is not None
    assert b"sister" not in plan.goals_enc
    goals = services.cipher.decrypt(plan.goals_enc, aad.plan_goals(someone.id)).decode()
    assert goals == "Sleep better; call my sister on Sundays"
    # The plan's WHO-5 replaces the routine one: the same questionnaire is not asked twice.
    assert "wellbeing" not in rows and rows["plan"].flow == "checkin-wellbeing"
    agreed = rows["plan"]
    assert agreed.every_days == 14 and agreed.local_time == "09:00"
    assert agreed.until is not None and agreed.until - NOW > timedelta(weeks=25)
    assert agreed.due_at > NOW

    # A profile change (another reminder time) keeps the plan's row, at the new time.
    async with sessions() as db, db.begin():
        found = await db.get_one(Participant, someone.id)
        found.checkin_time = "18:30"
        await routine.sync(db, services.library, found, NOW)
        moved = await db.scalar(select(Schedule).where(Schedule.kind == "plan"))
        assert moved is not None and moved.local_time == "18:30"

    # After the agreed weeks the check-in is gone.
    later = clocked(services, NOW + timedelta(weeks=27))
    async with sessions() as db, db.begin():
        counts = await care.tick(db, later)
        assert counts["plan_checkins_ended"] == 1
        assert await db.scalar(select(Schedule).where(Schedule.kind == "plan")) is None
        actions = list(await db.scalars(select(AuditEvent.action)))
        details = list(await db.scalars(select(AuditEvent.detail)))
    assert actions == ["plan_set"]
    assert "sister" not in str(details)


async def test_only_the_persons_own_counsellor_or_a_supervisor_may_set_it(
    sessions: Sessions, services: Services
) -> None:
    own = await member(sessions, services)
    other = await member(sessions, services)
    boss = await member(sessions, services, role="supervisor")
    someone = await person(sessions, services, counsellor_id=own.id)
    async with sessions() as db, db.begin():
        found = await db.get_one(Participant, someone.id)
        stranger = await db.get_one(type(other), other.id)
        with pytest.raises(NotAllowed):
            await plans.set_plan(
                db, app_of(services), stranger, found, goals="x", checkin=None, review_on=None
            )
        supervisor = await db.get_one(type(boss), boss.id)
        await plans.set_plan(
            db, app_of(services), supervisor, found, goals="x", checkin=None, review_on=None
        )
        with pytest.raises(PlanError, match="no flow named"):
            await plans.set_plan(
                db,
                app_of(services),
                supervisor,
                found,
                goals=None,
                checkin=Checkin("no-such-flow", 7, 4, NOW.date()),
                review_on=None,
            )
        # WHO-5 asks about two weeks: weekly would count days twice.
        with pytest.raises(PlanError, match="asks about 14 days"):
            await plans.set_plan(
                db,
                app_of(services),
                supervisor,
                found,
                goals=None,
                checkin=Checkin("checkin-wellbeing", 13, 4, NOW.date()),
                review_on=None,
            )
        with pytest.raises(PlanError, match="not a module"):
            await plans.assign_modules(db, app_of(services), supervisor, found, ["onboarding"])


async def test_plan_shows_goals_check_in_review_and_modules_in_the_persons_language(
    sessions: Sessions, services: Services
) -> None:
    counsellor = await member(sessions, services)
    someone = await person(sessions, services, counsellor_id=counsellor.id, locale="en")
    async with sessions() as db, db.begin():
        found = await db.get_one(Participant, someone.id)
        await plans.show(db, app_of(services), found)
    [none] = await person_texts(sessions, services, someone)
    assert "do not have a plan" in none
    async with sessions() as db, db.begin():
        found = await db.get_one(Participant, someone.id)
        staff = await db.get_one(type(counsellor), counsellor.id)
        app = app_of(services)
        await plans.set_plan(
            db,
            app,
            staff,
            found,
            goals="Walk every morning",
            checkin=WHO5_FORTNIGHTLY,
            review_on=date(2026, 12, 20),
        )
        await plans.assign_modules(db, app, staff, found, ["sleep", "grounding"])
        await plans.show(db, app, found)
        last = await db.scalar(select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(1))
    assert last is not None
    payload = decode_payload(services.cipher, last)
    text = payload["text"]
    assert "Walk every morning" in text
    assert "every 2 weeks, until May 20, 2027" in text
    assert "December 20, 2026" in text
    buttons = [row[0]["callback_data"] for row in payload["reply_markup"]["inline_keyboard"]]
    assert buttons == ["lib:f:sleep", "lib:f:grounding"]

    # /library shows the plan's modules first.
    async with sessions() as db, db.begin():
        await library.show(db, services, await db.get_one(Participant, someone.id))
        last = await db.scalar(select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(1))
    assert last is not None
    shelf = decode_payload(services.cipher, last)
    assert texts.LIBRARY_FROM_PLAN in shelf["text"]
    first = [row[0] for row in shelf["reply_markup"]["inline_keyboard"][:2]]
    assert [b["callback_data"] for b in first] == ["lib:f:sleep", "lib:f:grounding"]
    assert all(b["text"].startswith("📌 ") for b in first)


async def test_the_counsellor_is_reminded_once_when_the_review_date_comes(
    sessions: Sessions, services: Services
) -> None:
    counsellor = await member(sessions, services)
    someone = await person(sessions, services, counsellor_id=counsellor.id)
    async with sessions() as db, db.begin():
        found = await db.get_one(Participant, someone.id)
        staff = await db.get_one(type(counsellor), counsellor.id)
        await plans.set_plan(
            db,
            app_of(services),
            staff,
            found,
            goals=None,
            checkin=None,
            review_on=NOW.date() + timedelta(days=14),
        )
    for days in (13, 14, 15):
        async with sessions() as db, db.begin():
            await care.tick(db, clocked(services, NOW + timedelta(days=days)))
    told = [t for t in await staff_messages(sessions, services, counsellor) if "review" in t]
    assert told == [f"The plan of {someone.code} is due for review (December 4, 2026)."]


async def test_forget_erases_the_plan_its_modules_and_schedule(
    sessions: Sessions, services: Services
) -> None:
    counsellor = await member(sessions, services)
    someone = await person(sessions, services, counsellor_id=counsellor.id)
    app = app_of(services)
    async with sessions() as db, db.begin():
        found = await db.get_one(Participant, someone.id)
        staff = await db.get_one(type(counsellor), counsellor.id)
        await plans.set_plan(
            db, app, staff, found, goals="private words", checkin=WHO5_FORTNIGHTLY, review_on=None
        )
        await plans.assign_modules(db, app, staff, found, ["sleep"])
    async with sessions() as db, db.begin():
        found = await db.get_one(Participant, someone.id)
        await cases.erase(db, services, found)
        await participants.forget(db, services, found)
    async with sessions() as db:
        for table in (CarePlan, PlanModule, Schedule):
            assert await db.scalar(select(func.count()).select_from(table)) == 0
