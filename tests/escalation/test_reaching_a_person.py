"""A case always reaches a person: going on duty shows what waits, /cases lists it, a
shared language before a supervisor, an on-call list and then every supervisor and admin
when nobody suitable is on duty; buttons checked like commands; "felt unsafe" only for
supervisors. Through the staff use cases, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app import conversations
from bot.app import staff as staff_actions
from bot.app.context import App
from bot.domain.policy import Policy
from bot.domain.services import Services
from bot.engine.session import Reply
from bot.escalation import cases, feedback, notes, relay
from bot.i18n import texts
from bot.outbox.queue import decode_payload
from bot.risk import RISK_DIR, load_rules
from bot.storage.models import CaseMessage, Escalation, OutboxMessage, Participant, Staff
from tests.escalation.conftest import NOW, Raise, Sessions, clocked, member, person, staff_messages

RULES = load_rules(Path(__file__).resolve().parents[2] / "flows" / RISK_DIR)


def app_of(services: Services) -> App:
    return App(services, RULES)


async def case_of(sessions: Sessions, case_id: int) -> Escalation:
    async with sessions() as db:
        return await db.get_one(Escalation, case_id)


async def test_a_case_raised_off_duty_reaches_the_first_counsellor_to_go_on_duty(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    later = await member(sessions, services, on_duty=False)
    someone = await person(sessions, services)
    case = await raise_for(someone, "medium", "asked-for-counsellor")
    assert (await case_of(sessions, case.id)).staff_id is None
    assert await staff_messages(sessions, services, later) == []
    async with sessions() as db, db.begin():
        await staff_actions.toggle_duty(db, app_of(services), await db.get_one(Staff, later.id))
    said = await staff_messages(sessions, services, later)
    assert said[0] == texts.STAFF_ON_DUTY
    assert said[1] == texts.STAFF_WAITING % {"count": "1"}
    assert someone.code in said[2]
    assert (await case_of(sessions, case.id)).staff_id == later.id


async def test_going_on_duty_shows_the_most_urgent_first(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    later = await member(sessions, services, on_duty=False)
    calm, urgent = await person(sessions, services), await person(sessions, services)
    await raise_for(calm, "low", "mood.low_run")
    await raise_for(urgent, "medium", "asked-for-counsellor", at=NOW + timedelta(minutes=5))
    async with sessions() as db, db.begin():
        await staff_actions.toggle_duty(db, app_of(services), await db.get_one(Staff, later.id))
    said = await staff_messages(sessions, services, later)
    assert urgent.code in said[2] and calm.code in said[3]


async def test_a_kyrgyz_speaker_reaches_a_russian_speaking_counsellor_before_a_supervisor(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    boss = await member(sessions, services, role="supervisor")
    russian = await member(sessions, services, languages=("ru",))
    someone = await person(sessions, services, locale="ky")
    case = await raise_for(someone, "high")
    assert (await case_of(sessions, case.id)).staff_id == russian.id
    without = replace(services, policy=replace(services.policy, shared_language=None))
    other = await person(sessions, without, locale="ky")
    async with sessions() as db, db.begin():
        found = await db.get_one(Participant, other.id)
        second = await cases.raise_case(
            db, without, found, severity="high", reasons=["x"], signal="text"
        )
    assert second.staff_id == boss.id


async def test_high_with_nobody_on_duty_goes_to_the_on_call_list(
    sessions: Sessions, services: Services
) -> None:
    on_call = await member(sessions, services, on_duty=False)
    bystander = await member(sessions, services, role="supervisor", on_duty=False)
    rota = replace(services, policy=replace(services.policy, on_call=(on_call.code,)))
    someone = await person(sessions, rota)
    async with sessions() as db, db.begin():
        found = await db.get_one(Participant, someone.id)
        await cases.raise_case(db, rota, found, severity="critical", reasons=["x"], signal="text")
    assert someone.code in (await staff_messages(sessions, services, on_call))[0]
    assert await staff_messages(sessions, services, bystander) == []


@pytest.mark.parametrize("role", ["supervisor", "admin"])
async def test_without_an_on_call_list_every_supervisor_and_admin_is_told(
    sessions: Sessions, services: Services, raise_for: Raise, role: str
) -> None:
    told = await member(sessions, services, role=role, on_duty=False)
    counsellor = await member(sessions, services, on_duty=False)
    someone = await person(sessions, services)
    await raise_for(someone, "high")
    assert someone.code in (await staff_messages(sessions, services, told))[0]
    assert await staff_messages(sessions, services, counsellor) == []


async def test_a_missed_deadline_with_no_supervisor_on_duty_reaches_them_all(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    counsellor = await member(sessions, services)
    bosses = [await member(sessions, services, role="supervisor", on_duty=False) for _ in "ab"]
    someone = await person(sessions, services)
    case = await raise_for(someone, "medium", "asked-for-counsellor")
    assert case.staff_id == counsellor.id
    async with sessions() as db, db.begin():
        await cases.chase_overdue(db, clocked(services, NOW + timedelta(days=2)))
    for boss in bosses:
        [chase] = await staff_messages(sessions, services, boss)
        assert someone.code in chase


async def test_cases_lists_own_and_unclaimed_for_counsellors_and_everything_for_supervisors(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    mine, theirs = await member(sessions, services), await member(sessions, services)
    boss = await member(sessions, services, role="supervisor", on_duty=False)
    first, second = await person(sessions, services), await person(sessions, services)
    one = await raise_for(first, "high")
    two = await raise_for(second, "medium", "asked-for-counsellor")
    async with sessions() as db, db.begin():
        await cases.claim(db, services, await db.get_one(Escalation, one.id), theirs)
        await cases.claim(db, services, await db.get_one(Escalation, two.id), mine)
    app = app_of(services)
    for who in (mine, boss):
        async with sessions() as db, db.begin():
            await staff_actions.list_cases(db, app, await db.get_one(Staff, who.id))
    [listing] = (await staff_messages(sessions, services, mine))[-1:]
    assert second.code in listing and first.code not in listing
    [overview] = await staff_messages(sessions, services, boss)
    assert overview.index(first.code) < overview.index(second.code)  # high before medium


@pytest.mark.parametrize("button", [cases.CLAIM, cases.RESOLVE])
async def test_a_forged_button_for_a_colleagues_case_is_refused(
    sessions: Sessions, services: Services, raise_for: Raise, button: str
) -> None:
    owner, other = await member(sessions, services), await member(sessions, services)
    someone = await person(sessions, services)
    case = await raise_for(someone, "high")
    async with sessions() as db, db.begin():
        await cases.claim(db, services, await db.get_one(Escalation, case.id), owner)
    async with sessions() as db, db.begin():
        forger = await db.get_one(Staff, other.id)
        await staff_actions.case_button(db, app_of(services), forger, f"{button}{case.id}")
    after = await case_of(sessions, case.id)
    assert (after.status, after.staff_id) == ("claimed", owner.id)
    assert (await staff_messages(sessions, services, other))[-1] == (
        texts.STAFF_NOT_YOURS % {"code": someone.code}
    )


async def test_felt_unsafe_reaches_only_supervisors_who_alone_may_resolve(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    counsellor = await member(sessions, services)
    bosses = [await member(sessions, services, role="supervisor", on_duty=False) for _ in "ab"]
    someone = await person(sessions, services)
    case = await raise_for(someone, "high")
    async with sessions() as db, db.begin():
        found = await db.get_one(Escalation, case.id)
        who = await db.get_one(Participant, someone.id)
        await cases.claim(db, services, found, counsellor)
        await relay.to_person(db, services, found, who, counsellor, "Здравствуйте.")
        await relay.end(db, services, found, who, counsellor)
        # The counsellor closes it before the person answers the feedback.
        await cases.resolve(db, services, found, counsellor)
    before = len(await staff_messages(sessions, services, counsellor))
    async with sessions() as db, db.begin():
        who = await db.get_one(Participant, someone.id)
        assert await feedback.answer(db, services, who, f"{feedback.UNSAFE}{case.id}:y")
    for boss in bosses:  # none on duty: all of them
        [warning] = await staff_messages(sessions, services, boss)
        assert someone.code in warning
    assert len(await staff_messages(sessions, services, counsellor)) == before
    reopened = await case_of(sessions, case.id)
    assert reopened.status == "open" and reopened.staff_id in {b.id for b in bosses}
    async with sessions() as db, db.begin():
        found = await db.get_one(Escalation, case.id)
        who = await db.get_one(Participant, someone.id)
        them = await db.get_one(Staff, counsellor.id)
        assert texts.CASE_FELT_UNSAFE not in await notes.describe(db, services, found, who, them)
        boss = await db.get_one(Staff, bosses[0].id)
        assert texts.CASE_FELT_UNSAFE in await notes.describe(db, services, found, who, boss)
        await staff_actions.case_button(db, app_of(services), them, f"{cases.RESOLVE}{case.id}")
    assert (await case_of(sessions, case.id)).status == "open"
    async with sessions() as db, db.begin():
        boss = await db.get_one(Staff, bosses[0].id)
        await staff_actions.case_button(db, app_of(services), boss, f"{cases.RESOLVE}{case.id}")
    # Resolve asks how it ended; the answer resolves it with that outcome.
    assert (await case_of(sessions, case.id)).status == "open"
    assert (await staff_messages(sessions, services, bosses[0]))[-1] == (
        texts.STAFF_HOW_ENDED % {"code": someone.code}
    )
    async with sessions() as db, db.begin():
        boss = await db.get_one(Staff, bosses[0].id)
        pressed = cases.outcome_button(case.id, "supported")
        await staff_actions.case_button(db, app_of(services), boss, pressed)
    resolved = await case_of(sessions, case.id)
    assert (resolved.status, resolved.outcome) == ("resolved", "supported")


def test_the_fallbacks_are_configurable() -> None:
    policy = Policy.parse("", shared_language="", on_call=" s-abc-def , S-XYZ-123")
    assert policy.shared_language is None
    assert policy.on_call == ("S-ABC-DEF", "S-XYZ-123")
    assert Policy.parse("").shared_language == "ru"


async def test_forget_with_an_open_case_warns_then_leaves_a_stub_and_tells_the_counsellor(
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
        await conversations.start(db, services, who, "forget")
    async with sessions() as db:
        rows = await db.scalars(
            select(OutboxMessage).where(OutboxMessage.participant_id == someone.id)
        )
        asked = decode_payload(services.cipher, list(rows)[-1])["text"]
    assert asked.startswith("A counsellor is looking at what you wrote")
    async with sessions() as db, db.begin():
        who = await db.get_one(Participant, someone.id)
        session = await conversations.load_session(db, services, who)
        assert session is not None
        await conversations.reply(
            db, services, who, session, Reply(at=NOW, choice=0, seq=session.seq)
        )
    stub = await case_of(sessions, case.id)
    assert (stub.participant_id, stub.status, stub.outcome) == (None, "resolved", "erased")
    assert stub.evidence_enc is None and stub.severity == "high"
    async with sessions() as db:
        assert list(await db.scalars(select(CaseMessage))) == []
        assert await db.get(Participant, someone.id) is None
    told = await staff_messages(sessions, services, counsellor)
    assert told[-1] == texts.STAFF_PERSON_ERASED % {"code": someone.code}
    async with sessions() as db, db.begin():
        them = await db.get_one(Staff, counsellor.id)
        await staff_actions.case_button(db, app_of(services), them, f"{cases.CLAIM}{case.id}")
    assert (await staff_messages(sessions, services, counsellor))[-1] == texts.STAFF_CASE_ERASED


async def test_forget_without_a_case_asks_the_usual_question(
    sessions: Sessions, services: Services
) -> None:
    someone = await person(sessions, services, locale="en")
    async with sessions() as db, db.begin():
        await conversations.start(db, services, await db.get_one(Participant, someone.id), "forget")
        [row] = await db.scalars(select(OutboxMessage))
    assert decode_payload(services.cipher, row)["text"].startswith("This deletes everything")


async def test_a_case_reads_in_the_staff_members_own_time_zone(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    counsellor = await member(sessions, services)
    someone = await person(sessions, services, age_band="adult", role="caregiver")
    case = await raise_for(someone, "high")
    async with sessions() as db, db.begin():
        them = await db.get_one(Staff, counsellor.id)
        them.timezone = "Asia/Almaty"
        found = await db.get_one(Escalation, case.id)
        who = await db.get_one(Participant, someone.id)
        shown = await notes.describe(db, services, found, who, them)
    # NOW is 09:00 UTC: 14:00 in Almaty (UTC+5).
    assert f"{NOW:%Y-%m-%d} 14:00 Asia/Almaty" in shown
    assert "writes about a child aged ?" in shown


async def test_a_reply_goes_by_the_latest_message_with_that_id(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    """A restarted sandbox counts message ids from 1 again: a reply to a new message must
    not be taken for a reply to an old case notice that had the same id."""
    counsellor = await member(sessions, services)
    someone = await person(sessions, services, locale="en")
    await raise_for(someone, "high")
    async with sessions() as db, db.begin():
        [notice] = await db.scalars(select(OutboxMessage).where(OutboxMessage.case_id.is_not(None)))
        notice.status, notice.result_message_id = "sent", 5
        staff = await db.get_one(Staff, counsellor.id)
        await staff_actions.list_cases(db, app_of(services), staff)
        [listing] = await db.scalars(
            select(OutboxMessage).where(
                OutboxMessage.id > notice.id, OutboxMessage.case_id.is_(None)
            )
        )
        listing.status, listing.result_message_id = "sent", 5
    async with sessions() as db, db.begin():
        staff = await db.get_one(Staff, counsellor.id)
        await staff_actions.text_from_staff(db, app_of(services), staff, 5, "Hello")
    assert (await staff_messages(sessions, services, counsellor))[-1] == texts.STAFF_HELP
    async with sessions() as db:
        assert list(await db.scalars(select(CaseMessage))) == []
