"""The tick over a real database (SQLite and PostgreSQL) with an injected clock."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy import delete, select

from bot.app import conversations
from bot.app.tick import tick
from bot.domain.services import Services
from bot.escalation import staff as staff_members
from bot.outbox.messages import PRIORITY_SCHEDULED
from bot.scheduling import control
from bot.scheduling.decide import MISSED_SIGNAL_AFTER, Timing
from bot.storage.models import (
    Escalation,
    OutboxMessage,
    Participant,
    Schedule,
    ScheduledFlow,
    Signal,
)
from tests.scheduling.conftest import START, Enrol, Sessions, outbox

TIMING = Timing()
REMINDER = "Time for your check-in 🌱"


def at(hour: int, minute: int = 0, day: int = 0) -> datetime:
    """A UTC moment on the test's Friday (or `day` days later)."""
    return START.replace(hour=hour, minute=minute) + timedelta(days=day)


def clocked(services: Services, moment: datetime) -> Services:
    return replace(services, clock=lambda: moment)


async def run(sessions: Sessions, services: Services, moment: datetime) -> None:
    await tick(sessions, clocked(services, moment), TIMING)


async def test_each_zone_gets_its_own_local_time_once(
    sessions: Sessions, services: Services, enrol: Enrol
) -> None:
    zones = {
        "Asia/Almaty": at(9),
        "Asia/Tashkent": at(9),
        "Asia/Dushanbe": at(9),
        "Asia/Bishkek": at(8),
    }
    people = {await enrol(timezone=name): due for name, due in zones.items()}
    for minute in range(7 * 60, 10 * 60, 15):
        await run(sessions, services, at(0) + timedelta(minutes=minute))
        await run(sessions, services, at(0) + timedelta(minutes=minute))  # a second process
    sent = await outbox(sessions, services)
    assert sorted(pid or 0 for pid, _ in sent) == sorted(people)
    for _, payload in sent:
        assert payload["text"] == REMINDER
        labels = [row[0]["text"] for row in payload["reply_markup"]["inline_keyboard"]]
        assert labels == ["Check in now", "In 1 hour", "In 3 hours"]
    async with sessions() as db:
        rows = (await db.scalars(select(OutboxMessage))).all()
        assert {row.priority for row in rows} == {PRIORITY_SCHEDULED}
        # Queued at the local time, not before: Bishkek's row came first.
        first = min(rows, key=lambda row: row.created_at)
        assert first.created_at == at(8) and first.participant_id in people


async def test_nothing_is_sent_twice_and_tomorrow_comes_again(
    sessions: Sessions, services: Services, enrol: Enrol
) -> None:
    await enrol()
    for moment in (at(9), at(9), at(9, 1), at(10), at(23), at(9, day=1)):
        await run(sessions, services, moment)
    sent = await outbox(sessions, services)
    # The gentle reminder was due at 11:00 while no tick ran: stale by 23:00, not sent.
    assert [payload["text"] for _, payload in sent] == [REMINDER, REMINDER]


async def test_one_gentle_reminder_unless_answered(
    sessions: Sessions, services: Services, enrol: Enrol
) -> None:
    quiet, answered = await enrol(), await enrol()
    await run(sessions, services, at(9))
    async with sessions() as db, db.begin():
        person = await db.get_one(Participant, answered)
        await conversations.start(db, clocked(services, at(9, 5)), person, "daily-checkin")
    async with sessions() as db, db.begin():
        await db.execute(delete(OutboxMessage))
    await run(sessions, services, at(11))
    await run(sessions, services, at(12))
    sent = await outbox(sessions, services)
    assert [(pid, payload["text"]) for pid, payload in sent] == [
        (quiet, "Your check-in is still here whenever you are ready 🌱")
    ]


