"""Referrals over a real database: the card reaches the person and the counsellor, the
question comes days later, the answer is recorded once and told; forged buttons are stale;
erasure takes the referral with the person."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.app import care, referrals
from bot.app.buttons import Pressed
from bot.app.entry import Sender
from bot.app.plans import NotAllowed
from bot.directory import local_services
from bot.directory.local_services import ServiceData
from bot.domain import participants
from bot.domain.services import Services
from bot.escalation import cases
from bot.outbox.queue import decode_payload
from bot.storage.models import AuditEvent, OutboxMessage, Participant, Referral, Staff
from tests.care.conftest import app_of
from tests.escalation.conftest import NOW, Raise, Sessions, clocked, member, person, staff_messages

SERVICE = ServiceData("work", "KZ", "Job centre", "+7 727 111 11 11", ("ru", "en"))


async def person_payloads(
    sessions: Sessions, services: Services, who: Participant
) -> list[dict[str, Any]]:
    async with sessions() as db:
        rows = await db.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.participant_id == who.id, OutboxMessage.method == "sendMessage")
            .order_by(OutboxMessage.id)
        )
        return [decode_payload(services.cipher, row) for row in rows]


async def test_a_referral_sends_the_card_then_asks_and_tells_the_counsellor(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    counsellor = await member(sessions, services)
    someone = await person(sessions, services, counsellor_id=counsellor.id, locale="en")
    case = await raise_for(someone, "low")
    app = app_of(services)
    async with sessions() as db, db.begin():
        service = await local_services.add(db, SERVICE, NOW)
        staff = await db.get_one(Staff, counsellor.id)
        found = await db.get_one(Participant, someone.id)
        referral = await referrals.refer(db, app, staff, found, service.id)
    [sent] = await person_payloads(sessions, services, someone)
    assert sent["text"].startswith("Your counsellor thought this could help you:\n\nJob centre")
    told = await staff_messages(sessions, services, counsellor)
    assert told[-1].startswith(f"{someone.code} was sent this service:\n\nJob centre")

    # Six days on, nothing; on the seventh, the question with its three answers.
    for days in (6, 7, 8):
        async with sessions() as db, db.begin():
            await care.tick(db, clocked(services, NOW + timedelta(days=days)))
    payloads = await person_payloads(sessions, services, someone)
    assert len(payloads) == 2
    ask = payloads[1]
    assert (
        ask["text"]
        == "Some days ago your counsellor suggested Job centre. Did you manage to reach them?"
    )
    data = [row[0]["callback_data"] for row in ask["reply_markup"]["inline_keyboard"]]
    assert data == [
        f"ref:{referral.id}:reached",
        f"ref:{referral.id}:not_reached",
        f"ref:{referral.id}:no_answer",
    ]

    later = clocked(services, NOW + timedelta(days=8))
    async with sessions() as db, db.begin():
        found = await db.get_one(Participant, someone.id)
        pressed = Pressed(99, ask["text"], "Not yet")
        await referrals.answer(db, app_of(later), Sender(1, 1), found, data[1], pressed)
        # The same button again, and a forged one: stale.
        await referrals.answer(db, app_of(later), Sender(1, 1), found, data[0], None)
        await referrals.answer(
            db, app_of(later), Sender(1, 1), found, "ref:99999999999:reached", None
        )
        answered = await db.get_one(Referral, referral.id)
        actions = list(await db.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
    assert answered.outcome == "not_reached" and answered.answered_at == later.clock()
    assert answered.escalation_id == case.id
    assert "referral_sent" in actions
    texts = [p["text"] for p in await person_payloads(sessions, services, someone)]
    assert texts[2].startswith("Thank you for telling me.")
    assert sum(t == "Sorry, that button belongs to an earlier message." for t in texts[3:]) == 2
    told = await staff_messages(sessions, services, counsellor)
    assert told[-1] == f"{someone.code}, about Job centre: has not reached them yet"


async def test_a_stranger_may_not_refer_and_erasure_takes_the_referral(
    sessions: Sessions, services: Services
) -> None:
    own = await member(sessions, services)
    other = await member(sessions, services)
    someone = await person(sessions, services, counsellor_id=own.id)
    app = app_of(services)
    async with sessions() as db, db.begin():
        service = await local_services.add(db, SERVICE, NOW)
        found = await db.get_one(Participant, someone.id)
        with pytest.raises(NotAllowed):
            await referrals.refer(db, app, await db.get_one(Staff, other.id), found, service.id)
        await referrals.refer(db, app, await db.get_one(Staff, own.id), found, service.id)
    async with sessions() as db, db.begin():
        found = await db.get_one(Participant, someone.id)
        await cases.erase(db, services, found)
        await participants.forget(db, services, found)
    async with sessions() as db:
        assert await db.scalar(select(func.count()).select_from(Referral)) == 0
    # The counsellor's copy of the card named the person: it went with them.
    assert not any(someone.code in t for t in await staff_messages(sessions, services, own))


async def test_the_question_waits_for_the_end_of_quiet_hours(
    sessions: Sessions, services: Services
) -> None:
    counsellor = await member(sessions, services)
    someone = await person(sessions, services, counsellor_id=counsellor.id, locale="en")
    async with sessions() as db, db.begin():
        service = await local_services.add(db, SERVICE, NOW)
        await referrals.refer(
            db,
            app_of(services),
            await db.get_one(Staff, counsellor.id),
            await db.get_one(Participant, someone.id),
            service.id,
        )
    night = NOW + timedelta(days=7, hours=14)  # 23:00 in their zone (UTC), quiet until 08:00
    async with sessions() as db, db.begin():
        assert (await care.tick(db, clocked(services, night)))["referral_follow_ups"] == 0
        waiting = await db.scalar(select(Referral))
        assert waiting is not None
        assert waiting.follow_up_due_at == NOW.replace(hour=8) + timedelta(days=8)
    async with sessions() as db, db.begin():
        morning = clocked(services, NOW + timedelta(days=8, hours=-1))
        assert (await care.tick(db, morning))["referral_follow_ups"] == 1
