"""Case notes, and the case as a staff member sees it on request (`/case CODE`).

Notes are encrypted like relayed messages and purged with them. Reading a case, with the
person's words that raised it, is itself an audited action.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.services import Services
from bot.escalation import staff as staff_members
from bot.escalation.cases import SEVERITY_MARKS, audit
from bot.escalation.context import local_time, profile_in_words, reasons_in_words
from bot.escalation.relay import keep
from bot.i18n import texts
from bot.storage import aad
from bot.storage.models import CaseMessage, Escalation, Participant, Staff


async def add(
    db: AsyncSession, services: Services, case: Escalation, member: Staff, text: str
) -> None:
    keep(db, services, case, "note", text, member)
    await audit(db, case, member, "noted", None, services.clock())


async def describe(
    db: AsyncSession,
    services: Services,
    case: Escalation,
    participant: Participant,
    member: Staff,
) -> str:
    """Severity, status, reasons, when it opened, the words that raised it, feedback and
    notes: what a counsellor needs, and still nothing that says who the person is."""
    locale = staff_members.interface_locale(member)

    def tr(message: str) -> str:
        return services.catalogs.gettext(locale, message)

    lines = [
        f"{SEVERITY_MARKS[case.severity]} {tr(texts.CASE_SEVERITY[case.severity])}"
        f" · {tr(texts.CASE_STATUS[case.status])}",
        f"{tr(texts.CASE_PERSON)}: {participant.code}",
        f"{tr(texts.CASE_PROFILE)}: {profile_in_words(participant, tr)}",
        f"{tr(texts.CASE_REASONS)}: {reasons_in_words(case.reasons or [case.reason], tr)}",
        f"{tr(texts.CASE_OPENED)}: {local_time(case.opened_at, member)}",
    ]
    if case.evidence_enc is not None:
        words = services.cipher.decrypt(case.evidence_enc, aad.case_evidence(case.id)).decode()
        lines.append(f"{tr(texts.CASE_WORDS)}: «{words}»")
    if case.rating is not None or case.felt_unsafe is not None:
        parts: list[str] = []
        if case.rating is not None:
            parts.append(tr(texts.FEEDBACK_RATINGS[case.rating]))
        # Only supervisors see it: the counsellor may be whom it is about.
        if case.felt_unsafe and staff_members.supervises(member):
            parts.append(tr(texts.CASE_FELT_UNSAFE))
        if parts:
            lines.append(f"{tr(texts.CASE_FEEDBACK)}: {', '.join(parts)}")
    notes = await db.scalars(
        select(CaseMessage)
        .where(CaseMessage.escalation_id == case.id, CaseMessage.kind == "note")
        .order_by(CaseMessage.created_at, CaseMessage.id)
    )
    written = [
        f"• {local_time(note.created_at, member)} "
        + services.cipher.decrypt(note.text_enc, aad.case_message(case.id)).decode()
        for note in notes
    ]
    if written:
        lines += ["", f"{tr(texts.CASE_NOTES)}:", *written]
    await audit(db, case, member, "viewed", None, services.clock())
    return "\n".join(lines)
