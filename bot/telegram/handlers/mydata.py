"""/mydata from any step: what Qadam holds about the person."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import mydata
from bot.storage.models import Participant
from bot.telegram.context import BotContext
from bot.telegram.filters import a_command

router = Router(name="mydata")
# Its messages are commands: anything else goes by (`a_command`).
router.message.filter(a_command)


@router.message(Command(mydata.COMMAND))
async def on_mydata(
    message: Message, db: AsyncSession, bot_context: BotContext, participant: Participant | None
) -> None:
    # Someone the bot does not know yet is held nowhere, and is not enrolled for asking.
    if participant is not None:
        await mydata.send(db, bot_context.app, participant)