async def test_snooze_brings_the_reminder_back_after_an_hour(
    sessions: Sessions, services: Services, enrol: Enrol
) -> None:
    person = await enrol()
    await run(sessions, services, at(9))
    async with sessions() as db, db.begin():
        await control.snooze(db, person, 60, at(9, 1))
    await run(sessions, services, at(10))
    assert len(await outbox(sessions, services)) == 1
    await run(sessions, services, at(10, 1))
    await run(sessions, services, at(10, 2))
    sent = await outbox(sessions, services)
    assert [payload["text"] for _, payload in sent] == [REMINDER, REMINDER]


async def test_pause_stop_and_resume(sessions: Sessions, services: Services, enrol: Enrol) -> None:
    paused, stopped = await enrol(), await enrol()
    async with sessions() as db, db.begin():
        control.pause(await db.get_one(Participant, paused), at(6), days=control.PAUSE_DAYS)
        control.stop(await db.get_one(Participant, stopped))
    for day in range(9):
        await run(sessions, services, at(9, day=day))
    sent = [pid for pid, _ in await outbox(sessions, services)]
    # The week-long pause ended: reminders on day 7 and 8 only. /stop: nothing at all.
    assert sent == [paused, paused]
    async with sessions() as db, db.begin():
        control.resume(await db.get_one(Participant, stopped))
    await run(sessions, services, at(9, day=9))
    assert [pid for pid, _ in await outbox(sessions, services)][-2:] == [paused, stopped]


async def test_quiet_hours_set_by_the_person_hold_the_reminder(
    sessions: Sessions, services: Services, enrol: Enrol
) -> None:
    await enrol(quiet_hours="13:00-18:00")
    await enrol(quiet_hours="13:30-14:30")
    await run(sessions, services, at(9))
    assert await outbox(sessions, services) == []
    await run(sessions, services, at(9, 31))
    sent = await outbox(sessions, services)
    assert len(sent) == 1 and sent[0][1]["text"] == REMINDER


async def test_downtime_shorter_than_grace_fires_once_longer_is_skipped(
    sessions: Sessions, services: Services, enrol: Enrol
) -> None:
    await enrol(checkin_time="12:00")  # 07:00 UTC
    await enrol(checkin_time="14:00")  # 09:00 UTC
    # The bot was down from 06:30 until 10:30 UTC.
    await run(sessions, services, at(10, 30))
    await run(sessions, services, at(10, 31))
    assert len(await outbox(sessions, services)) == 1


async def test_the_person_profile_decides_which_check_ins_are_scheduled(
    sessions: Sessions, services: Services, enrol: Enrol
) -> None:
    adult = await enrol()
    caregiver = await enrol(role="caregiver", child_age_band="6-12")
    teen = await enrol(age_band="adolescent")
    none = await enrol(checkin_time="off")
    async with sessions() as db:
        kinds = {
            pid: sorted(
                await db.scalars(select(Schedule.kind).where(Schedule.participant_id == pid))
            )
            for pid in (adult, caregiver, teen, none)
        }
    assert kinds == {
        adult: ["daily", "fortnightly", "wellbeing"],
        caregiver: ["child", "daily", "fortnightly", "wellbeing"],
        teen: ["daily", "fortnightly", "wellbeing"],
        none: [],
    }


async def test_the_wellbeing_questionnaire_comes_every_two_weeks_the_period_it_asks_about(
    sessions: Sessions, services: Services, enrol: Enrol
) -> None:
    person = await enrol()
    async with sessions() as db:
        row = await db.scalar(
            select(Schedule).where(
                Schedule.participant_id == person, Schedule.flow == "checkin-wellbeing"
            )
        )
    assert row is not None and (row.kind, row.every_days) == ("wellbeing", 14)


async def test_a_weekly_questionnaire_and_the_daily_check_in_share_one_message(
    sessions: Sessions, services: Services, enrol: Enrol
) -> None:
    await enrol()
    for day in range(8):
        await run(sessions, services, at(9, day=day))
    sent = await outbox(sessions, services)
    assert len(sent) == 8  # one message a day, never two
    labels = [
        [row[0]["text"] for row in payload["reply_markup"]["inline_keyboard"]]
        for _, payload in sent
    ]
    weekly = [day for day, buttons in enumerate(labels) if len(buttons) == 4]
    assert weekly == [6]
    assert labels[6][0] == "Check in now" and labels[6][2:] == ["In 1 hour", "In 3 hours"]


