"""The bot works in private chats only: added to a group, it says so once and leaves."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import JOIN_TRANSITION, ChatMemberUpdatedFilter
from aiogram.types import ChatMemberUpdated
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import groups
from bot.telegram.context import BotContext
from bot.telegram.filters import on_loop

router = Router(name="groups")
router.my_chat_member.filter(on_loop(F.chat.type != "private"))


@router.my_chat_member(ChatMemberUpdatedFilter(member_status_changed=JOIN_TRANSITION))
async def on_added_to_group(
    event: ChatMemberUpdated, db: AsyncSession, bot_context: BotContext, locale: str | None
) -> None:
    await groups.added_to_group(db, bot_context.app, event.chat.id, locale)
