"""The anonymous relay: a counsellor writes through the bot, and the person's replies go
back while the case is open. Neither side sees the other's Telegram account.

Every message is kept encrypted with its case (`case_messages`) until 90 days after the
case is resolved, then purged.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.messaging import send_text
from bot.domain.services import Services
from bot.escalation import staff as staff_members
from bot.escalation.cases import audit
from bot.i18n import texts
from bot.outbox import messages
from bot.storage import aad
from bot.storage.models import CaseMessage, Escalation, Participant, Staff


async def by_code(db: AsyncSession, code: str) -> tuple[Escalation, Participant] | None:
    """The unresolved case of the person with this short code."""
    row = (
        await db.execute(
            select(Escalation, Participant)
            .join(Participant, Participant.id == Escalation.participant_id)
            .where(Participant.code == code.strip().upper(), Escalation.status != "resolved")
            .order_by(Escalation.opened_at.desc())
            .limit(1)
        )
    ).first()
    return (row[0], row[1]) if row else None


async def to_person(
    db: AsyncSession,
    services: Services,
    case: Escalation,
    participant: Participant,
    member: Staff,
    text: str,
) -> None:
    _keep(db, services, case, "to_person", text, member)
    heading = services.catalogs.gettext(participant.locale, texts.COUNSELLOR_SAYS)
    await send_text(
        db, services, participant, f"{heading}\n\n{text}", priority=messages.PRIORITY_COUNSELLOR
    )
    await audit(db, case, member, "wrote", None, services.clock())


async def from_person(
    db: AsyncSession, services: Services, case: Escalation, participant: Participant, text: str
) -> None:
    member = await db.get(Staff, case.staff_id) if case.staff_id else None
    if member is None or member.chat_enc is None:
        return
    _keep(db, services, case, "from_person", text, None)
    locale = staff_members.interface_locale(member)
    heading = services.catalogs.gettext(locale, texts.STAFF_FROM_PERSON) % {
        "code": participant.code
    }
    await staff_members.send(db, services, member, f"{heading}\n\n{text}", case_id=case.id)


async def talking(db: AsyncSession, case: Escalation | None) -> bool:
    """A counsellor has claimed the case and written to the person: replies go to them."""
    if case is None or case.status != "claimed":
        return False
    first = await db.scalar(
        select(CaseMessage.id).where(
            CaseMessage.escalation_id == case.id, CaseMessage.kind == "to_person"
        )
    )
    return first is not None


def _keep(
    db: AsyncSession,
    services: Services,
    case: Escalation,
    kind: str,
    text: str,
    member: Staff | None,
) -> None:
    db.add(
        CaseMessage(
            escalation_id=case.id,
            kind=kind,
            staff_id=member.id if member else None,
            text_enc=services.cipher.encrypt(text.encode(), aad.case_message(case.id)),
            created_at=services.clock(),
        )
    )
