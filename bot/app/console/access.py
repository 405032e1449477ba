"""Who may open what in the console. The rules on cases themselves are in
`bot.escalation.cases` (`may_see`, `may_resolve`, `may_take`), shared with Telegram; these
are the console's pages beyond one case, and claiming from the queue: a counsellor sees
their own cases and those nobody has claimed, supervisors and admins every case, admins
manage staff and the directory."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.escalation import cases
from bot.escalation import staff as staff_members
from bot.storage.models import AuditEvent, Escalation, Participant, Staff

# The role rules live with the staff: one place for the console and the bot alike.
supervises = staff_members.supervises
manages_staff = staff_members.administers


def may_claim(member: Staff, case: Escalation) -> bool:
    """Take it from the queue: nobody has claimed it, and the member may see it (a case
    where the person felt unsafe only a supervisor or admin)."""
    return case.status == "open" and cases.may_see(member, case)


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
