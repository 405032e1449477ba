"""Who may open what in the console. The rules on cases themselves are in
`bot.escalation.cases` (`may_see`, `may_resolve`, `may_take`), shared with Telegram; these
are the console's pages beyond one case."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import AuditEvent, Escalation, Participant, Staff

SUPERVISING = ("supervisor", "admin")


def supervises(member: Staff) -> bool:
    return member.role in SUPERVISING


async def may_open_person(db: AsyncSession, member: Staff, person: Participant) -> bool:
    """Supervisors and admins, any person; a counsellor, the people assigned to them and
    those they have or had a case with (claimed once, though handed on since)."""
    if supervises(member) or person.counsellor_id == member.id:
        return True
    theirs = select(Escalation.id).where(Escalation.participant_id == person.id)
    found = await db.scalar(
        select(Escalation.id)
        .where(Escalation.participant_id == person.id, Escalation.staff_id == member.id)
        .union_all(
            select(AuditEvent.escalation_id).where(
                AuditEvent.staff_id == member.id,
                AuditEvent.action == "claimed",
                AuditEvent.escalation_id.in_(theirs),
            )
        )
        .limit(1)
    )
    return found is not None
