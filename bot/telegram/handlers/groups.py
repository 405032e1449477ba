"""The bot works in private chats only: added to a group, it says so once and leaves."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import JOIN_TRANSITION, ChatMemberUpdatedFilter
from aiogram.types import ChatMemberUpdated
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import texts
from bot.outbox import messages
from bot.outbox.queue import enqueue
from bot.storage.crypto import pseudonym
from bot.telegram.context import BotContext

router = Router(name="groups")
router.my_chat_member.filter(F.chat.type != "private")


@router.my_chat_member(ChatMemberUpdatedFilter(member_status_changed=JOIN_TRANSITION))
async def on_added_to_group(
    event: ChatMemberUpdated, db: AsyncSession, bot_context: BotContext, locale: str | None
) -> None:
    services = bot_context.services
    # Groups are not people, but their ids still are not ours to keep in the clear.
    recipient = "g:" + pseudonym(services.keys.pseudonym, event.chat.id)[:16]
    text = services.catalogs.gettext(locale, texts.PRIVATE_ONLY)
    for method, payload in (
        ("sendMessage", messages.send_message(event.chat.id, text)),
        ("leaveChat", {"chat_id": event.chat.id}),
    ):
        await enqueue(
            db,
            services.cipher,
            recipient=recipient,
            method=method,
            payload=payload,
            priority=messages.PRIORITY_CONVERSATION,
            now=services.clock(),
        )
