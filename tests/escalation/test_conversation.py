"""After the relay starts: either side ends it, the person's feedback, notes, reopening, and
what the person is told about when a reply may come."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.app import conversations, retention
from bot.domain.messaging import CLEAR_CHAT
from bot.domain.services import Services
from bot.escalation import cases, feedback, notes, relay
from bot.i18n import texts
from bot.outbox.queue import decode_payload
from bot.storage.models import (
    AuditEvent,
    CaseMessage,
    Escalation,
    OutboxMessage,
    Participant,
    Staff,
)
from tests.escalation.conftest import (
    NOW,
    Raise,
    Sessions,
    clocked,
    member,
    person,
    staff_messages,
)


async def person_messages(
    sessions: Sessions, services: Services, who: Participant
) -> list[tuple[str, list[str]]]:
    """(text, callback data of its buttons) of everything queued for the person."""
    async with sessions() as db:
        rows = await db.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.participant_id == who.id)
            .order_by(OutboxMessage.id)
        )
        said = []
        for row in rows:
            payload = decode_payload(services.cipher, row)
            if "text" not in payload:
                continue
            markup = payload.get("reply_markup", {}).get("inline_keyboard", [])
            said.append((payload["text"], [b["callback_data"] for r in markup for b in r]))
        return said


async def talking_case(
    sessions: Sessions, services: Services, raise_for: Raise
) -> tuple[Escalation, Participant]:
    counsellor = await member(sessions, services)
    someone = await person(sessions, services)
    case = await raise_for(someone, "high")
    async with sessions() as db, db.begin():
        found = await db.get_one(Escalation, case.id)
        who = await db.get_one(Participant, someone.id)
        assert await cases.claim(db, services, found, counsellor)
        await relay.to_person(db, services, found, who, counsellor, "Здравствуйте, я рядом.")
    return found, someone


async def test_the_person_ends_it_rates_it_and_unsafe_goes_to_a_supervisor_not_the_counsellor(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    boss = await member(sessions, services, role="supervisor")
    case, someone = await talking_case(sessions, services, raise_for)
    said = await person_messages(sessions, services, someone)
    # Every counsellor message carries the way out, and quick exit.
    assert said[-1][1] == [f"{relay.END}{case.id}", CLEAR_CHAT]
    async with sessions() as db, db.begin():
        found = await db.get_one(Escalation, case.id)
        who = await db.get_one(Participant, someone.id)
        assert await relay.end(db, services, found, who, None)
        assert not await relay.talking(db, found)
        assert not await relay.end(db, services, found, who, None)  # once only
        assert found.status == "claimed"  # still the counsellor's to resolve
    said = await person_messages(sessions, services, someone)
    assert [text for text, _ in said[-2:]] == [texts.RELAY_ENDED_BY_PERSON, texts.FEEDBACK_ASK]
    ratings = said[-1][1]
    assert ratings == [f"{feedback.RATE}{case.id}:{value}" for value in (3, 2, 1)]

    async with sessions() as db, db.begin():
        who = await db.get_one(Participant, someone.id)
        assert await feedback.answer(db, services, who, ratings[0])
    said = await person_messages(sessions, services, someone)
    assert said[-1] == (
        texts.FEEDBACK_UNSAFE_ASK,
        [f"{feedback.UNSAFE}{case.id}:y", f"{feedback.UNSAFE}{case.id}:n"],
    )
    async with sessions() as db, db.begin():
        who = await db.get_one(Participant, someone.id)
        assert await feedback.answer(db, services, who, f"{feedback.UNSAFE}{case.id}:y")
    async with sessions() as db:
        found = await db.get_one(Escalation, case.id)
        actions = list(
            await db.scalars(
                select(AuditEvent.action)
                .where(AuditEvent.escalation_id == case.id)
                .order_by(AuditEvent.id)
            )
        )
    assert (found.rating, found.felt_unsafe) == (3, True)
    assert actions[-3:] == ["ended", "feedback", "feedback"]
    assert (await person_messages(sessions, services, someone))[-1][0] == (
        texts.FEEDBACK_UNSAFE_THANKS
    )
    [warning] = await staff_messages(sessions, services, boss)
    assert "unsafe" in warning and someone.code in warning


async def test_feedback_on_someone_elses_case_is_refused(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    case, _ = await talking_case(sessions, services, raise_for)
    stranger = await person(sessions, services)
    async with sessions() as db, db.begin():
        who = await db.get_one(Participant, stranger.id)
        assert not await feedback.answer(db, services, who, f"{feedback.RATE}{case.id}:1")
        assert not await feedback.answer(db, services, who, f"{feedback.RATE}x:1")
    async with sessions() as db:
        assert (await db.get_one(Escalation, case.id)).rating is None


async def test_the_counsellor_ends_it_and_writing_again_starts_it_again(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    case, someone = await talking_case(sessions, services, raise_for)
    async with sessions() as db, db.begin():
        found = await db.get_one(Escalation, case.id)
        who = await db.get_one(Participant, someone.id)
        counsellor = await db.get_one(Staff, found.staff_id)
        assert await relay.end(db, services, found, who, counsellor)
        assert not await relay.talking(db, found)
        await relay.to_person(db, services, found, who, counsellor, "Я снова здесь.")
        assert await relay.talking(db, found)
    said = [text for text, _ in await person_messages(sessions, services, someone)]
    assert texts.RELAY_ENDED_BY_COUNSELLOR in said and texts.FEEDBACK_ASK in said


async def test_notes_are_encrypted_shown_with_the_case_and_purged_with_it(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    case, someone = await talking_case(sessions, services, raise_for)
    async with sessions() as db, db.begin():
        found = await db.get_one(Escalation, case.id)
        counsellor = await db.get_one(Staff, found.staff_id)
        await notes.add(db, services, found, counsellor, "Договорились созвониться в пятницу")
        who = await db.get_one(Participant, someone.id)
        shown = await notes.describe(db, services, found, who, counsellor)
        await cases.resolve(db, services, found, counsellor)
    assert "Договорились созвониться в пятницу" in shown
    assert "«не хочу жить»" in shown and someone.code in shown
    async with sessions() as db:
        [note] = await db.scalars(select(CaseMessage).where(CaseMessage.kind == "note"))
        actions = set(await db.scalars(select(AuditEvent.action)))
    assert "пятницу".encode() not in note.text_enc
    assert note.expires_at == NOW + timedelta(days=90)
    assert {"noted", "viewed"} <= actions
    async with sessions() as db, db.begin():
        await retention.purge(db, NOW + timedelta(days=91))
    async with sessions() as db:
        assert list(await db.scalars(select(CaseMessage))) == []


async def test_a_signal_soon_after_resolving_reopens_the_case_with_its_counsellor(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    case, someone = await talking_case(sessions, services, raise_for)
    async with sessions() as db, db.begin():
        found = await db.get_one(Escalation, case.id)
        counsellor = await db.get_one(Staff, found.staff_id)
        await cases.resolve(db, services, found, counsellor)
    again = await raise_for(someone, "medium", at=NOW + timedelta(days=3))
    assert again.id == case.id
    async with sessions() as db:
        found = await db.get_one(Escalation, case.id)
        kept = list(await db.scalars(select(CaseMessage)))
    assert (found.status, found.staff_id, found.resolved_at) == ("open", counsellor.id, None)
    assert all(message.expires_at is None for message in kept)  # kept again while open
    async with sessions() as db, db.begin():
        found = await db.get_one(Escalation, case.id)
        await cases.resolve(db, clocked(services, NOW + timedelta(days=3)), found, counsellor)
    later = await raise_for(someone, "medium", at=NOW + timedelta(days=30))
    assert later.id != case.id


async def test_staff_can_reopen_a_resolved_case(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    case, someone = await talking_case(sessions, services, raise_for)
    colleague = await member(sessions, services)
    async with sessions() as db, db.begin():
        found = await db.get_one(Escalation, case.id)
        await cases.resolve(db, services, found, colleague)
        assert await cases.by_code(db, someone.code) is None
        latest = await cases.by_code(db, someone.code.lower(), resolved=True)
        assert latest is not None and latest[0].id == case.id
        await cases.reopen(db, services, found, colleague)
    async with sessions() as db:
        found = await db.get_one(Escalation, case.id)
    assert (found.status, found.staff_id) == ("claimed", colleague.id)


async def test_the_person_is_told_honestly_whether_anyone_is_on_duty(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    await member(sessions, services)
    present = await person(sessions, services)
    case = await raise_for(present, "high")
    async with sessions() as db:
        said = await cases.expectation(db, services, case, "en")
    assert said == texts.REPLY_ON_DUTY % {"within": "1 hour"}

    async with sessions() as db, db.begin():
        for staff in await db.scalars(select(Staff)):
            staff.on_duty = False
    absent = await person(sessions, services)
    case = await raise_for(absent, "critical")
    async with sessions() as db:
        assert await cases.expectation(db, services, case, "en") == texts.REPLY_OFF_DUTY


async def test_the_first_counsellor_to_claim_becomes_the_persons_own(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    case, someone = await talking_case(sessions, services, raise_for)
    async with sessions() as db:
        found = await db.get_one(Escalation, case.id)
        assert (await db.get_one(Participant, someone.id)).counsellor_id == found.staff_id


async def test_counsellors_handle_their_own_cases_and_open_ones_supervisors_all(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    case, _ = await talking_case(sessions, services, raise_for)
    colleague = await member(sessions, services)
    boss = await member(sessions, services, role="supervisor")
    async with sessions() as db:
        found = await db.get_one(Escalation, case.id)
        own = await db.get_one(Staff, found.staff_id)
    assert cases.may_handle(own, found) and cases.may_handle(boss, found)
    assert not cases.may_handle(colleague, found)
    found.status = "open"
    assert cases.may_handle(colleague, found)  # anyone on duty may claim an open case


async def test_asking_for_a_counsellor_says_when_a_reply_may_come(
    sessions: Sessions, services: Services
) -> None:
    someone = await person(sessions, services, locale="en")
    async with sessions() as db, db.begin():
        who = await db.get_one(Participant, someone.id)
        await conversations.start(db, services, who, "counsellor")
    said = [text for text, _ in await person_messages(sessions, services, someone)]
    # Nobody is on duty: said with the promise that a counsellor will write, not later.
    assert said[0].startswith("Thank you for reaching out.")
    assert said[0].endswith(texts.REPLY_OFF_DUTY)

    await member(sessions, services, languages=("en",))
    other = await person(sessions, services, locale="en")
    async with sessions() as db, db.begin():
        who = await db.get_one(Participant, other.id)
        await conversations.start(db, services, who, "counsellor")
    said = [text for text, _ in await person_messages(sessions, services, other)]
    assert said[0].endswith(texts.REPLY_ON_DUTY % {"within": "1 day"})  # medium: 24 hours
