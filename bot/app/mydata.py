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
from bot.engine.texts import resolve
from bot.i18n import texts
from bot.library import plan as safety_plan
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
    Referral,
    Schedule,
    ScheduledFlow,
    Service,
    Signal,
)

COMMAND = "mydata"
FILE_NAME = "qadam-my-data.json"

# The reason of a case the person asked for themselves (flows/counsellor.yaml).
REQUESTED = "asked-for-counsellor"
# What opened a case, in words a person reads in the document (`Escalation.signal`).
OPENED_BY = {
    "text": "your words",
    "questionnaire": "your answers to a questionnaire",
    "flow": "your answer in a conversation",
    "trend": "your check-ins over time",
}
# Where each table that holds something about a person shows in the document.
SECTIONS = {
    "participants": "profile",
    "answers": "answers",
    "measures": "questionnaires",
    "schedules": "reminders",
    "scheduled_flows": "check_ins_to_come",
    "care_plans": "care_plan",
    "escalations": "cases",
    "referrals": "referrals",
    "signals": "signals",
}
# Tables with a person's id that are not about them but about reaching them: the queue of
# messages on their way (their content is in the other sections), the sealed ids of the
# chat's messages kept for quick exit, and their place in the conversation now.
NOT_ABOUT_THEM = frozenset({"outbox", "chat_traces", "flow_states"})


async def send(db: AsyncSession, app: App, participant: Participant) -> None:
    services = app.services
    held = await gather(db, services, participant)
    locale = participant.locale
    gettext = services.catalogs.gettext
    # A case the bot opened on its own is not one the person asked for: counted apart.
    asked = sum(REQUESTED in case["reasons"] for case in held["cases"])
    counts: list[tuple[str, object]] = [
        (texts.MYDATA_ANSWERS, len(held["answers"])),
        (texts.MYDATA_MEASURES, len(held["questionnaires"])),
        # Named, not counted: a person who chose one reminder may hold several check-ins.
        (texts.MYDATA_SCHEDULES, _named(services, locale, held["reminders"])),
        (texts.MYDATA_CASES, asked),
        (texts.MYDATA_CASES_NOTICED, len(held["cases"]) - asked),
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
    reminders = [
        {"kind": row.kind, "flow": row.flow, "time": row.local_time, "days": row.days}
        for row in await db.scalars(
            select(Schedule).where(Schedule.participant_id == pid).order_by(Schedule.id)
        )
    ]
    to_come = [
        {"flow": row.flow, "due_at": row.due_at}
        for row in await db.scalars(
            select(ScheduledFlow)
            .where(ScheduledFlow.participant_id == pid, ScheduledFlow.status == "pending")
            .order_by(ScheduledFlow.due_at)
        )
    ]
    signals = [
        {"kind": row.kind, "value": row.value, "at": row.created_at}
        for row in await db.scalars(
            select(Signal).where(Signal.participant_id == pid).order_by(Signal.created_at)
        )
    ]
    plan = await safety_plan.read(db, services, participant)
    return {
        SECTIONS["participants"]: profile,
        SECTIONS["answers"]: answers,
        SECTIONS["measures"]: questionnaires,
        SECTIONS["schedules"]: reminders,
        SECTIONS["scheduled_flows"]: to_come,
        # The person's own plan for hard moments, read back as /myplan shows it; its
        # answers are under "answers" too.
        "safety_plan": plan.parts or None,
        SECTIONS["care_plans"]: await _care_plan(db, services, pid),
        SECTIONS["escalations"]: await _cases(db, services, pid),
        SECTIONS["referrals"]: await _referrals(db, pid),
        SECTIONS["signals"]: signals,
    }


def _named(services: Services, locale: str | None, reminders: list[dict[str, Any]]) -> str:
    names = []
    for reminder in reminders:
        flow = services.library.flows.get(reminder["flow"])
        name = resolve(flow.title, locale) if flow is not None else reminder["flow"]
        names.append(f"{name} ({reminder['time']})" if reminder["time"] else name)
    return ", ".join(names) or "—"


async def _referrals(db: AsyncSession, pid: int) -> list[dict[str, Any]]:
    rows = await db.execute(
        select(Referral, Service.name)
        .join(Service, Service.id == Referral.service_id)
        .where(Referral.participant_id == pid)
        .order_by(Referral.sent_at)
    )
    return [
        {
            "service": name,
            "sent_at": referral.sent_at,
            "follow_up_due_at": referral.follow_up_due_at,
            "outcome": referral.outcome,
            "answered_at": referral.answered_at,
        }
        for referral, name in rows
    ]


async def _care_plan(db: AsyncSession, services: Services, pid: int) -> dict[str, Any] | None:
    """The plan of care a counsellor agreed with the person (check-ins, modules), not
    their own safety plan."""
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
                "opened_by": "you asked"
                if REQUESTED in (case.reasons or [case.reason])
                else OPENED_BY.get(case.signal or "", case.signal),
                "severity": case.severity,
                "reasons": case.reasons or [case.reason],
                "my_words": _open(services, case.evidence_enc, aad.case_evidence(case.id)),
                "status": case.status,
                "outcome": case.outcome,
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
