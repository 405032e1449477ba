"""Cases over a real database: opening, joining, assignment, notifications, claim, relay."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.app import retention
from bot.domain.policy import Policy
from bot.domain.services import Services
from bot.escalation import cases, relay
from bot.escalation import staff as staff_members
from bot.outbox.queue import decode_payload
from bot.storage import aad
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


async def test_a_case_has_a_deadline_by_severity_and_a_second_signal_joins_it(
    sessions: Sessions,
    services: Services,
    raise_for: Raise,
) -> None:
    someone = await person(sessions, services)
    first = await raise_for(someone, "medium", "abuse.ru.beats")
    assert first.ack_due_at == NOW + timedelta(hours=24)
    later = NOW + timedelta(minutes=5)
    second = await raise_for(someone, "critical", "suicide.ru.want_to_die", at=later)
    assert second.id == first.id
    assert second.severity == "critical"
    assert second.reasons == ["abuse.ru.beats", "suicide.ru.want_to_die"]
    assert second.ack_due_at == later + timedelta(minutes=15)
    lower = await raise_for(someone, "low", "acute_need.ru.no_food", at=later)
    assert lower.severity == "critical" and lower.id == first.id
    async with sessions() as db:
        actions = list(await db.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
        evidence = (await db.get_one(Escalation, first.id)).evidence_enc
    assert actions == ["opened", "raised", "joined"]
    assert evidence is not None and "жить".encode() not in evidence  # only encrypted
    text = services.cipher.decrypt(evidence, aad.case_evidence(first.id)).decode()
    assert text == "не хочу жить"


async def test_assignment_honours_language_gender_and_load(
    sessions: Sessions,
    services: Services,
    raise_for: Raise,
) -> None:
    kazakh = await member(sessions, services, languages=("kk",))
    busy_woman = await member(sessions, services, gender="female")
    free_man = await member(sessions, services, gender="male")
    free_woman = await member(sessions, services, gender="female")
    await member(sessions, services, on_duty=False, gender="female")  # off duty: never chosen
    await member(sessions, services, role="supervisor", languages=("en",))
    # busy_woman already has a case.
    await raise_for(await person(sessions, services, counsellor_id=busy_woman.id), "low")
    chosen = {
        "russian": (await raise_for(await person(sessions, services), "high")).staff_id,
        "woman please": (
            await raise_for(await person(sessions, services, counsellor_gender="female"), "high")
        ).staff_id,
        "kazakh": (await raise_for(await person(sessions, services, locale="kk"), "high")).staff_id,
        "tajik": (await raise_for(await person(sessions, services, locale="tg"), "high")).staff_id,
        "own": (
            await raise_for(await person(sessions, services, counsellor_id=free_man.id), "low")
        ).staff_id,
    }
    assert chosen == {
        "russian": free_man.id,  # fewest open cases among Russian speakers (ties: first added)
        "woman please": free_woman.id,  # busy_woman has one case already
        "kazakh": kazakh.id,
        # Nobody speaks Tajik: a counsellor of the shared language (Russian) before the
        # supervisor; all three have one case now, so the first added.
        "tajik": busy_woman.id,
        "own": free_man.id,
    }


async def test_staff_are_told_the_code_severity_and_reasons_never_who(
    sessions: Sessions,
    services: Services,
    raise_for: Raise,
) -> None:
    counsellor = await member(sessions, services)
    someone = await person(sessions, services, age_band="adult", role="self", country="KG")
    await raise_for(someone, "critical", "suicide.ru.want_to_die", "phq9-severe")
    [notice] = await staff_messages(sessions, services, counsellor)
    assert someone.code in notice and "Critical" in notice
    # Reasons in words, not rule ids; the person in broad strokes, never who they are.
    assert "thoughts of suicide or of not wanting to live" in notice
    assert "questionnaire PHQ-9: severe" in notice
    assert "suicide.ru.want_to_die" not in notice
    assert "an adult · writes about themselves · KG · ru" in notice
    assert "не хочу жить" not in notice  # the words stay with the case, not the notification
    async with sessions() as db:
        row = await db.scalar(select(OutboxMessage).where(OutboxMessage.participant_id.is_(None)))
        assert row is not None and row.priority == 0 and row.case_id is not None
        payload = decode_payload(services.cipher, row)
    labels = [b[0]["text"] for b in payload["reply_markup"]["inline_keyboard"]]
    assert labels == ["Claim", "Resolve"]


async def test_claim_relay_and_resolve(
    sessions: Sessions,
    services: Services,
    raise_for: Raise,
) -> None:
    first, second = await member(sessions, services), await member(sessions, services)
    someone = await person(sessions, services)
    case = await raise_for(someone, "high")
    async with sessions() as db, db.begin():
        found = await db.get_one(Escalation, case.id)
        assert await cases.claim(db, services, found, first)
        assert not await cases.claim(db, services, found, second)  # already taken
        assert not await relay.talking(db, found)
        who = await db.get_one(Participant, someone.id)
        await relay.to_person(db, services, found, who, first, "Здравствуйте, я рядом.")
        assert await relay.talking(db, found)
        await relay.from_person(db, services, found, who, "Спасибо")
        await cases.resolve(db, services, found, first)
    async with sessions() as db:
        kept = list(await db.scalars(select(CaseMessage).order_by(CaseMessage.id)))
        audit = list(await db.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
        to_person = await db.scalars(
            select(OutboxMessage).where(OutboxMessage.participant_id == someone.id)
        )
        said = [decode_payload(services.cipher, row)["text"] for row in to_person]
    assert [m.kind for m in kept] == ["to_person", "from_person"]
    assert all(m.expires_at == NOW + timedelta(days=90) for m in kept)
    assert "Спасибо".encode() not in b"".join(m.text_enc for m in kept)  # stored encrypted
    assert audit[-3:] == ["claimed", "wrote", "resolved"]
    assert said == ["Your counsellor:\n\nЗдравствуйте, я рядом."]
    assert any("Спасибо" in text for text in await staff_messages(sessions, services, first))


async def test_an_invite_links_once_and_expires(sessions: Sessions, services: Services) -> None:
    async with sessions() as db, db.begin():
        invite = await staff_members.add(
            db, services, name="Dana", role="supervisor", languages=["ru"], gender=None
        )
        assert await staff_members.link(db, services, "wrong", 1, 1) is None
        assert await staff_members.link(db, services, invite.code, 5, 5) is not None
        assert await staff_members.link(db, services, invite.code, 6, 6) is None  # used
        found = await staff_members.find(db, services, 5)
        assert found is not None and staff_members.name(services, found) == "Dana"
        late = await staff_members.add(
            db, services, name="L", role="counsellor", languages=["ru"], gender=None
        )
        later = clocked(services, NOW + timedelta(days=8))
        assert await staff_members.link(db, later, late.code, 7, 7) is None
    async with sessions() as db:
        stored = list(await db.scalars(select(Staff)))
    assert all(invite.code not in (s.invite_hash or "") for s in stored)
    assert all(b"Dana" not in s.name_enc for s in stored)


async def test_a_missed_deadline_tells_the_counsellor_again_and_a_supervisor(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    counsellor = await member(sessions, services)
    boss = await member(sessions, services, role="supervisor")
    await raise_for(await person(sessions, services), "critical")
    for minutes, expected in ((14, 0), (16, 1), (30, 0)):
        async with sessions() as db, db.begin():
            later = clocked(services, NOW + timedelta(minutes=minutes))
            assert await cases.chase_overdue(db, later) == expected
    mine = await staff_messages(sessions, services, counsellor)
    theirs = await staff_messages(sessions, services, boss)
    assert len(mine) == 2 and "not acknowledged in time" in mine[1]
    assert len(theirs) == 1 and "not acknowledged in time" in theirs[0]
    assert "Waiting 16 minutes" in theirs[0]


async def test_relayed_words_are_purged_90_days_after_the_case_closes(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    counsellor = await member(sessions, services)
    someone = await person(sessions, services)
    case = await raise_for(someone, "high")
    async with sessions() as db, db.begin():
        found = await db.get_one(Escalation, case.id)
        who = await db.get_one(Participant, someone.id)
        await relay.to_person(db, services, found, who, counsellor, "Как вы?")
        await cases.resolve(db, services, found, counsellor)
    for days, left in ((89, 1), (91, 0)):
        async with sessions() as db, db.begin():
            await retention.purge(db, NOW + timedelta(days=days))
        async with sessions() as db:
            kept = list(await db.scalars(select(CaseMessage)))
            evidence = (await db.get_one(Escalation, case.id)).evidence_enc
        assert len(kept) == left
        assert (evidence is not None) == bool(left)


def test_deadlines_are_configurable_and_bad_values_are_refused() -> None:
    policy = Policy.parse("critical=5, low=60")
    assert policy.deadlines["critical"] == timedelta(minutes=5)
    assert policy.deadlines["high"] == timedelta(hours=1)  # unchanged default
    assert policy.deadlines["low"] == timedelta(hours=1)
    with pytest.raises(ValueError, match="critical=15"):
        Policy.parse("urgent=5")
