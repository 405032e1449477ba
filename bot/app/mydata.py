"""/mydata: everything Qadam holds about the person, in their language: a few lines in the
chat, and the whole as a JSON document.

Nothing about them is left out; what is about others (a counsellor's notes and words, the
audit log) is. The document carries no Telegram id: Qadam holds none in clear, and the
chat id it keeps sealed is how it reaches them, not something about them.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.context import App
from bot.domain import messaging, participants
from bot.domain.services import Services
from bot.engine.session import PROFILE_FIELDS
from bot.i18n import texts
from bot.outbox import messages
from bot.storage import aad
from bot.storage.models import (
    Answer,
    CarePlan,
    CaseMessage,
    Escalation,
    Measure,
    Participant,
    PlanModule,
    Schedule,
)

COMMAND = "mydata"
FILE_NAME = "qadam-my-data.json"


async def send(db: AsyncSession, app: App, participant: Participant) -> None:
    services = app.services
    held = await gather(db, services, participant)
    locale = participant.locale
    gettext = services.catalogs.gettext
    counts = [
        (texts.MYDATA_ANSWERS, len(held["answers"])),
        (texts.MYDATA_MEASURES, len(held["questionnaires"])),
        (texts.MYDATA_SCHEDULES, len(held["schedules"])),
        (texts.MYDATA_CASES, len(held["cases"])),
    ]
    lines = [gettext(locale, texts.MYDATA_INTRO)]
    lines += [f"{gettext(locale, label)}: {count}" for label, count in counts]
    lines.append(gettext(locale, texts.MYDATA_FILE))
    # Everything held about the person, on one screen: quick exit is one tap under it.
    clear = [messaging.clear_button(services, locale)]
    await messaging.send_text(db, services, participant, "\n".join(lines), clear)
    document = json.dumps(held, ensure_ascii=False, indent=2, default=_plain).encode()
    chat = participants.chat_id(services, participant)
    caption = gettext(locale, texts.MYDATA_CAPTION)
    payload = messages.send_file("sendDocument", chat, FILE_NAME, document, caption)
    await messaging.queue_call(db, services, participant, "sendDocument", payload)


async def gather(db: AsyncSession, services: Services, participant: Participant) -> dict[str, Any]:
    """What is held, by kind, oldest first within each."""
    pid = participant.id
    profile = {name: getattr(participant, name) for name in sorted(PROFILE_FIELDS)}
    profile |= {
        "code": participant.code,
        "reminders": participant.reminders,
        "paused_until": participant.paused_until,
        "consented_at": participant.consented_at,
        "joined_at": participant.created_at,
    }
    answers = [
        {
            "flow": row.flow,
            "question": row.step,
            "saved_as": row.var,
            "value": row.value,
            "text": _open(services, row.text_enc, aad.answer_text(pid)),
            "at": row.created_at,
        }
        for row in await db.scalars(
            select(Answer)
            .where(Answer.participant_id == pid)
            .order_by(Answer.created_at, Answer.id)
        )
    ]
    questionnaires = [
        {
            "questionnaire": row.instrument,
            "answers": row.answers,
            "total": row.total,
            "score": row.score,
            "band": row.band,
            "at": row.taken_at,
        }
        for row in await db.scalars(
            select(Measure).where(Measure.participant_id == pid).order_by(Measure.taken_at)
        )
    ]
    schedules = [
        {"kind": row.kind, "flow": row.flow, "time": row.local_time, "days": row.days}
        for row in await db.scalars(
            select(Schedule).where(Schedule.participant_id == pid).order_by(Schedule.id)
        )
    ]
    return {
        "profile": profile,
        "answers": answers,
        "questionnaires": questionnaires,
        "schedules": schedules,
        "plan": await _plan(db, services, pid),
        "cases": await _cases(db, services, pid),
    }


async def _plan(db: AsyncSession, services: Services, pid: int) -> dict[str, Any] | None:
    plan = await db.scalar(select(CarePlan).where(CarePlan.participant_id == pid))
    if plan is None:
        return None
    modules = await db.scalars(
        select(PlanModule.flow).where(PlanModule.plan_id == plan.id).order_by(PlanModule.position)
    )
    return {
        "goals": _open(services, plan.goals_enc, aad.plan_goals(pid)),
        "check_in": plan.checkin_flow,
        "every_days": plan.every_days,
        "weeks": plan.weeks,
        "starts_on": plan.starts_on,
        "review_on": plan.review_on,
        "modules": list(modules),
    }


async def _cases(db: AsyncSession, services: Services, pid: int) -> list[dict[str, Any]]:
    """Each time a counsellor was asked for: when, why, how it went, and the person's own
    words to them."""
    cases = []
    for case in await db.scalars(
        select(Escalation).where(Escalation.participant_id == pid).order_by(Escalation.opened_at)
    ):
        own = await db.scalars(
            select(CaseMessage)
            .where(CaseMessage.escalation_id == case.id, CaseMessage.kind == "from_person")
            .order_by(CaseMessage.created_at)
        )
        cases.append(
            {
                "opened_at": case.opened_at,
                "severity": case.severity,
                "reasons": case.reasons or [case.reason],
                "status": case.status,
                "answered_at": case.claimed_at,
                "ended_at": case.ended_at,
                "resolved_at": case.resolved_at,
                "rating": case.rating,
                "felt_unsafe": case.felt_unsafe,
                "my_messages": [
                    {
                        "text": _open(services, m.text_enc, aad.case_message(case.id)),
                        "at": m.created_at,
                    }
                    for m in own
                ],
            }
        )
    return cases


def _open(services: Services, sealed: bytes | None, bound: bytes) -> str | None:
    return None if sealed is None else services.cipher.decrypt(sealed, bound).decode()


def _plain(value: object) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"no JSON form for {type(value).__name__}")
