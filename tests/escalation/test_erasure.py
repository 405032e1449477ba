"""What /forget does to what staff hold: undelivered messages naming the person dropped,
the goodbye still delivered but addressed to no one we know, the audit log keeping what
staff did and nothing the person said. Through the use cases, on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import select

from bot.app import conversations
from bot.domain import participants
from bot.domain.services import Services
from bot.engine.session import Reply
from bot.escalation import cases, feedback, relay
from bot.i18n import texts
from bot.outbox.queue import decode_payload
from bot.storage.models import AuditEvent, Escalation, OutboxMessage, Participant
from tests.escalation.conftest import NOW, Raise, Sessions, member, person, staff_messages


async def forget(sessions: Sessions, services: Services, someone: Participant) -> None:
    """/forget, then "Yes, delete everything", as the person's buttons would."""
    async with sessions() as db, db.begin():
        await conversations.start(db, services, await db.get_one(Participant, someone.id), "forget")
    async with sessions() as db, db.begin():
        who = await db.get_one(Participant, someone.id)
        session = await conversations.load_session(db, services, who)
        assert session is not None
        await conversations.reply(
            db, services, who, session, Reply(at=NOW, choice=0, seq=session.seq)
        )


async def test_undelivered_messages_to_staff_that_name_the_person_are_dropped(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    counsellor = await member(sessions, services)
    someone = await person(sessions, services, locale="en")
    other = await person(sessions, services, locale="en")
    await raise_for(someone, "high")
    await raise_for(other, "high")
    said = await staff_messages(sessions, services, counsellor)
    assert [someone.code in text for text in said] == [True, False]

    await forget(sessions, services, someone)

    said = await staff_messages(sessions, services, counsellor)
    assert other.code in said[0]
    # Only the word that the conversation is over names them, and it goes out as it is.
    assert [text for text in said if someone.code in text] == [
        texts.STAFF_PERSON_ERASED % {"code": someone.code}
    ]


async def test_the_goodbye_goes_out_addressed_to_no_one_we_know(
    sessions: Sessions, services: Services
) -> None:
    someone = await person(sessions, services, locale="en")
    await forget(sessions, services, someone)
    async with sessions() as db:
        rows = list(
            await db.scalars(select(OutboxMessage).where(OutboxMessage.status == "pending"))
        )
    goodbye = rows[-1]
    assert goodbye.recipient.startswith(participants.GONE)
    assert goodbye.participant_id is None
    assert {row.recipient for row in rows} == {goodbye.recipient}
    assert decode_payload(services.cipher, goodbye)["text"].startswith("Done. Everything")


async def test_the_audit_keeps_what_staff_did_and_nothing_the_person_said(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    counsellor = await member(sessions, services)
    someone = await person(sessions, services, locale="en")
    case = await raise_for(someone, "high")
    async with sessions() as db, db.begin():
        found = await db.get_one(Escalation, case.id)
        who = await db.get_one(Participant, someone.id)
        await cases.claim(db, services, found, counsellor)
        await relay.to_person(db, services, found, who, counsellor, "I am here.")
        await relay.end(db, services, found, who, None)
        assert await feedback.answer(db, services, who, f"{feedback.RATE}{case.id}:1")
        assert await feedback.answer(db, services, who, f"{feedback.UNSAFE}{case.id}:y")

    await forget(sessions, services, someone)

    async with sessions() as db:
        stub = await db.get_one(Escalation, case.id)
        audit = list(
            await db.scalars(
                select(AuditEvent)
                .where(AuditEvent.escalation_id == case.id)
                .order_by(AuditEvent.id)
            )
        )
    assert (stub.rating, stub.felt_unsafe, stub.locale, stub.evidence_enc) == (None,) * 4
    assert (stub.severity, stub.reasons, stub.outcome) == (
        "high",
        ["suicide.ru.want_to_die"],
        "erased",
    )
    assert [(row.action, row.staff_id, row.detail) for row in audit] == [
        ("claimed", counsellor.id, None),
        ("wrote", counsellor.id, None),
        ("erased", None, None),
    ]


async def test_a_person_with_no_case_leaves_staff_messages_about_others_alone(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    counsellor = await member(sessions, services)
    someone = await person(sessions, services, locale="en")
    other = await person(sessions, services, locale="en")
    await raise_for(other, "medium", "asked-for-counsellor")
    before = await staff_messages(sessions, services, counsellor)
    await forget(sessions, services, someone)
    assert await staff_messages(sessions, services, counsellor) == before
