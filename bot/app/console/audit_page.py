"""The audit log, read-only, for supervisors and admins: who did what to which case and
when. Staff by code and name; never a detail, which may say what a person said."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.console import texts_admin, words
from bot.app.console import texts_content as TC
from bot.app.console.access import supervises
from bot.app.console.loading import staff_by_id
from bot.app.console.reading import Reader, Refused, When
from bot.domain.services import Services
from bot.escalation import staff as staff_members
from bot.storage.models import AuditEvent, Staff

MOST_ROWS = 200
# Every action the log may hold, in words: the case actions and the admin pages' own.
ACTIONS = {**words.ACTIONS, **texts_admin.ACTIONS, **TC.ACTIONS}


@dataclass(frozen=True)
class AuditRow:
    at: When
    staff_code: str | None  # None for what the bot or the person did
    staff_name: str | None
    action: str
    action_words: str
    case_id: int | None


@dataclass(frozen=True)
class AuditPage:
    rows: tuple[AuditRow, ...]  # newest first
    offset: int
    limit: int
    more: bool  # another page follows


async def audit_page(
    db: AsyncSession,
    services: Services,
    staff: Staff,
    *,
    staff_code: str | None = None,
    case_id: int | None = None,
    action: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> AuditPage | Refused:
    tr = Reader(services, staff)
    if not supervises(staff):
        return tr.refuse("forbidden", words.REFUSED_SUPERVISORS)
    limit, offset = max(1, min(limit, MOST_ROWS)), max(0, offset)
    query = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    if staff_code:
        member = await staff_members.by_code(db, staff_code)
        if member is None:
            return AuditPage((), offset, limit, False)
        query = query.where(AuditEvent.staff_id == member.id)
    if case_id is not None:
        query = query.where(AuditEvent.escalation_id == case_id)
    if action:
        query = query.where(AuditEvent.action == action)
    # One row more than shown says whether another page follows.
    events = list(await db.scalars(query.offset(offset).limit(limit + 1)))
    known = await staff_by_id(db, [event.staff_id for event in events])
    rows = []
    for event in events[:limit]:
        member = known.get(event.staff_id) if event.staff_id else None
        worded = ACTIONS.get(event.action)
        action_words = tr(worded) if worded else event.action
        detail = event.detail if isinstance(event.detail, dict) else {}
        if event.action in TC.ACTIONS and "name" in detail and "revision" in detail:
            # Which file and revision: names of content, never anything a person wrote.
            action_words = tr(TC.AUDIT_REVISION) % {
                "action": action_words,
                "name": detail["name"],
                "id": detail["revision"],
            }
        rows.append(
            AuditRow(
                at=tr.when(event.at),
                staff_code=member.code if member else None,
                staff_name=staff_members.name(services, member) if member else None,
                action=event.action,
                action_words=action_words,
                case_id=event.escalation_id,
            )
        )
    return AuditPage(tuple(rows), offset, limit, len(events) > limit)
