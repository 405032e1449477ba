"""Running a person's flow: load their session, step the engine, apply its effects."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import structlog
from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import quick_exit
from bot.app.effects import EffectContext, apply_effects
from bot.app.identity import ReadAhead
from bot.domain import participants, profile
from bot.domain.services import Services
from bot.engine import interpreter
from bot.engine.errors import FlowRuntimeError
from bot.engine.model import Flow
from bot.engine.screens import LIBRARY
from bot.engine.session import Event, Reply, Session, Start
from bot.escalation import cases, trends
from bot.library import screen as library
from bot.outbox.queue import cancel_delayed
from bot.scheduling import control
from bot.storage import aad
from bot.storage.models import FlowState, Participant, table_of

log = structlog.get_logger()

_STATES = table_of(FlowState)
_THEIRS = _STATES.c.participant_id == bindparam("person")
_LOAD = select(_STATES.c.state_enc).where(_THEIRS)
_SAVE = update(_STATES).where(_THEIRS)
_FIRST = insert(_STATES)


@dataclass(frozen=True)
class Outcome:
    """What happened, for the adapter: whether the person still exists."""

    forgotten: bool


async def load_session(
    db: AsyncSession,
    services: Services,
    participant: Participant,
    ahead: ReadAhead | None = None,
) -> Session | None:
    """The person's conversation; `ahead` only at the start of their update, before
    anything could have changed it."""
    sealed = (
        ahead.sealed_state
        if ahead is not None
        else await db.scalar(_LOAD, {"person": participant.id})
    )
    if sealed is None:
        return None
    data = services.cipher.decrypt_json(sealed, aad.flow_state(participant.id))
    session = Session.model_validate(data)
    if services.library.pinned(session.flow, session.revision) is not None:
        return session
    # The revision it started on was replaced before this process started: go on in the
    # one in force where the person's step still exists.
    flow = services.library.flows.get(session.flow)
    if flow is None or (session.step is not None and session.step not in flow.steps):
        # The flow was changed or removed since: the person gets the menu, not an error.
        log.warning(
            "session.orphaned", participant=participants.log_tag(participant), flow=session.flow
        )
        return None
    return session.model_copy(update={"revision": services.library.revision(flow.flow)})


def flow_of(services: Services, session: Session) -> Flow:
    """The flow a conversation runs on: the revision it started with, while it lasts."""
    pinned = services.library.pinned(session.flow, session.revision)
    return pinned if pinned is not None else services.library.flow(session.flow)


async def save_session(
    db: AsyncSession, services: Services, participant: Participant, session: Session
) -> None:
    blob = services.cipher.encrypt_json(
        session.model_dump(mode="json"), aad.flow_state(participant.id)
    )
    values = {"flow": session.flow, "state_enc": blob, "updated_at": services.clock()}
    # Written straight over, not read first: a read would cost a statement.
    saved = await db.execute(_SAVE, {"person": participant.id, **values})
    if not getattr(saved, "rowcount", 0):
        await db.execute(_FIRST, {"participant_id": participant.id, **values})


async def start(
    db: AsyncSession,
    services: Services,
    participant: Participant,
    flow_name: str,
    *,
    step: str | None = None,
    suggested_locale: str | None = None,
    depth: int = 0,
    offset: float = 0.0,
) -> Outcome:
    """Begin `flow_name` for the person, replacing whatever flow they were in."""
    if depth == 0:
        # The person chose something new: timed messages of the old flow must not follow.
        await cancel_delayed(db, participant.id, services.clock())
    for follow_up in AFTER_FLOW_STARTED:
        await follow_up(db, participant, flow_name, services.clock())
    if flow_name == LIBRARY:
        await library.show(db, services, participant)
        return Outcome(forgotten=False)
    flow = services.library.flow(flow_name)
    facts = profile.facts(participant) | await _history(db, services, participant)
    if suggested_locale and "locale" not in facts:
        facts["locale"] = suggested_locale
    previous = await load_session(db, services, participant)
    # Keep `seq` growing across flows so a button from an earlier flow is recognised as stale.
    seq = previous.seq if previous is not None else 0
    session = Session(
        flow=flow.flow, revision=services.library.revision(flow.flow), facts=facts, seq=seq
    )
    event = Start(at=services.clock(), step=step)
    return await _advance(db, services, participant, session, event, depth, offset)


async def reply(
    db: AsyncSession,
    services: Services,
    participant: Participant,
    session: Session | None,
    event: Reply,
) -> Outcome:
    """The person answered the flow `session` (as `load_session` gave it). Raises
    `StaleAnswer` for a button of an old question, `NoActiveFlow` when nothing waits."""
    if session is None or session.status == "ended":
        raise NoActiveFlow
    session = session.model_copy(update={"facts": session.facts | profile.facts(participant)})
    return await _advance(db, services, participant, session, event, 0, 0.0)


async def reprompt(db: AsyncSession, services: Services, participant: Participant) -> Outcome:
    """Ask the current question again (after /help, or a stale button)."""
    session = await load_session(db, services, participant)
    if session is None or session.status == "ended":
        raise NoActiveFlow
    flow = flow_of(services, session)
    effects = interpreter.reprompt(flow, session, instruments=services.library.instruments)
    context = EffectContext(db, services, participant, services.clock(), _start_nested)
    forgotten = await apply_effects(context, effects)
    return Outcome(forgotten)


def awaits_text(services: Services, session: Session | None) -> bool:
    """Whether the flow is waiting for something typed (not a button)."""
    if session is None or session.status == "ended" or session.step is None:
        return False
    return flow_of(services, session).steps[session.step].input is not None


def in_flow(session: Session | None) -> bool:
    """Whether the person is in the middle of a flow, with a place to go back to."""
    return session is not None and session.status == "active"


async def _history(
    db: AsyncSession, services: Services, participant: Participant
) -> dict[str, Any]:
    """The computed facts a flow may test (`COMPUTED_FIELDS`): trends, and an open case."""
    found = await trends.facts(db, participant.id, services.clock())
    found["open_case"] = await cases.current(db, participant.id) is not None
    return found


class NoActiveFlow(FlowRuntimeError):
    """The person is not in the middle of a flow: show them the menu instead."""

    def __init__(self) -> None:
        super().__init__("no flow is waiting for an answer; offer the menu")


MAX_FLOW_CHAIN = 8


async def _checked_in(db: AsyncSession, participant: Participant, flow: str, now: datetime) -> None:
    """A check-in the person opened themselves (reminder or menu) counts as answered."""
    await control.checked_in(db, participant.id, flow, now)


# Follow-ups of a flow starting, run in its transaction; add one here, not inside `start`.
FlowStarted = Callable[[AsyncSession, Participant, str, datetime], Awaitable[None]]
AFTER_FLOW_STARTED: tuple[FlowStarted, ...] = (_checked_in,)
# Follow-ups of the engine having run, with the session where it stopped; likewise here.
Stepped = Callable[[AsyncSession, Services, Participant, Session], Awaitable[None]]
AFTER_STEP: tuple[Stepped, ...] = (quick_exit.timer_step_reached,)


async def _advance(
    db: AsyncSession,
    services: Services,
    participant: Participant,
    session: Session,
    event: Event,
    depth: int,
    offset: float,
) -> Outcome:
    if depth > MAX_FLOW_CHAIN:
        raise FlowRuntimeError(
            f"flow {session.flow!r} chains into more than {MAX_FLOW_CHAIN} flows without "
            "asking anything; check its `go: {flow: ...}` targets"
        )
    flow = flow_of(services, session)
    new_session, effects = interpreter.step(
        flow, session, event, instruments=services.library.instruments
    )
    await save_session(db, services, participant, new_session)
    context = EffectContext(
        db, services, participant, event.at, _start_nested, depth, offset=offset, latest=offset
    )
    forgotten = await apply_effects(context, effects)
    if not forgotten:
        for follow_up in AFTER_STEP:
            await follow_up(db, services, participant, new_session)
    return Outcome(forgotten)


async def _start_nested(context: EffectContext, flow_name: str, step: str | None) -> bool:
    outcome = await start(
        context.db,
        context.services,
        context.participant,
        flow_name,
        step=step,
        depth=context.depth + 1,
        offset=context.latest,
    )
    return outcome.forgotten
