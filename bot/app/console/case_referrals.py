"""Referrals from a case's page: the active services of the person's country to choose
from, the person's referrals with their follow-up answer, and sending one (`refer`, which
delivers the card in the person's language and is audited)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.console import texts_case as C
from bot.app.console import texts_person as P
from bot.app.console import words
from bot.app.console.actions import Done, Result
from bot.app.console.loading import visible_case
from bot.app.console.reading import Reader, Refused, When
from bot.app.context import App
from bot.app.plans import NotAllowed, may_care_for
from bot.app.referrals import UnknownService, refer
from bot.directory import local_services, referrals
from bot.directory.programme import autonym
from bot.i18n import texts
from bot.storage.models import Escalation, Participant, Service, Staff


@dataclass(frozen=True)
class ServiceOption:
    id: int
    category: str  # in words
    name: str
    place: str | None
    languages: str  # each in its own words


@dataclass(frozen=True)
class SentReferral:
    sent: When
    service: str
    answer: str  # in words; "not answered yet" until the person answers


@dataclass(frozen=True)
class ReferralSection:
    may_refer: bool  # whether the reader may send one (else: claim the case first)
    options: tuple[ServiceOption, ...]
    sent: tuple[SentReferral, ...]  # latest first


def _option(service: Service, tr: Reader) -> ServiceOption:
    spoken = ", ".join(autonym(code) for code in service.languages.split(","))
    return ServiceOption(
        service.id,
        tr(texts.SERVICE_CATEGORIES[service.category]),
        service.name,
        service.region,
        spoken,
    )


def _may_refer(member: Staff, case: Escalation, person: Participant) -> bool:
    # As `refer` decides: the person's counsellor, a supervisor, or whoever has the case.
    return may_care_for(member, person) or case.staff_id == member.id


async def _person(
    db: AsyncSession, tr: Reader, case_id: int
) -> tuple[Escalation, Participant] | Refused:
    case = await visible_case(db, case_id, tr)
    if isinstance(case, Refused):
        return case
    if case.participant_id is None:
        return tr.refuse("conflict", words.REFUSED_ERASED)
    return case, await db.get_one(Participant, case.participant_id)


async def section(db: AsyncSession, tr: Reader, case_id: int) -> ReferralSection | None:
    """None when there is nobody to refer: the case is not the reader's to see, or the
    person erased themselves."""
    found = await _person(db, tr, case_id)
    if isinstance(found, Refused):
        return None
    case, person = found
    offered = await local_services.listing(db, country=person.country) if person.country else []
    sent = []
    for referral in await referrals.of_person(db, person.id):
        service = await db.get_one(Service, referral.service_id)
        answer = C.ANSWERS.get(referral.outcome or "", P.NOT_ANSWERED)
        sent.append(SentReferral(tr.when(referral.sent_at), service.name, tr(answer)))
    return ReferralSection(
        _may_refer(tr.member, case, person),
        tuple(_option(service, tr) for service in offered),
        tuple(sent),
    )


async def send(db: AsyncSession, app: App, staff: Staff, case_id: int, service_id: int) -> Result:
    tr = Reader(app.services, staff)
    found = await _person(db, tr, case_id)
    if isinstance(found, Refused):
        return found
    case, person = found
    try:
        await refer(db, app, staff, person, service_id, case=case)
    except NotAllowed:
        return tr.refuse("conflict", C.REFUSED_REFER)
    except UnknownService:
        return tr.refuse("invalid", C.REFUSED_SERVICE)
    return Done(case_id, tr(C.DONE_REFERRED))
