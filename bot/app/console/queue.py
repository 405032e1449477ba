"""The console's queue: unresolved cases a member may see, most urgent first, and taking
the next one.

Each row holds what the queue shows and nothing more: the person's short code, never
anything of who they are; the colleague who has it by the name an admin gave them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.console import access
from bot.domain.services import Services
from bot.escalation import cases
from bot.escalation import staff as staff_members
from bot.storage.models import AuditEvent, Escalation, Participant, Staff

# What a member may look at: counsellors start with everything they may work (their own
# and those nobody claimed), supervisors and admins with every case.
MINE, UNASSIGNED, AVAILABLE, ALL = "mine", "unassigned", "available", "all"


def filters(member: Staff) -> tuple[str, ...]:
    """The member's filters, the default first."""
    if access.supervises(member):
        return (ALL, MINE, UNASSIGNED)
    return (AVAILABLE, MINE, UNASSIGNED)


@dataclass(frozen=True)
class Row:
    case_id: int
    code: str | None  # None once the person erased themselves
    severity: str
    status: str
    locale: str | None
    waiting: timedelta  # since the signal that set its severity
    due_in: timedelta | None  # to acknowledge it; negative once missed, None once claimed
    holder: str | None  # the colleague's name
    mine: bool
    felt_unsafe: bool
    reopened: bool


async def rows(db: AsyncSession, services: Services, member: Staff, shown: str) -> list[Row]:
    """The unresolved cases under filter `shown` (one of `filters(member)`), most urgent
    first, then longest waiting."""
    if shown not in filters(member):
        raise ValueError(f"filter must be one of {', '.join(filters(member))}; got {shown!r}")
    query = select(Escalation).where(Escalation.status.in_(("open", "claimed")))
    if shown == MINE:
        query = query.where(Escalation.staff_id == member.id)
    elif shown == UNASSIGNED:
        query = query.where(Escalation.status == "open")
    found = [case for case in await db.scalars(query) if cases.may_see(member, case)]
    found.sort(key=cases.most_urgent_first)
    return await _described(db, services, member, found)


async def _described(
    db: AsyncSession, services: Services, member: Staff, found: list[Escalation]
) -> list[Row]:
    ids = [case.id for case in found]
    reopened = set(
        await db.scalars(
            select(AuditEvent.escalation_id).where(
                AuditEvent.escalation_id.in_(ids), AuditEvent.action == "reopened"
            )
        )
    )
    people = {
        person.id: person.code
        for person in await db.scalars(
            select(Participant).where(
                Participant.id.in_([c.participant_id for c in found if c.participant_id])
            )
        )
    }
    holders = {
        colleague.id: staff_members.name(services, colleague)
        for colleague in await db.scalars(
            select(Staff).where(Staff.id.in_([c.staff_id for c in found if c.staff_id]))
        )
    }
    now = services.clock()
    return [
        Row(
            case_id=case.id,
            code=people.get(case.participant_id) if case.participant_id else None,
            severity=case.severity,
            status=case.status,
            locale=case.locale,
            waiting=now - (case.raised_at or case.opened_at),
            due_in=(
                case.ack_due_at - now
                if case.status == "open" and case.ack_due_at is not None
                else None
            ),
            holder=holders.get(case.staff_id) if case.staff_id else None,
            mine=case.staff_id == member.id,
            felt_unsafe=bool(case.felt_unsafe),
            reopened=case.id in reopened,
        )
        for case in found
    ]


async def take_next(db: AsyncSession, services: Services, member: Staff) -> Escalation | None:
    """Claim the most urgent case nobody has claimed that the member may take; None when
    there is none."""
    waiting = await db.scalars(select(Escalation).where(Escalation.status == "open"))
    takeable = sorted(
        (case for case in waiting if access.may_claim(member, case)),
        key=cases.most_urgent_first,
    )
    for case in takeable:
        if await cases.claim(db, services, case, member):
            return case
    return None
