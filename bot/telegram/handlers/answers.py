"""Answers inside a flow: button presses and typed text."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain import conversations, participants
from bot.domain.messaging import queue_call
from bot.engine.errors import StaleAnswer
from bot.engine.session import Reply
from bot.escalation import cases, intake, relay
from bot.i18n import texts
from bot.outbox import messages
from bot.storage.models import Participant
from bot.telegram.context import BotContext
from bot.telegram.handlers.flows import MENU, Sender, enter, resume
from bot.telegram.replies import tell
from bot.telegram.text_input import clean

router = Router(name="answers")


@router.callback_query(F.data.startswith(f"{messages.ANSWER_PREFIX}:"))
async def on_button(
    callback: CallbackQuery,
    db: AsyncSession,
    bot_context: BotContext,
    participant: Participant | None,
) -> None:
    parsed = messages.parse_answer_callback(callback.data or "")
    if participant is None or parsed is None:
        # A button from a conversation that was erased or never existed here.
        await enter(db, bot_context, Sender.of(callback), participant, MENU)
        return
    services = bot_context.services
    seq, index = parsed
    try:
        outcome = await conversations.reply(
            db, services, participant, Reply(at=services.clock(), choice=index, seq=seq)
        )
    except (StaleAnswer, conversations.NoActiveFlow):
        await tell(db, services, participant, texts.STALE_BUTTON)
        await resume(db, bot_context, Sender.of(callback), participant)
        return
    if not outcome.forgotten and isinstance(callback.message, Message):
        await close_chosen(db, bot_context, participant, callback.message, callback.data or "")


async def close_chosen(
    db: AsyncSession,
    context: BotContext,
    participant: Participant,
    message: Message,
    data: str,
) -> None:
    """Replace a message's buttons by the one pressed, so none can be pressed again."""
    markup = message.reply_markup
    chosen = _button_text(markup, data) if isinstance(markup, InlineKeyboardMarkup) else None
    if chosen is None or message.text is None:
        return
    services = context.services
    chat = participants.chat_id(services, participant)
    payload = messages.close_buttons(chat, message.message_id, message.text, chosen)
    await queue_call(db, services, participant, "editMessageText", payload)


def _button_text(markup: InlineKeyboardMarkup, data: str) -> str | None:
    for row in markup.inline_keyboard:
        for button in row:
            if button.callback_data == data:
                return button.text
    return None


@router.message()
async def on_text(
    message: Message,
    db: AsyncSession,
    bot_context: BotContext,
    participant: Participant | None,
    suggested_locale: str | None,
) -> None:
    if participant is None:
        await enter(
            db,
            bot_context,
            Sender.of(message),
            participant,
            MENU,
            suggested_locale=suggested_locale,
        )
        return
    services = bot_context.services
    text = clean(message.text)
    if text is None:
        await tell(db, services, participant, texts.NOT_TEXT)
        await resume(db, bot_context, Sender.of(message), participant)
        return
    # Risk first, before any flow sees the words.
    if await intake.screen(db, services, bot_context.risk, participant, text):
        return
    case = await cases.current(db, participant.id)
    if await relay.talking(db, case) and not await conversations.awaits_text(
        db, services, participant
    ):
        assert case is not None
        await relay.from_person(db, services, case, participant, text)
        return
    try:
        await conversations.reply(db, services, participant, Reply(at=services.clock(), text=text))
    except conversations.NoActiveFlow:
        await enter(db, bot_context, Sender.of(message), participant, MENU)
