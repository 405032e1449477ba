"""/myplan: the person's own safety plan, read back from its encrypted answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.messaging import clear_button, send_text, split_for_telegram
from bot.domain.services import Services
from bot.i18n import texts
from bot.storage import aad
from bot.storage.models import Answer, Participant

PLAN_FLOW = "safety-plan"
MAKE_PLAN = "plan:make"


@dataclass(frozen=True)
class Plan:
    parts: dict[str, str]
    changed: datetime | None


async def read(db: AsyncSession, services: Services, participant: Participant) -> Plan:
    """The latest answer to each part of the plan, decrypted, and when it last changed."""
    rows = await db.scalars(
        select(Answer)
        .where(
            Answer.participant_id == participant.id,
            Answer.flow == PLAN_FLOW,
            Answer.var.in_(texts.PLAN_PARTS),
            Answer.text_enc.is_not(None),
        )
        .order_by(Answer.created_at, Answer.id)
    )
    found: dict[str, str] = {}
    changed = None
    for row in rows:
        assert row.text_enc is not None
        plain = services.cipher.decrypt(row.text_enc, aad.answer_text(participant.id))
        found[row.var] = plain.decode()
        changed = row.created_at
    return Plan(found, changed)


async def show(db: AsyncSession, services: Services, participant: Participant) -> None:
    locale = participant.locale
    gettext = services.catalogs.gettext
    plan = await read(db, services, participant)
    if plan.parts:
        sections = [
            f"{gettext(locale, heading)}:\n{plan.parts[var]}"
            for var, heading in texts.PLAN_PARTS.items()
            if var in plan.parts
        ]
        title = gettext(locale, texts.PLAN_TITLE)
        if plan.changed is not None:
            when = _local_date(plan.changed, participant, locale)
            title += "\n" + gettext(locale, texts.PLAN_CHANGED) % {"date": when}
        pages = split_for_telegram([title, *sections])
        button = gettext(locale, texts.PLAN_CHANGE)
    else:
        pages, button = [gettext(locale, texts.PLAN_NONE)], gettext(locale, texts.PLAN_MAKE)
    for page in pages[:-1]:
        await send_text(db, services, participant, page)
    buttons = [(button, MAKE_PLAN), clear_button(services, locale)]
    await send_text(db, services, participant, pages[-1], buttons)


def _local_date(moment: datetime, participant: Participant, locale: str | None) -> str:
    """The date in the person's own time zone, written the way their language writes dates."""
    zone = ZoneInfo(participant.timezone or "UTC")
    return format_date(moment.astimezone(zone).date(), format="long", locale=locale or "en")
