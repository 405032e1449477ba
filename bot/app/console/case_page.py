"""A case in the console, as much as the queue leads to: severity, reasons in words, the
person in broad strokes, who has it, and whether this member may claim or resolve it (the
forms go to `actions`). Every view is audited, since it shows what the case is about.
The full case page (`case_view`) takes its place once the console's routes show it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.console import access
from bot.app.console.errors import CaseMissing, CaseRefused
from bot.domain.services import Services
from bot.escalation import cases
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


def _may_resolve(member: Staff, case: Escalation) -> bool:
    return case.status != "resolved" and cases.may_resolve(member, case)


async def _allowed(db: AsyncSession, member: Staff, case_id: int) -> Escalation:
    case = await db.get(Escalation, case_id)
    if case is None:
        raise CaseMissing(case_id)
    if not cases.may_see(member, case):
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
        may_take=access.may_claim(member, case),
        may_resolve=_may_resolve(member, case),
    )
