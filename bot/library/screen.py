"""The /library screen: self-help flows by topic, what the person has done, what next."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain import profile
from bot.domain.messaging import send_text
from bot.domain.services import Services
from bot.engine.audience import suits
from bot.engine.model import Flow
from bot.engine.texts import resolve
from bot.i18n import texts
from bot.storage.models import Answer, CarePlan, Participant, PlanModule

# Module flows end with "Was this helpful?"; an answer there means the person did it.
DONE_VAR = "helpful"
TOPIC_PREFIX = "lib:t:"
FLOW_PREFIX = "lib:f:"


@dataclass(frozen=True)
class Module:
    flow: str
    topic: str
    title: str
    minutes: int
    done: bool


def modules(
    flows: Mapping[str, Flow], facts: Mapping[str, Any], done: set[str], locale: str | None
) -> list[Module]:
    """Library flows meant for this person, in topic order, then each flow's own order."""
    topic_rank = {topic: rank for rank, topic in enumerate(texts.TOPICS)}
    found = [
        (flow, flow.library)
        for flow in flows.values()
        if flow.library is not None and suits(flow, facts)
    ]
    found.sort(
        key=lambda pair: (
            topic_rank.get(pair[1].topic, len(topic_rank)),
            pair[1].order,
            pair[0].flow,
        )
    )
    return [
        Module(
            flow=flow.flow,
            topic=entry.topic,
            title=resolve(flow.title, locale),
            minutes=entry.minutes,
            done=flow.flow in done,
        )
        for flow, entry in found
    ]


def suggestion(found: Sequence[Module]) -> Module | None:
    return next((module for module in found if not module.done), None)


async def done_flows(db: AsyncSession, participant: Participant) -> set[str]:
    rows = await db.scalars(
        select(Answer.flow)
        .where(Answer.participant_id == participant.id, Answer.var == DONE_VAR)
        .distinct()
    )
    return set(rows)


async def planned_flows(db: AsyncSession, participant: Participant) -> list[str]:
    """The modules their counsellor chose for them in their individual plan, in order."""
    rows = await db.scalars(
        select(PlanModule.flow)
        .join(CarePlan, CarePlan.id == PlanModule.plan_id)
        .where(CarePlan.participant_id == participant.id)
        .order_by(PlanModule.position)
    )
    return list(rows)


async def show(
    db: AsyncSession, services: Services, participant: Participant, topic: str | None = None
) -> None:
    """Queue the topics screen (the modules of their plan first), or one topic's modules."""
    locale = participant.locale
    catalogs = services.catalogs
    found = modules(
        services.library.flows,
        profile.facts(participant),
        await done_flows(db, participant),
        locale,
    )
    if topic is None:
        text, buttons = _topics(found, locale, services, await planned_flows(db, participant))
    else:
        text = catalogs.gettext(locale, texts.TOPICS.get(topic, topic))
        buttons = [
            (_label(m, locale, services), FLOW_PREFIX + m.flow) for m in found if m.topic == topic
        ]
        buttons.append((catalogs.gettext(locale, texts.LIBRARY_ALL_TOPICS), TOPIC_PREFIX))
    await send_text(db, services, participant, text, buttons)


def _topics(
    found: Sequence[Module], locale: str | None, services: Services, planned: Sequence[str]
) -> tuple[str, list[tuple[str, str]]]:
    catalogs = services.catalogs
    done = sum(m.done for m in found)
    lines = [
        catalogs.gettext(locale, texts.LIBRARY_TITLE),
        catalogs.gettext(locale, texts.LIBRARY_INTRO),
    ]
    if done:
        lines.append(catalogs.ngettext(locale, texts.LIBRARY_DONE, done))
    buttons: list[tuple[str, str]] = []
    # A counsellor's choice may lie outside what the audience rules offer: it is still shown.
    chosen = [
        (flow, services.library.flows[flow])
        for flow in planned
        if flow in services.library.flows and services.library.flows[flow].library is not None
    ]
    if chosen:
        lines.append(catalogs.gettext(locale, texts.LIBRARY_FROM_PLAN))
        buttons += [
            ("📌 " + resolve(flow.title, locale), FLOW_PREFIX + name) for name, flow in chosen
        ]
    nxt = suggestion(found)
    if nxt is None:
        lines.append(catalogs.gettext(locale, texts.LIBRARY_ALL_DONE))
    else:
        lines.append(catalogs.gettext(locale, texts.LIBRARY_SUGGESTED) % {"title": nxt.title})
        buttons.append(("★ " + nxt.title, FLOW_PREFIX + nxt.flow))
    for topic in dict.fromkeys(m.topic for m in found):
        in_topic = [m for m in found if m.topic == topic]
        mark = " ✓" if all(m.done for m in in_topic) else ""
        name = catalogs.gettext(locale, texts.TOPICS.get(topic, topic))
        buttons.append((f"{name}{mark}", TOPIC_PREFIX + topic))
    return "\n\n".join(lines), buttons


def _label(module: Module, locale: str | None, services: Services) -> str:
    minutes = services.catalogs.ngettext(locale, texts.LIBRARY_MINUTES, module.minutes)
    return f"{'✓ ' if module.done else ''}{module.title} · {minutes}"
