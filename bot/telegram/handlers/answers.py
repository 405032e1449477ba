"""Answers inside a flow: button presses and typed text; and any button no other router
knows, which can only be forged."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import buttons, typed
from bot.app.identity import ReadAhead
from bot.outbox import messages
from bot.storage.models import Participant
from bot.telegram.context import BotContext
from bot.telegram.events import pressed_of, sender_of
from bot.telegram.filters import on_loop

router = Router(name="answers")


@router.callback_query(on_loop(F.data.startswith(f"{messages.ANSWER_PREFIX}:")))
async def on_button(
    callback: CallbackQuery,
    db: AsyncSession,
    bot_context: BotContext,
    participant: Participant | None,
    ahead: ReadAhead | None,
) -> None:
    await buttons.answer(
        db,
        bot_context.app,
        sender_of(callback),
        participant,
        callback.data or "",
        pressed_of(callback),
        ahead,
    )


@router.callback_query()
async def on_unknown_button(
    callback: CallbackQuery,
    db: AsyncSession,
    bot_context: BotContext,
    participant: Participant | None,
) -> None:
    await buttons.stale(db, bot_context.app, sender_of(callback), participant)


@router.message()
async def on_text(
    message: Message,
    db: AsyncSession,
    bot_context: BotContext,
    participant: Participant | None,
    suggested_locale: str | None,
    ahead: ReadAhead | None,
) -> None:
    # A photo's or a document's caption is words the person wrote, like any message.
    words = message.text or message.caption
    await typed.typed_message(
        db, bot_context.app, sender_of(message), participant, words, suggested_locale, ahead
    )


@router.edited_message()
async def on_edited(
    message: Message,
    db: AsyncSession,
    bot_context: BotContext,
    participant: Participant | None,
    suggested_locale: str | None,
) -> None:
    words = message.text or message.caption
    await typed.edited_message(db, bot_context.app, participant, words, suggested_locale)
