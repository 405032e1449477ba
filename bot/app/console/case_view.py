"""The case page: what happened, the conversation and notes decrypted, the person's
charts. Shown only to staff allowed to see the case, and every view is audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.console import charts
from bot.app.console.access import supervises
from bot.app.console.lines import CaseLine, line
from bot.app.console.loading import staff_by_id, visible_case
from bot.app.console.profile import Profile, profile
from bot.app.console.reading import Reader, Refused, When
from bot.app.console.timeline import TimelineEntry, timeline
from bot.domain.services import Services
from bot.escalation import cases
from bot.storage import aad
from bot.storage.models import AuditEvent, CaseMessage, Escalation, Participant, Staff

# The audit action of a look at a case's content, from the console or Telegram's /case.
VIEWED = "viewed"
# Views by one member of one case within this long are one audited look.
VIEW_WINDOW = timedelta(minutes=10)


@dataclass(frozen=True)
class RelayMessage:
    at: When
    kind: str  # to_person, from_person, note
    staff: str | None  # the staff code of who wrote it; None for the person
    text: str


@dataclass(frozen=True)
class CaseView:
    case: CaseLine
    profile: Profile | None  # None once the person erased themselves
    words: str | None  # the person's words that raised it, when there were any
    timeline: tuple[TimelineEntry, ...]
    relay: tuple[RelayMessage, ...]  # messages and notes, oldest first
    charts: tuple[charts.Series, ...]
    actions: frozenset[str]  # what the reader may do now: see `allowed_actions`


async def _seen_lately(db: AsyncSession, case: Escalation, staff: Staff, now: datetime) -> bool:
    """An open page polls every few seconds: one row stands for each stretch of looking,
    so that the log stays readable and does not grow by hundreds of rows an hour."""
    recent = await db.scalar(
        select(AuditEvent.id)
        .where(
            AuditEvent.escalation_id == case.id,
            AuditEvent.staff_id == staff.id,
            AuditEvent.action == VIEWED,
            AuditEvent.at > now - VIEW_WINDOW,
        )
        .limit(1)
    )
    return recent is not None


async def case_view(
    db: AsyncSession, services: Services, staff: Staff, case_id: int, now: datetime
) -> CaseView | Refused:
    tr = Reader(services, staff)
    case = await visible_case(db, case_id, tr)
    if isinstance(case, Refused):
        return case
    person = await db.get(Participant, case.participant_id) if case.participant_id else None
    events = list(
        await db.scalars(
            select(AuditEvent)
            .where(AuditEvent.escalation_id == case.id)
            .order_by(AuditEvent.at, AuditEvent.id)
        )
    )
    messages = list(
        await db.scalars(
            select(CaseMessage)
            .where(CaseMessage.escalation_id == case.id)
            .order_by(CaseMessage.created_at, CaseMessage.id)
        )
    )
    staff_ids = [case.staff_id, *(e.staff_id for e in events), *(m.staff_id for m in messages)]
    known = await staff_by_id(db, staff_ids)
    reopened = any(e.action == "reopened" for e in events)
    summary = line(
        case, code=person.code if person else None, reopened=reopened, staff=known, now=now, tr=tr
    )
    cipher = services.cipher
    relay = tuple(
        RelayMessage(
            tr.when(m.created_at),
            m.kind,
            known[m.staff_id].code if m.staff_id in known else None,
            cipher.decrypt(m.text_enc, aad.case_message(case.id)).decode(),
        )
        for m in messages
    )
    said = (
        cipher.decrypt(case.evidence_enc, aad.case_evidence(case.id)).decode()
        if case.evidence_enc is not None
        else None
    )
    # Audited before anything is shown; the detail says where, never what.
    if not await _seen_lately(db, case, staff, now):
        await cases.audit(db, case, staff, VIEWED, {"in": "console"}, now)
    return CaseView(
        case=summary,
        profile=profile(person, tr) if person else None,
        words=said,
        timeline=timeline(events, known, tr),
        relay=relay,
        charts=await charts.series(db, person.id, tr) if person else (),
        actions=allowed_actions(staff, summary),
    )


def allowed_actions(staff: Staff, case: CaseLine) -> frozenset[str]:
    """The forms the case page offers; each action checks again when it is done."""
    if case.code is None:  # erased: nothing is left to act on
        return frozenset()
    if case.status == "resolved":
        return frozenset({"note", "reopen"})
    mine = case.holder is not None and case.holder.code == staff.code
    found = {"note", "resolve"}
    if case.status == "open":
        found.add("claim")
    if case.status == "open" or mine:
        found.add("reply")
    if mine or supervises(staff):
        found.add("transfer")
    return frozenset(found)
