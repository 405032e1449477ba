"""Who sent an update: a participant or a staff member, found by pseudonym only."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, exists, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.context import App
from bot.domain import participants, updates
from bot.storage.crypto import pseudonym, staff_pseudonym
from bot.storage.models import ChatTrace, Escalation, FlowState, Participant, Staff

# Both sides looked up in one statement, since every update asks: one row, each side
# outer-joined to it or empty. With the person, what the update's first steps would each
# read with a statement of their own (`ReadAhead`). Built once, with bound keys.
_ONE = select(literal(1).label("one")).subquery()
_OPEN_CASE = exists().where(
    Escalation.participant_id == Participant.id, Escalation.status != "resolved"
)
# As `ix_chat_traces_unanswered` says it, so that only those rows are read.
_UNANSWERED = exists().where(
    ChatTrace.participant_id == Participant.id, ChatTrace.counts_from.is_(None)
)
_WHO = (
    select(
        Participant,
        Staff,
        FlowState.state_enc,
        _OPEN_CASE.label("open_case"),
        _UNANSWERED.label("unanswered"),
    )
    .select_from(_ONE)
    .outerjoin(Participant, Participant.key == bindparam("participant_key"))
    .outerjoin(Staff, Staff.key == bindparam("staff_key"))
    .outerjoin(FlowState, FlowState.participant_id == Participant.id)
)
_WHO_RECORDING = updates.carrying(_WHO)


@dataclass(frozen=True)
class ReadAhead:
    """Read with the person as their update began, for its first steps only: what a step
    changes later in the transaction is not here.

    `sealed_state`: their flow state (`conversations.load_session`), None when they are in
    no flow; `open_case`: whether a case of theirs is not resolved; `unanswered`: whether a
    counsellor's message in their chat waits for them (`quick_exit.noticed`)."""

    sealed_state: bytes | None
    open_case: bool
    unanswered: bool


@dataclass(frozen=True)
class Who:
    participant: Participant | None
    staff: Staff | None
    # Only with a participant.
    ahead: ReadAhead | None = None


async def identify(db: AsyncSession, app: App, telegram_user_id: int) -> Who:
    """Find the sender; a person who writes is reachable again, whatever they blocked before."""
    key = app.services.keys.pseudonym
    keys = {
        "participant_key": pseudonym(key, telegram_user_id),
        "staff_key": staff_pseudonym(key, telegram_user_id),
    }
    found = await updates.read(db, _WHO, _WHO_RECORDING, keys)
    participant, staff, sealed_state, open_case, unanswered = found.one()
    if participant is None:
        return Who(None, staff)
    participants.heard_from(participant)
    return Who(participant, staff, ReadAhead(sealed_state, bool(open_case), bool(unanswered)))
