"""What /forget does to what staff hold: undelivered messages naming the person dropped,
the goodbye still delivered but addressed to no one we know, the audit log keeping what
staff did and nothing the person said. Through the use cases, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select, update

from bot.app import conversations
from bot.app import staff as staff_actions
from bot.app.context import App
from bot.domain import participants
from bot.domain.services import Services
from bot.engine.session import Reply
from bot.escalation import cases, feedback, relay
from bot.i18n import texts
from bot.outbox.queue import NO_PAYLOAD, decode_payload
from bot.risk import RISK_DIR, load_rules
from bot.storage.models import AuditEvent, Escalation, OutboxMessage, Participant, Staff
from tests.escalation.conftest import NOW, Raise, Sessions, member, person, staff_messages

RULES = load_rules(Path(__file__).resolve().parents[2] / "flows" / RISK_DIR)
# What the person writes to their counsellor, longer than one Telegram message.
LONG_WORDS = "I cannot sleep and I keep thinking about what happened there. " * 80


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


async def test_messages_to_staff_about_the_person_go_every_piece_of_them(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    counsellor = await member(sessions, services)
    someone = await person(sessions, services, locale="en")
    other = await person(sessions, services, locale="en")
    case = await raise_for(someone, "high")
    await raise_for(other, "high")
    async with sessions() as db, db.begin():
        found = await db.get_one(Escalation, case.id)
        who = await db.get_one(Participant, someone.id)
        await cases.claim(db, services, found, counsellor)
        await relay.to_person(db, services, found, who, counsellor, "I am here.")
        # Too long for one Telegram message: the pieces after the first lack their code.
        await relay.from_person(db, services, found, who, LONG_WORDS)
        # Delivered: only the row is left, which still says whom staff heard about.
        await db.execute(update(OutboxMessage).values(status="sent", payload_enc=NO_PAYLOAD))
        await relay.from_person(db, services, found, who, LONG_WORDS)
    said = await staff_messages(sessions, services, counsellor)
    pieces = [text for text in said if "cannot sleep" in text]
    assert len(pieces) > 1 and someone.code not in pieces[-1]

    await forget(sessions, services, someone)

    async with sessions() as db:
        left = list(await db.scalars(select(OutboxMessage).where(OutboxMessage.status == "sent")))
    assert [row.about_id for row in left] == [other.id]
    said = await staff_messages(sessions, services, counsellor)
    # Only the word that the conversation is over names them, and it goes out as it is.
    assert said == [texts.STAFF_PERSON_ERASED % {"code": someone.code}]


async def test_a_list_that_names_the_person_among_others_is_dropped_unsent(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    counsellor = await member(sessions, services, on_duty=False)
    someone = await person(sessions, services, locale="en")
    other = await person(sessions, services, locale="en")
    await raise_for(someone, "medium", "asked-for-counsellor")
    await raise_for(other, "medium", "asked-for-counsellor")
    async with sessions() as db, db.begin():
        staff = await db.get_one(Staff, counsellor.id)
        await staff_actions.list_cases(db, App(services, RULES), staff)
        await staff_actions.case_command(db, App(services, RULES), staff, "case", "ZZZ-ZZZ")
    [listing, missing] = await staff_messages(sessions, services, counsellor)
    assert someone.code in listing and other.code in listing

    await forget(sessions, services, someone)

    assert await staff_messages(sessions, services, counsellor) == [missing]


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
        # Its supervisor left: the case went back to the queue, to whoever is on duty.
        await cases.requeue(db, services, found)

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
        ("requeued", None, None),
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
