"""The bot works in private chats only: added to a group, it says so once and leaves."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.context import App
from bot.domain.messaging import queue_for_chat
from bot.i18n import texts
from bot.outbox import messages


async def added_to_group(db: AsyncSession, app: App, chat_id: int, locale: str | None) -> None:
    text = app.services.catalogs.gettext(locale, texts.PRIVATE_ONLY)
    calls = [
        ("sendMessage", messages.send_message(chat_id, text)),
        ("leaveChat", {"chat_id": chat_id}),
    ]
    # Groups are not people, but their ids still are not ours to keep in the clear.
    await queue_for_chat(db, app.services, chat_id, calls, kind="g")
