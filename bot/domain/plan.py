"""/myplan: the person's own safety plan, read back from its encrypted answers."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.messaging import send_text
from bot.domain.services import Services
from bot.i18n import texts
from bot.storage import aad
from bot.storage.models import Answer, Participant

PLAN_FLOW = "safety-plan"
MAKE_PLAN = "plan:make"


async def parts(db: AsyncSession, services: Services, participant: Participant) -> dict[str, str]:
    """The latest answer to each part of the plan, decrypted."""
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
    for row in rows:
        assert row.text_enc is not None
        plain = services.cipher.decrypt(row.text_enc, aad.answer_text(participant.id))
        found[row.var] = plain.decode()
    return found


async def show(db: AsyncSession, services: Services, participant: Participant) -> None:
    locale = participant.locale
    gettext = services.catalogs.gettext
    plan = await parts(db, services, participant)
    if plan:
        sections = [
            f"{gettext(locale, heading)}:\n{plan[var]}"
            for var, heading in texts.PLAN_PARTS.items()
            if var in plan
        ]
        text = "\n\n".join([gettext(locale, texts.PLAN_TITLE), *sections])
        button = gettext(locale, texts.PLAN_CHANGE)
    else:
        text, button = gettext(locale, texts.PLAN_NONE), gettext(locale, texts.PLAN_MAKE)
    await send_text(db, services, participant, text, [(button, MAKE_PLAN)])
