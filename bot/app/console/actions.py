"""What the case page's forms do: claim, reply, note, transfer, resolve, reopen. Each is
checked on the server, goes through the same capabilities as the Telegram commands
(`bot.app.staff`), is audited there, and returns a sentence for the page."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.console import words
from bot.app.console.access import supervises
from bot.app.console.loading import visible_case
from bot.app.console.reading import Reader, Refused
from bot.domain.services import Services
from bot.escalation import cases, notes, relay
from bot.escalation import staff as staff_members
from bot.storage.models import Escalation, Participant, Staff


@dataclass(frozen=True)
class Done:
    case_id: int
    message: str  # in the staff member's language


Result = Done | Refused


async def _workable(
    db: AsyncSession, tr: Reader, case_id: int, *, resolved: bool | None
) -> tuple[Escalation, Participant] | Refused:
    """The case and its person, when the reader may see it, it is not erased, and its
    status fits (`resolved` True: only resolved; False: only unresolved; None: either)."""
    case = await visible_case(db, case_id, tr)
    if isinstance(case, Refused):
        return case
    if case.participant_id is None:
        return tr.refuse("conflict", words.REFUSED_ERASED)
    if resolved is False and case.status == "resolved":
        return tr.refuse("conflict", words.REFUSED_RESOLVED)
    if resolved is True and case.status != "resolved":
        return tr.refuse("conflict", words.REFUSED_NOT_RESOLVED)
    return case, await db.get_one(Participant, case.participant_id)


async def claim(db: AsyncSession, services: Services, staff: Staff, case_id: int) -> Result:
    tr = Reader(services, staff)
    found = await _workable(db, tr, case_id, resolved=False)
    if isinstance(found, Refused):
        return found
    if not await cases.claim(db, services, found[0], staff):
        return tr.refuse("conflict", words.REFUSED_TAKEN)
    return Done(case_id, tr(words.DONE_CLAIMED))


async def reply(
    db: AsyncSession, services: Services, staff: Staff, case_id: int, text: str
) -> Result:
    """Write to the person through the relay, as `/reply` does: an open case is claimed
    first; a long text goes out in several messages."""
    tr = Reader(services, staff)
    if not text.strip():
        return tr.refuse("invalid", words.REFUSED_EMPTY)
    found = await _workable(db, tr, case_id, resolved=False)
    if isinstance(found, Refused):
        return found
    case, person = found
    taken = case.status == "claimed" and case.staff_id != staff.id
    if taken or (case.status == "open" and not await cases.claim(db, services, case, staff)):
        return tr.refuse("conflict", words.REFUSED_TAKEN)
    await relay.to_person(db, services, case, person, staff, text.strip())
    return Done(case_id, tr(words.DONE_SENT))


async def note(
    db: AsyncSession, services: Services, staff: Staff, case_id: int, text: str
) -> Result:
    tr = Reader(services, staff)
    if not text.strip():
        return tr.refuse("invalid", words.REFUSED_EMPTY)
    found = await _workable(db, tr, case_id, resolved=None)
    if isinstance(found, Refused):
        return found
    await notes.add(db, services, found[0], staff, text.strip())
    return Done(case_id, tr(words.DONE_NOTED))


async def transfer(
    db: AsyncSession, services: Services, staff: Staff, case_id: int, to: str | None
) -> Result:
    """Hand the case to the colleague with staff code `to`, who is told in Telegram, or
    with `to` None back to the queue. Its holder may, and supervisors and admins."""
    tr = Reader(services, staff)
    found = await _workable(db, tr, case_id, resolved=False)
    if isinstance(found, Refused):
        return found
    case, person = found
    if case.staff_id != staff.id and not supervises(staff):
        return tr.refuse("forbidden", words.REFUSED_NOT_YOURS)
    colleague = await staff_members.by_code(db, to) if to else None
    if colleague is not None and not cases.suits(colleague, person):
        return tr.refuse("invalid", words.REFUSED_WANTS_WOMAN)
    if to is not None and (
        colleague is None or colleague.id == staff.id or not cases.may_take(colleague, case, person)
    ):
        return tr.refuse("invalid", words.REFUSED_COLLEAGUE)
    await cases.transfer(db, services, case, staff, colleague)
    if colleague is None:
        return Done(case_id, tr(words.DONE_QUEUED))
    return Done(case_id, tr(words.DONE_TRANSFERRED) % {"staff": colleague.code})


async def resolve(
    db: AsyncSession, services: Services, staff: Staff, case_id: int, outcome: str
) -> Result:
    """Close the case with how it ended, as Telegram's Resolve does: the conversation is
    ended (the person is asked how it went), and a case where the person felt unsafe is
    a supervisor's to close."""
    tr = Reader(services, staff)
    if outcome not in cases.OUTCOMES:
        return tr.refuse("invalid", words.REFUSED_OUTCOME)
    found = await _workable(db, tr, case_id, resolved=False)
    if isinstance(found, Refused):
        return found
    case, person = found
    if not cases.may_resolve(staff, case):
        return tr.refuse("forbidden", words.REFUSED_SUPERVISOR_RESOLVES)
    await relay.end(db, services, case, person, staff)
    await cases.resolve(db, services, case, staff, outcome)
    return Done(case_id, tr(words.DONE_RESOLVED))


async def reopen(db: AsyncSession, services: Services, staff: Staff, case_id: int) -> Result:
    tr = Reader(services, staff)
    found = await _workable(db, tr, case_id, resolved=True)
    if isinstance(found, Refused):
        return found
    await cases.reopen(db, services, found[0], staff)
    return Done(case_id, tr(words.DONE_REOPENED))
