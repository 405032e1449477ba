"""A person's page, by their short code (never anything of who they are): profile bands,
every case, and their moods and scores over time. Audited like a case view."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.console import charts, words
from bot.app.console.access import may_open_person, supervises
from bot.app.console.lines import CaseLine, line
from bot.app.console.loading import staff_by_id
from bot.app.console.profile import Profile, profile
from bot.app.console.reading import Reader, Refused
from bot.domain.services import Services
from bot.escalation import cases
from bot.storage.models import AuditEvent, Escalation, Participant, Staff

VIEWED = "person-viewed"


@dataclass(frozen=True)
class PersonView:
    profile: Profile
    # Newest first. A case the reader may not see is listed without what it is about
    # (`CaseLine.reasons` None), so they know to ask a supervisor.
    cases: tuple[CaseLine, ...]
    charts: tuple[charts.Series, ...]


async def person_view(
    db: AsyncSession, services: Services, staff: Staff, code: str, now: datetime
) -> PersonView | Refused:
    tr = Reader(services, staff)
    person = await db.scalar(select(Participant).where(Participant.code == code.strip().upper()))
    if person is None and supervises(staff):
        return tr.refuse("not-found", words.REFUSED_NO_PERSON)
    if person is None or not await may_open_person(db, staff, person):
        # One refusal for a counsellor, whether the code exists or not: trying codes
        # must not tell them who else is counselled.
        return tr.refuse("forbidden", words.REFUSED_PERSON)
    found = list(
        await db.scalars(
            select(Escalation)
            .where(Escalation.participant_id == person.id)
            .order_by(Escalation.opened_at.desc(), Escalation.id.desc())
        )
    )
    ids = [case.id for case in found]
    reopened = set(
        await db.scalars(
            select(AuditEvent.escalation_id).where(
                AuditEvent.escalation_id.in_(ids), AuditEvent.action == "reopened"
            )
        )
    )
    known = await staff_by_id(db, [case.staff_id for case in found])
    lines = tuple(
        line(case, code=person.code, reopened=case.id in reopened, staff=known, now=now, tr=tr)
        for case in found
    )
    # A person's page is kept on their latest case, so that it goes with their erasure
    # like the rest of what the audit log holds about them.
    await cases.audit(db, found[0] if found else None, staff, VIEWED, None, now)
    return PersonView(profile(person, tr), lines, await charts.series(db, person.id, tr))
