"""/myplan and the library's buttons: screens drawn from what the person did and wrote."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import conversations
from bot.app.buttons import stale
from bot.app.context import App
from bot.app.entry import Sender
from bot.engine.model import Flow
from bot.i18n import texts
from bot.library import plan
from bot.library import screen as library
from bot.storage.models import Participant


async def my_plan(db: AsyncSession, app: App, participant: Participant) -> None:
    await plan.show(db, app.services, participant)


async def topic(
    db: AsyncSession, app: App, sender: Sender, participant: Participant, data: str
) -> None:
    """A topic of the library, or all of them; a topic the library has not is stale."""
    chosen = data.removeprefix(library.TOPIC_PREFIX)
    if chosen and chosen not in texts.TOPICS:
        await stale(db, app, sender, participant)
        return
    await library.show(db, app.services, participant, chosen or None)


async def module(
    db: AsyncSession, app: App, sender: Sender, participant: Participant, data: str
) -> None:
    """A module of the library, or "make my plan" from /myplan."""
    flow = _offered(app.services.library.flows, data)
    if flow is None:
        await stale(db, app, sender, participant)
        return
    await conversations.start(db, app.services, participant, flow)


def _offered(flows: Mapping[str, Flow], data: str) -> str | None:
    """The flow a library button starts; None for one that no such button offers, so a
    forged button cannot start onboarding or /forget."""
    if data == plan.MAKE_PLAN:
        return plan.PLAN_FLOW if plan.PLAN_FLOW in flows else None
    name = data.removeprefix(library.FLOW_PREFIX)
    return name if name in flows and flows[name].library is not None else None
