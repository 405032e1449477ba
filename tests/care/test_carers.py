"""Care for the carers: assignment passes by a counsellor at the caseload cap, and a quiet
word follows a critical case resolved."""

from __future__ import annotations

from dataclasses import replace

from bot.domain.services import Services
from bot.escalation import cases
from bot.i18n import texts
from bot.storage.models import Escalation, Participant, Staff
from tests.escalation.conftest import Raise, Sessions, member, person, staff_messages


async def test_a_counsellor_at_the_cap_gets_no_new_case(
    sessions: Sessions, services: Services
) -> None:
    capped = replace(services, policy=replace(services.policy, caseload_cap=2))

    async def raise_for(who: Participant, severity: str) -> Escalation:
        async with sessions() as db, db.begin():
            found = await db.get_one(Participant, who.id)
            return await cases.raise_case(
                db, capped, found, severity=severity, reasons=["x"], signal="text"
            )

    busy = await member(sessions, capped)
    for _ in range(2):
        first = await raise_for(await person(sessions, capped), "low")
        assert first.staff_id == busy.id
    third, fourth = await person(sessions, capped), await person(sessions, capped)
    # Alone on duty, the counsellor at the cap is passed by: the case waits for someone else.
    assert (await raise_for(third, "low")).staff_id is None
    free = await member(sessions, capped)
    assert (await raise_for(fourth, "low")).staff_id == free.id


async def test_resolving_a_critical_case_brings_a_quiet_word(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    counsellor = await member(sessions, services)
    hard = await raise_for(await person(sessions, services), "critical")
    mild = await raise_for(await person(sessions, services), "low")
    async with sessions() as db, db.begin():
        staff = await db.get_one(Staff, counsellor.id)
        await cases.resolve(db, services, await db.get_one(Escalation, mild.id), staff)
    assert texts.STAFF_CARE_BREAK not in await staff_messages(sessions, services, counsellor)
    async with sessions() as db, db.begin():
        staff = await db.get_one(Staff, counsellor.id)
        await cases.resolve(db, services, await db.get_one(Escalation, hard.id), staff)
    assert (await staff_messages(sessions, services, counsellor))[-1] == texts.STAFF_CARE_BREAK
