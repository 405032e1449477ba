"""The case page's forms, over the same capabilities as the Telegram commands: checked on
the server, audited, and answered with a sentence."""

from __future__ import annotations

from sqlalchemy import select

from bot.app.console import actions, colleagues
from bot.app.console.reading import Reader, Refused
from bot.domain.services import Services
from bot.outbox.queue import decode_payload
from bot.storage.models import CaseMessage, Escalation, OutboxMessage, Participant, Staff
from tests.console.support import audit_rows, change, reader
from tests.escalation.conftest import NOW, Raise, Sessions, person, staff_messages


async def texts_to(sessions: Sessions, services: Services, who: Participant) -> list[str]:
    async with sessions() as db:
        rows = await db.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.recipient == f"p:{who.id}")
            .order_by(OutboxMessage.id)
        )
        return [decode_payload(services.cipher, row)["text"] for row in rows]


async def test_a_reply_claims_an_open_case_and_goes_through_the_relay_split_at_the_limit(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    counsellor = await reader(sessions, services)
    someone = await person(sessions, services)
    case = await raise_for(someone, "high")
    long = "Слово. " * 800  # 5,600 characters: more than one Telegram message
    async with sessions() as db, db.begin():
        done = await actions.reply(db, services, counsellor, case.id, long)
    assert done == actions.Done(case.id, "Sent: it goes out in a moment.")
    sent = await texts_to(sessions, services, someone)
    assert len(sent) == 2 and sent[0].startswith("Ваш консультант:")  # their language
    async with sessions() as db:
        found = await db.get_one(Escalation, case.id)
        kept = list(await db.scalars(select(CaseMessage.kind)))
    assert (found.status, found.staff_id) == ("claimed", counsellor.id)
    assert kept == ["to_person"]
    assert [row[0] for row in await audit_rows(sessions)][-2:] == ["claimed", "wrote"]


async def test_a_claimed_case_is_not_anyone_elses_to_claim_or_write_in(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    holder = await reader(sessions, services)
    boss = await reader(sessions, services, "supervisor")
    case = await raise_for(await person(sessions, services), "medium", "abuse.ru.beats")
    async with sessions() as db, db.begin():
        assert await actions.claim(db, services, holder, case.id) == actions.Done(
            case.id, "The case is yours."
        )
        taken = await actions.claim(db, services, boss, case.id)
        written = await actions.reply(db, services, boss, case.id, "Hello")
        empty = await actions.note(db, services, holder, case.id, "  ")
    assert taken == written == Refused("conflict", "A colleague has already claimed this case.")
    assert empty == Refused("invalid", "Write something first.")


async def test_a_transfer_tells_the_colleague_in_telegram_and_chases_them_until_they_claim(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    first = await reader(sessions, services)
    second = await reader(sessions, services)
    other = await reader(sessions, services)
    someone = await person(sessions, services)
    case = await raise_for(someone, "high")
    async with sessions() as db, db.begin():
        await actions.claim(db, services, first, case.id)
        refused = await actions.transfer(db, services, other, case.id, second.code)
        unknown = await actions.transfer(db, services, first, case.id, "S-NOBODY")
        done = await actions.transfer(db, services, first, case.id, second.code)
    assert refused == Refused(
        "forbidden", "This case is a colleague's; ask a supervisor if you need it."
    )
    assert unknown == Refused("invalid", "That colleague cannot take this case.")
    assert done == actions.Done(case.id, f"Handed to {second.code}, who has been told.")
    async with sessions() as db:
        found = await db.get_one(Escalation, case.id)
    assert (found.status, found.staff_id, found.claimed_at) == ("open", second.id, None)
    assert found.ack_due_at is not None
    told = await staff_messages(sessions, services, second)
    assert any(someone.code in text for text in told)
    assert ("transferred", first.id, case.id, {"to": second.code}) in await audit_rows(sessions)


async def test_a_person_who_asked_for_a_woman_is_handed_only_to_a_woman_or_a_supervisor(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    first = await reader(sessions, services, gender="female")
    man = await reader(sessions, services, gender="male")
    woman = await reader(sessions, services, gender="female")
    boss = await reader(sessions, services, "supervisor", gender="male")
    someone = await person(sessions, services, counsellor_gender="female")
    case = await raise_for(someone, "high")
    async with sessions() as db, db.begin():
        await actions.claim(db, services, first, case.id)
        offered = {
            mate.code
            for mate in await colleagues.who_may_take(db, Reader(services, first), case.id)
        }
        refused = await actions.transfer(db, services, first, case.id, man.code)
    assert woman.code in offered and boss.code in offered and man.code not in offered
    assert refused == Refused(
        "invalid",
        "The person asked for a woman counsellor: hand the case to a woman counsellor or a "
        "supervisor.",
    )
    async with sessions() as db, db.begin():
        done = await actions.transfer(db, services, first, case.id, woman.code)
    assert done == actions.Done(case.id, f"Handed to {woman.code}, who has been told.")


async def test_back_to_the_queue_goes_to_someone_else_or_nobody(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    only = await reader(sessions, services)
    case = await raise_for(await person(sessions, services), "low", "missed-checkins")
    async with sessions() as db, db.begin():
        await actions.claim(db, services, only, case.id)
        done = await actions.transfer(db, services, only, case.id, None)
    assert done == actions.Done(case.id, "Back in the queue.")
    async with sessions() as db:
        found = await db.get_one(Escalation, case.id)
    assert (found.status, found.staff_id) == ("open", None)


async def test_a_felt_unsafe_case_is_neither_resolved_by_nor_handed_to_a_counsellor(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    counsellor = await reader(sessions, services)
    colleague = await reader(sessions, services)
    boss = await reader(sessions, services, "supervisor")
    case = await raise_for(await person(sessions, services), "medium", "abuse.ru.beats")
    await change(sessions, Escalation, case.id, staff_id=counsellor.id, felt_unsafe=True)
    async with sessions() as db, db.begin():
        by_counsellor = await actions.resolve(db, services, counsellor, case.id, "supported")
        to_colleague = await actions.transfer(db, services, boss, case.id, colleague.code)
        bad = await actions.resolve(db, services, boss, case.id, "fine")
        done = await actions.resolve(db, services, boss, case.id, "escalated_for_safety")
    assert isinstance(by_counsellor, Refused) and by_counsellor.reason == "forbidden"
    assert to_colleague == Refused("invalid", "That colleague cannot take this case.")
    assert bad == Refused("invalid", "Choose how the case ended.")
    assert done == actions.Done(case.id, "The case is resolved.")
    async with sessions() as db:
        found = await db.get_one(Escalation, case.id)
    assert (found.status, found.outcome) == ("resolved", "escalated_for_safety")
    rows = await audit_rows(sessions)
    assert ("resolved", boss.id, case.id, {"outcome": "escalated_for_safety"}) in rows


async def test_resolving_ends_the_conversation_and_reopening_clears_the_outcome(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    counsellor = await reader(sessions, services)
    someone = await person(sessions, services)
    case = await raise_for(someone, "medium", "abuse.ru.beats")
    async with sessions() as db, db.begin():
        await actions.reply(db, services, counsellor, case.id, "Здравствуйте")
        not_yet = await actions.reopen(db, services, counsellor, case.id)
        await actions.resolve(db, services, counsellor, case.id, "supported")
        again = await actions.reply(db, services, counsellor, case.id, "Ещё")
    assert not_yet == Refused("conflict", "The case is not resolved.")
    assert again == Refused("conflict", "The case is resolved; reopen it first.")
    # The person is told the conversation ended and asked how it went, as from Telegram.
    assert len(await texts_to(sessions, services, someone)) == 3
    async with sessions() as db, db.begin():
        done = await actions.reopen(db, services, counsellor, case.id)
        found = await db.get_one(Escalation, case.id)
        assert (found.status, found.outcome, found.staff_id) == ("claimed", None, counsellor.id)
    assert done == actions.Done(case.id, "The case is open again, and yours.")


async def test_an_erased_persons_case_takes_no_action(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    boss = await reader(sessions, services, "admin")
    case = await raise_for(await person(sessions, services), "high")
    await change(sessions, Escalation, case.id, participant_id=None, outcome="erased")
    async with sessions() as db, db.begin():
        refused = await actions.note(db, services, boss, case.id, "note")
    assert refused == Refused("conflict", "This case was closed: the person deleted their data.")


async def test_a_case_is_handed_only_to_a_colleague_who_is_still_here(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    holder = await reader(sessions, services)
    gone = await reader(sessions, services)
    case = await raise_for(await person(sessions, services), "medium", "abuse.ru.beats")
    await change(sessions, Staff, gone.id, deactivated_at=NOW, chat_enc=None)
    async with sessions() as db, db.begin():
        await actions.claim(db, services, holder, case.id)
        refused = await actions.transfer(db, services, holder, case.id, gone.code)
        to_self = await actions.transfer(db, services, holder, case.id, holder.code)
    assert refused == to_self == Refused("invalid", "That colleague cannot take this case.")
