"""/myplan and the library's buttons: screens drawn from what the person did and wrote."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import conversations
from bot.app.context import App
from bot.library import plan
from bot.library import screen as library
from bot.storage.models import Participant


async def my_plan(db: AsyncSession, app: App, participant: Participant) -> None:
    await plan.show(db, app.services, participant)


async def topic(db: AsyncSession, app: App, participant: Participant, data: str) -> None:
    chosen = data.removeprefix(library.TOPIC_PREFIX) or None
    await library.show(db, app.services, participant, chosen)


async def module(db: AsyncSession, app: App, participant: Participant, data: str) -> None:
    """A module of the library, or "make my plan" from /myplan."""
    flow = plan.PLAN_FLOW if data == plan.MAKE_PLAN else data.removeprefix(library.FLOW_PREFIX)
    if flow in app.services.library.flows:
        await conversations.start(db, app.services, participant, flow)
