"""Loading a case for a staff member, refused the same way for every page and action."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.console import words
from bot.app.console.reading import Reader, Refused
from bot.escalation import cases
from bot.storage.models import Escalation, Staff


async def visible_case(db: AsyncSession, case_id: int, tr: Reader) -> Escalation | Refused:
    """The case, when the reader may see it. A colleague's case is refused in the same
    words whatever it holds: the refusal tells nothing about it."""
    case = await db.get(Escalation, case_id)
    if case is None:
        return tr.refuse("not-found", words.REFUSED_NO_CASE)
    if not cases.may_see(tr.member, case):
        return tr.refuse("forbidden", words.REFUSED_NOT_YOURS)
    return case


async def staff_by_id(db: AsyncSession, ids: Iterable[int | None]) -> dict[int, Staff]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return {s.id: s for s in await db.scalars(select(Staff).where(Staff.id.in_(wanted)))}
