"""A case in the console, as much as the queue leads to: severity, reasons in words, the
person in broad strokes, who has it; claim and resolve. Every view is audited, since it
shows what the case is about."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.console import permissions
from bot.app.console.errors import CaseMissing, CaseRefused
from bot.domain.services import Services
from bot.escalation import cases, relay
from bot.escalation import staff as staff_members
from bot.escalation.context import profile_in_words, reasons_in_words
from bot.storage.models import Escalation, Participant, Staff


@dataclass(frozen=True)
class CaseSummary:
    case_id: int
    code: str | None  # None once the person erased themselves
    severity: str
    status: str
    reasons: str  # in the member's words
    profile: str | None
    holder: str | None
    felt_unsafe: bool
    may_take: bool
    may_resolve: bool


async def _allowed(db: AsyncSession, member: Staff, case_id: int) -> Escalation:
    case = await db.get(Escalation, case_id)
    if case is None:
        raise CaseMissing(case_id)
    if not permissions.may_see(member, case):
        raise CaseRefused(case_id)
    return case


async def show(
    db: AsyncSession, services: Services, member: Staff, case_id: int, locale: str
) -> CaseSummary:
    case = await _allowed(db, member, case_id)

    def tr(message: str) -> str:
        return services.catalogs.gettext(locale, message)

    person = await db.get(Participant, case.participant_id) if case.participant_id else None
    holder = await db.get(Staff, case.staff_id) if case.staff_id else None
    await cases.audit(db, case, member, "console.viewed", None, services.clock())
    return CaseSummary(
        case_id=case.id,
        code=person.code if person else None,
        severity=case.severity,
        status=case.status,
        reasons=reasons_in_words(case.reasons or [case.reason], tr),
        profile=profile_in_words(person, tr) if person else None,
        holder=staff_members.name(services, holder) if holder else None,
        felt_unsafe=bool(case.felt_unsafe),
        may_take=permissions.may_take(member, case),
        may_resolve=permissions.may_resolve(member, case),
    )


async def claim(db: AsyncSession, services: Services, member: Staff, case_id: int) -> bool:
    """False when a colleague claimed it first."""
    case = await _allowed(db, member, case_id)
    if not permissions.may_take(member, case):
        return case.staff_id == member.id and case.status == "claimed"
    return await cases.claim(db, services, case, member)


async def resolve(db: AsyncSession, services: Services, member: Staff, case_id: int) -> None:
    """Close the case, ending its conversation first, as Resolve in the bot does."""
    case = await _allowed(db, member, case_id)
    if not permissions.may_resolve(member, case):
        raise CaseRefused(case_id)
    if case.participant_id is not None:
        person = await db.get_one(Participant, case.participant_id)
        await relay.end(db, services, case, person, member)
    await cases.resolve(db, services, case, member)
