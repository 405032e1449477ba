"""The anonymous relay: a counsellor writes through the bot, and the person's replies go
back while the case is open. Neither side sees the other's Telegram account.

Every message is kept encrypted with its case (`case_messages`) until 90 days after the
case is resolved, then purged.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.messaging import clear_button, is_discreet, send_text
from bot.domain.services import Services
from bot.escalation import feedback
from bot.escalation import staff as staff_members
from bot.escalation.cases import CASE_RETENTION_DAYS, RESOLVE, audit
from bot.i18n import texts
from bot.outbox import messages
from bot.outbox.callbacks import fields, row_id
from bot.storage import aad
from bot.storage.models import CaseMessage, Escalation, Participant, Staff

# The person's button under each counsellor message: "rl:end:<case id>".
END = "rl:end:"


def parse_end(data: str) -> int | None:
    """The case id an "end the conversation" button names; None for anything else."""
    parts = fields(data, END, 1)
    return None if parts is None else row_id(parts[0])


async def to_person(
    db: AsyncSession,
    services: Services,
    case: Escalation,
    participant: Participant,
    member: Staff,
    text: str,
) -> None:
    keep(db, services, case, "to_person", text, member)
    # Writing again after an ending starts the conversation again.
    case.ended_at = None
    gettext = services.catalogs.gettext
    # In discreet mode the neutral first line stands in for "Your counsellor:".
    heading = "" if is_discreet(participant) else gettext(participant.locale, texts.COUNSELLOR_SAYS)
    await send_text(
        db,
        services,
        participant,
        f"{heading}\n\n{text}" if heading else text,
        [
            (gettext(participant.locale, texts.RELAY_END), f"{END}{case.id}"),
            clear_button(services, participant.locale),
        ],
        priority=messages.PRIORITY_COUNSELLOR,
        case_id=case.id,
    )
    await audit(db, case, member, "wrote", None, services.clock())


async def from_person(
    db: AsyncSession, services: Services, case: Escalation, participant: Participant, text: str
) -> None:
    member = await db.get(Staff, case.staff_id) if case.staff_id else None
    if member is None or member.chat_enc is None:
        return
    keep(db, services, case, "from_person", text, None)
    locale = staff_members.interface_locale(member)
    heading = services.catalogs.gettext(locale, texts.STAFF_FROM_PERSON) % {
        "code": participant.code
    }
    await staff_members.send(
        db, services, member, f"{heading}\n\n{text}", case_id=case.id, about=participant
    )


async def undelivered(
    db: AsyncSession, services: Services, case: Escalation, participant: Participant
) -> None:
    """A counsellor's words could not reach the person: their counsellor is told."""
    member = await db.get(Staff, case.staff_id) if case.staff_id else None
    if member is None or member.chat_enc is None:
        return
    locale = staff_members.interface_locale(member)
    text = services.catalogs.gettext(locale, texts.STAFF_NOT_DELIVERED)
    await staff_members.send(
        db, services, member, text % {"code": participant.code}, case_id=case.id, about=participant
    )


async def talking(db: AsyncSession, case: Escalation | None) -> bool:
    """A counsellor has claimed the case and written to the person: replies go to them."""
    if case is None or case.status != "claimed" or case.ended_at is not None:
        return False
    first = await db.scalar(
        select(CaseMessage.id).where(
            CaseMessage.escalation_id == case.id, CaseMessage.kind == "to_person"
        )
    )
    return first is not None


async def end(
    db: AsyncSession,
    services: Services,
    case: Escalation,
    participant: Participant,
    member: Staff | None,
) -> bool:
    """End the conversation: by the person (`member` None) or by their counsellor.

    The case itself stays with the counsellor until they resolve it; the person is asked
    how it went. False when there was no conversation going on.
    """
    if not await talking(db, case):
        return False
    now = services.clock()
    case.ended_at = case.updated_at = now
    await audit(db, case, member, "ended", {"by": "staff" if member else "person"}, now)
    counsellor = member or (await db.get(Staff, case.staff_id) if case.staff_id else None)
    if member is None and counsellor is not None and counsellor.chat_enc is not None:
        locale = staff_members.interface_locale(counsellor)
        gettext = services.catalogs.gettext
        await staff_members.send(
            db,
            services,
            counsellor,
            gettext(locale, texts.STAFF_PERSON_ENDED) % {"code": participant.code},
            buttons=[(gettext(locale, texts.CASE_RESOLVE), f"{RESOLVE}{case.id}")],
            case_id=case.id,
            about=participant,
        )
    ended = texts.RELAY_ENDED_BY_COUNSELLOR if member else texts.RELAY_ENDED_BY_PERSON
    text = services.catalogs.gettext(participant.locale, ended)
    await send_text(db, services, participant, text, priority=messages.PRIORITY_COUNSELLOR)
    await feedback.ask(db, services, case, participant)
    return True


def keep(
    db: AsyncSession,
    services: Services,
    case: Escalation,
    kind: str,
    text: str,
    member: Staff | None,
) -> None:
    """Store a relayed message or a note, encrypted; on a resolved case it expires with
    the case's other messages."""
    expires = case.resolved_at + timedelta(days=CASE_RETENTION_DAYS) if case.resolved_at else None
    db.add(
        CaseMessage(
            escalation_id=case.id,
            kind=kind,
            staff_id=member.id if member else None,
            text_enc=services.cipher.encrypt(text.encode(), aad.case_message(case.id)),
            created_at=services.clock(),
            expires_at=expires,
        )
    )
