"""One handler per effect type, applied inside the caller's transaction."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import structlog
from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain import participants, profile
from bot.domain.messaging import send_text
from bot.domain.services import Services
from bot.engine.effects import (
    Ask,
    Effect,
    End,
    Escalate,
    Forget,
    SaveAnswer,
    Say,
    Schedule,
    Score,
    SetProfile,
    StartFlow,
)
from bot.escalation import cases, trends
from bot.i18n import texts
from bot.outbox import messages
from bot.scheduling import plans
from bot.storage import aad
from bot.storage.models import Answer, Measure, Participant, ScheduledFlow

log = structlog.get_logger()

# How long a kept free-text answer lives before the retention purge removes it.
FREE_TEXT_RETENTION_DAYS = 90


# Starts another flow for the same person (a `go: {flow: ...}`); True if they were erased.
StartNested = Callable[["EffectContext", str, "str | None"], Awaitable[bool]]


@dataclass
class EffectContext:
    db: AsyncSession
    services: Services
    participant: Participant
    at: datetime
    start_flow: StartNested
    depth: int = 0
    # A flow started by another begins after the other's timed messages: `offset` shifts
    # every delay of this flow, and `latest` is the furthest delay queued so far.
    offset: float = 0.0
    latest: float = 0.0
    forgotten: bool = field(default=False)
    # When a reply may come from the counsellor just asked for: said with the step's next
    # message (the one telling the person a counsellor will write), or after the last.
    expectation: str | None = None


Handler = Callable[[EffectContext, Any], Awaitable[None]]
HANDLERS: dict[type[Any], Handler] = {}


def handles(kind: type[Any]) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        HANDLERS[kind] = handler
        return handler

    return register


async def apply_effects(context: EffectContext, effects: list[Effect]) -> bool:
    """Apply in order; returns True when the person was erased along the way."""
    for effect in effects:
        if context.forgotten:
            break
        await HANDLERS[type(effect)](context, effect)
    if context.expectation is not None and not context.forgotten:
        await _send(context, context.expectation, context.latest - context.offset, [])
    return context.forgotten


async def _send(
    context: EffectContext, text: str, delay: float, buttons: list[tuple[str, str]]
) -> None:
    delay += context.offset
    context.latest = max(context.latest, delay)
    await send_text(
        context.db,
        context.services,
        context.participant,
        text,
        buttons,
        at=context.at,
        delay=delay,
    )


@handles(Say)
async def _say(context: EffectContext, effect: Say) -> None:
    text = effect.text
    if context.expectation is not None:
        text, context.expectation = f"{text}\n\n{context.expectation}", None
    await _send(context, text, effect.delay, [])


@handles(Ask)
async def _ask(context: EffectContext, effect: Ask) -> None:
    buttons = [(c.text, messages.answer_callback(effect.seq, c.index)) for c in effect.options]
    text = effect.text
    if effect.reask is not None:
        note = texts.REASK[effect.reask]
        locale = context.participant.locale
        text = f"{context.services.catalogs.gettext(locale, note)}\n\n{text}"
    await _send(context, text, effect.delay, buttons)


@handles(SaveAnswer)
async def _save_answer(context: EffectContext, effect: SaveAnswer) -> None:
    if effect.free_text and not effect.store:
        return
    answer = Answer(
        participant_id=context.participant.id,
        flow=effect.flow,
        step=effect.step,
        var=effect.var,
        created_at=context.at,
    )
    if effect.free_text and effect.retain_days == 0:
        # Kept until the person deletes it (their plan): a new version replaces the old.
        await context.db.execute(
            delete(Answer).where(
                Answer.participant_id == context.participant.id,
                Answer.flow == effect.flow,
                Answer.var == effect.var,
            )
        )
    if effect.free_text:
        answer.text_enc = context.services.cipher.encrypt(
            str(effect.value).encode(), aad.answer_text(context.participant.id)
        )
        days = FREE_TEXT_RETENTION_DAYS if effect.retain_days is None else effect.retain_days
        answer.expires_at = context.at + timedelta(days=days) if days else None
    else:
        answer.value = effect.value
    context.db.add(answer)
    await trends.answer_saved(context.db, context.services, context.participant, answer)
    if effect.var == "consent" and effect.value == "yes":
        context.participant.consented_at = context.at


@handles(SetProfile)
async def _set_profile(context: EffectContext, effect: SetProfile) -> None:
    profile.set_field(context.participant, effect.field, effect.value)
    context.participant.updated_at = context.at
    if effect.field in plans.SCHEDULE_FIELDS:
        await plans.sync(context.db, context.services.library, context.participant, context.at)


@handles(Forget)
async def _forget(context: EffectContext, _: Forget) -> None:
    await participants.forget(context.db, context.participant)
    context.forgotten = True
    log.info("participant.forgotten")


@handles(StartFlow)
async def _start_flow(context: EffectContext, effect: StartFlow) -> None:
    context.latest = max(context.latest, context.offset + effect.delay)
    context.forgotten = await context.start_flow(context, effect.flow, effect.step)


@handles(Escalate)
async def _escalate(context: EffectContext, effect: Escalate) -> None:
    case = await cases.raise_case(
        context.db,
        context.services,
        context.participant,
        severity=effect.severity,
        reasons=[effect.reason],
        signal="flow",
    )
    context.expectation = await cases.expectation(
        context.db, context.services, case, context.participant.locale
    )


@handles(Score)
async def _score(context: EffectContext, effect: Score) -> None:
    context.db.add(
        Measure(
            participant_id=context.participant.id,
            instrument=effect.instrument,
            answers=list(effect.answers),
            total=effect.total,
            score=effect.score,
            band=effect.band,
            positive=effect.positive,
            flags=list(effect.flags),
            taken_at=context.at,
        )
    )
    # The instrument's `risk:` rules decided the case (see Score); a case is about a
    # person who agreed to take part, so nobody is followed up without consent.
    if effect.severity is not None and context.participant.consented_at is not None:
        await cases.raise_case(
            context.db,
            context.services,
            context.participant,
            severity=effect.severity,
            reasons=effect.reasons,
            signal="questionnaire",
        )


@handles(Schedule)
async def _schedule(context: EffectContext, effect: Schedule) -> None:
    context.db.add(
        ScheduledFlow(
            participant_id=context.participant.id,
            flow=effect.flow,
            due_at=context.at + timedelta(seconds=effect.after),
            status="pending",
            created_at=context.at,
        )
    )


@handles(End)
async def _end(context: EffectContext, _: End) -> None:
    log.info("flow.ended", participant=context.participant.code)
