"""The supervisor's view: who is on duty and how much they carry, deadlines missed and
about to be, "felt unsafe" flags, and urgent cases nobody has taken; and reassigning."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.console import actions, words
from bot.app.console.access import supervises
from bot.app.console.lines import CaseLine, line
from bot.app.console.loading import staff_by_id
from bot.app.console.reading import Reader, Refused
from bot.domain.services import Services
from bot.escalation import cases
from bot.escalation import staff as staff_members
from bot.spec.severity import RANK
from bot.storage.models import AuditEvent, Escalation, Participant, Staff

# "About to be missed": a deadline within this long.
SOON = timedelta(minutes=30)


@dataclass(frozen=True)
class OnDuty:
    code: str
    name: str
    role: str
    load: int  # open cases they have claimed


@dataclass(frozen=True)
class Colleague:
    """A linked, active member: whom a case may be reassigned to, and the duty rota."""

    code: str
    name: str
    role: str
    on_duty: bool
    load: int


@dataclass(frozen=True)
class Supervision:
    on_duty: tuple[OnDuty, ...]
    colleagues: tuple[Colleague, ...]
    missed: tuple[CaseLine, ...]  # open past their deadline, most overdue first
    due_soon: tuple[CaseLine, ...]  # open, deadline within SOON
    felt_unsafe: tuple[CaseLine, ...]
    unattended: tuple[CaseLine, ...]  # critical and high that nobody has claimed


async def supervision(
    db: AsyncSession, services: Services, staff: Staff, now: datetime
) -> Supervision | Refused:
    tr = Reader(services, staff)
    if not supervises(staff):
        return tr.refuse("forbidden", words.REFUSED_SUPERVISORS)
    rows = (
        await db.execute(
            select(Escalation, Participant.code)
            .outerjoin(Participant, Participant.id == Escalation.participant_id)
            .where(Escalation.status != "resolved")
        )
    ).all()
    found = sorted(
        ((case, code) for case, code in rows), key=lambda r: cases.most_urgent_first(r[0])
    )
    ids = [case.id for case, _ in found]
    reopened = set(
        await db.scalars(
            select(AuditEvent.escalation_id).where(
                AuditEvent.escalation_id.in_(ids), AuditEvent.action == "reopened"
            )
        )
    )
    present = await staff_members.on_duty(db)
    linked = await staff_members.linked(db)
    known = await staff_by_id(db, [case.staff_id for case, _ in found])
    known.update({member.id: member for member in present})

    def shown(case: Escalation, code: str | None) -> CaseLine:
        return line(case, code=code, reopened=case.id in reopened, staff=known, now=now, tr=tr)

    def due(case: Escalation) -> datetime:
        return case.ack_due_at or now

    def missed(case: Escalation) -> bool:
        # A missed deadline is chased with a new one (`chase_overdue`): it stays missed.
        return case.overdue_at is not None or due(case) <= now

    waiting = [(case, code) for case, code in found if case.status == "open"]
    by_deadline = sorted(waiting, key=lambda r: due(r[0]))
    load = Counter(case.staff_id for case, _ in found if case.status == "claimed")
    return Supervision(
        on_duty=tuple(
            OnDuty(m.code, staff_members.name(services, m), m.role, load[m.id]) for m in present
        ),
        colleagues=tuple(
            Colleague(m.code, staff_members.name(services, m), m.role, m.on_duty, load[m.id])
            for m in linked
        ),
        missed=tuple(shown(*row) for row in by_deadline if missed(row[0])),
        due_soon=tuple(
            shown(*row) for row in by_deadline if not missed(row[0]) and due(row[0]) <= now + SOON
        ),
        felt_unsafe=tuple(shown(*row) for row in found if row[0].felt_unsafe),
        unattended=tuple(shown(*row) for row in waiting if RANK[row[0].severity] >= RANK["high"]),
    )


async def reassign(
    db: AsyncSession, services: Services, staff: Staff, case_id: int, to: str | None
) -> actions.Result:
    """A supervisor hands a case to a colleague, or back to the queue (`actions.transfer`)."""
    if not supervises(staff):
        return Reader(services, staff).refuse("forbidden", words.REFUSED_SUPERVISORS)
    return await actions.transfer(db, services, staff, case_id, to)
