"""One handler per effect type, applied inside the caller's transaction.

`apply` matches every effect type and ends in `assert_never`, so mypy fails the build when
the engine gains an effect nobody handles. What else follows an effect (a trend check after
a mood, schedules after a profile change) is a named follow-up listed beside its effect.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import assert_never

import structlog
from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import crisis
from bot.domain import participants, profile
from bot.domain.messaging import clear_button, send_text
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

# Flow texts name who runs the service with this placeholder: a deployment's setting, so
# one shipped consent serves every programme.
ORGANISATION = "{organisation}"

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


async def apply_effects(context: EffectContext, effects: list[Effect]) -> bool:
    """Apply in order; returns True when the person was erased along the way."""
    for effect in effects:
        if context.forgotten:
            break
        await apply(context, effect)
    if context.expectation is not None and not context.forgotten:
        clear = [clear_button(context.services, context.participant.locale)]
        await _send(context, context.expectation, context.latest - context.offset, clear)
    return context.forgotten


async def apply(context: EffectContext, effect: Effect) -> None:
    match effect:
        case Say():
            await _say(context, effect)
        case Ask():
            await _ask(context, effect)
        case SaveAnswer():
            await _save_answer(context, effect)
        case SetProfile():
            await _set_profile(context, effect)
        case Forget():
            await _forget(context, effect)
        case StartFlow():
            await _start_flow(context, effect)
        case Escalate():
            await _escalate(context, effect)
        case Score():
            await _score(context, effect)
        case Schedule():
            await _schedule(context, effect)
        case End():
            await _end(context, effect)
        case _:
            assert_never(effect)


async def _send(
    context: EffectContext, text: str, delay: float, buttons: list[tuple[str, str]]
) -> None:
    if ORGANISATION in text:
        text = text.replace(ORGANISATION, _organisation(context))
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


def _organisation(context: EffectContext) -> str:
    if context.services.organisation:
        return context.services.organisation
    catalogs = context.services.catalogs
    return catalogs.gettext(context.participant.locale, texts.ORGANISATION_UNSET)


async def _say(context: EffectContext, effect: Say) -> None:
    text = effect.text
    if context.expectation is not None:
        text, context.expectation = f"{text}\n\n{context.expectation}", None
    await _send(context, text, effect.delay, _result_buttons(context, effect))


def _result_buttons(context: EffectContext, effect: Say | Ask) -> list[tuple[str, str]]:
    """A sensitive screen (a questionnaire's result, crisis text, a safety plan): quick
    exit is one tap under it."""
    if not effect.result:
        return []
    return [clear_button(context.services, context.participant.locale)]


async def _ask(context: EffectContext, effect: Ask) -> None:
    buttons = [(c.text, messages.answer_callback(effect.seq, c.index)) for c in effect.options]
    text = effect.text
    gettext, locale = context.services.catalogs.gettext, context.participant.locale
    if effect.reask == "choose" and context.participant.consented_at is not None:
        # Words typed where a button was expected may be what the person needed to say:
        # they are told who can read them, with the way to a counsellor, not to choose.
        note, talk = crisis.unplaced(context.services.catalogs, locale)
        await _send(context, note, effect.delay, talk)
    elif effect.reask is not None:
        text = f"{gettext(locale, texts.REASK[effect.reask])}\n\n{text}"
    await _send(context, text, effect.delay, buttons + _result_buttons(context, effect))


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
    for follow_up in AFTER_ANSWER_SAVED:
        await follow_up(context, answer)
    if effect.var == "consent" and effect.value == "yes":
        context.participant.consented_at = context.at


async def _set_profile(context: EffectContext, effect: SetProfile) -> None:
    profile.set_field(context.participant, effect.field, effect.value)
    context.participant.updated_at = context.at
    for follow_up in AFTER_PROFILE_SET:
        await follow_up(context, effect)


async def _forget(context: EffectContext, _: Forget) -> None:
    await cases.erase(context.db, context.services, context.participant)
    await participants.forget(context.db, context.services, context.participant)
    context.forgotten = True
    log.info("participant.forgotten")


async def _start_flow(context: EffectContext, effect: StartFlow) -> None:
    context.latest = max(context.latest, context.offset + effect.delay)
    context.forgotten = await context.start_flow(context, effect.flow, effect.step)


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
        case = await cases.raise_case(
            context.db,
            context.services,
            context.participant,
            severity=effect.severity,
            reasons=effect.reasons,
            signal="questionnaire",
        )
        # Whoever is promised a counsellor hears when one may write, whatever raised it.
        context.expectation = await cases.expectation(
            context.db, context.services, case, context.participant.locale
        )


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


async def _end(context: EffectContext, _: End) -> None:
    log.info("flow.ended", participant=participants.log_tag(context.participant))


async def _check_mood_trend(context: EffectContext, answer: Answer) -> None:
    """A run of low moods or a sharp drop opens a case (`bot.escalation.trends`)."""
    await trends.answer_saved(context.db, context.services, context.participant, answer)


async def _sync_schedules(context: EffectContext, effect: SetProfile) -> None:
    """A new check-in time, days, zone or profile changes which check-ins are due."""
    if effect.field in plans.SCHEDULE_FIELDS:
        await plans.sync(context.db, context.services.library, context.participant, context.at)


# Follow-ups, run in the same transaction after the effect itself; add new ones here.
AFTER_ANSWER_SAVED: tuple[Callable[[EffectContext, Answer], Awaitable[None]], ...] = (
    _check_mood_trend,
)
AFTER_PROFILE_SET: tuple[Callable[[EffectContext, SetProfile], Awaitable[None]], ...] = (
    _sync_schedules,
)
