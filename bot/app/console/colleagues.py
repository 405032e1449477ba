"""Whom a case may be handed to from its page: linked, active colleagues who may take it
(`cases.may_take`), other than the reader and whoever has it now."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.console.lines import Holder, holder
from bot.app.console.loading import visible_case
from bot.app.console.reading import Reader, Refused
from bot.escalation import cases
from bot.escalation import staff as staff_members
from bot.storage.models import Participant


async def who_may_take(db: AsyncSession, tr: Reader, case_id: int) -> tuple[Holder, ...]:
    """In the order they joined; none when the reader may not see the case."""
    case = await visible_case(db, case_id, tr)
    if isinstance(case, Refused):
        return ()
    mates = await staff_members.linked(db)
    person = await db.get(Participant, case.participant_id) if case.participant_id else None
    left_out = {tr.member.id, case.staff_id}
    return tuple(
        found
        for mate in mates
        if mate.id not in left_out
        and cases.may_take(mate, case, person)
        and (found := holder(mate, tr)) is not None
    )