async def test_missed_check_ins_in_a_row_are_recorded_as_a_signal(
    sessions: Sessions, services: Services, enrol: Enrol
) -> None:
    person = await enrol(checkin_days="1234567")
    for day in range(MISSED_SIGNAL_AFTER + 1):
        await run(sessions, services, at(9, day=day))
        await run(sessions, services, at(11, day=day))
    async with sessions() as db:
        signals = (await db.scalars(select(Signal))).all()
    assert [(s.participant_id, s.kind, s.value["in_row"]) for s in signals] == [
        (person, "missed_checkins", MISSED_SIGNAL_AFTER)
    ]


async def test_a_flow_scheduled_by_a_flow_starts_at_its_time(
    sessions: Sessions, services: Services, enrol: Enrol
) -> None:
    person = await enrol(checkin_time="off")
    async with sessions() as db, db.begin():
        db.add(
            ScheduledFlow(participant_id=person, flow="breathing", due_at=at(10), created_at=at(6))
        )
        db.add(
            ScheduledFlow(participant_id=person, flow="grounding", due_at=at(1), created_at=at(0))
        )
    await run(sessions, services, at(9, 59))
    assert await outbox(sessions, services) == []
    await run(sessions, services, at(10))
    async with sessions() as db:
        jobs = {job.flow: job.status for job in await db.scalars(select(ScheduledFlow))}
    # Grounding was due long ago (beyond grace): dropped, not sent stale.
    assert jobs == {"breathing": "started", "grounding": "dropped"}
    assert len(await outbox(sessions, services)) >= 1


async def test_what_the_bot_says_in_the_evening_arrives_without_a_sound(
    sessions: Sessions, services: Services, enrol: Enrol
) -> None:
    person = await enrol()
    async with sessions() as db, db.begin():
        participant = await db.get_one(Participant, person)
        for hour in (12, 16, 17):  # 17:00, 21:00 and 22:00 in Almaty
            await conversations.start(db, clocked(services, at(hour)), participant, "breathing")
    sent = await outbox(sessions, services)
    firsts = [payload for _, payload in sent if payload["text"].startswith("Let")][:3]
    assert [bool(p.get("disable_notification")) for p in firsts] == [False, True, True]


async def test_missed_check_ins_open_a_case_only_for_someone_with_a_counsellor(
    sessions: Sessions, services: Services, enrol: Enrol
) -> None:
    async with sessions() as db, db.begin():
        invite = await staff_members.add(
            db, services, name="Aigul", role="counsellor", languages=["en"], gender=None
        )
    followed = await enrol(checkin_days="1234567", counsellor_id=invite.staff.id)
    alone = await enrol(checkin_days="1234567")
    for day in range(MISSED_SIGNAL_AFTER + 1):
        await run(sessions, services, at(9, day=day))
        await run(sessions, services, at(11, day=day))
    async with sessions() as db:
        signalled = set(await db.scalars(select(Signal.participant_id)))
        found = (await db.scalars(select(Escalation))).all()
    assert signalled == {followed, alone}
    assert [(c.participant_id, c.severity, c.reasons, c.signal) for c in found] == [
        (followed, "low", ["missed-checkins"], "trend")
    ]
    assert found[0].opened_at == at(9, day=MISSED_SIGNAL_AFTER)


async def test_a_discreet_reminder_starts_neutral_and_has_no_emoji(
    sessions: Sessions, services: Services, enrol: Enrol
) -> None:
    discreet, plain = await enrol(discreet="on"), await enrol()
    await run(sessions, services, at(9))
    sent = dict(await outbox(sessions, services))
    assert sent[plain]["text"] == REMINDER
    assert sent[discreet]["text"] == "A message for you\n\nTime for your check-in"
