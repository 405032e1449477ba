"""Plain data from aiogram's objects, for the use cases: who wrote, which button was tapped."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.app.buttons import Pressed
from bot.app.entry import Sender
from bot.storage.models import Participant, Staff


def sender_of(event: Message | CallbackQuery) -> Sender:
    # On a button press the message is the bot's: the person is `from_user` of the query.
    if isinstance(event, Message):
        chat_id = event.chat.id
    else:
        assert event.message is not None
        chat_id = event.message.chat.id
    assert event.from_user is not None
    return Sender(event.from_user.id, chat_id)


def pressed_of(callback: CallbackQuery) -> Pressed | None:
    """The tapped message and the label of the button tapped, if Telegram still shows it."""
    message = callback.message
    if not isinstance(message, Message):
        return None
    markup = message.reply_markup
    label = None
    if isinstance(markup, InlineKeyboardMarkup):
        label = next(
            (
                button.text
                for row in markup.inline_keyboard
                for button in row
                if button.callback_data == callback.data
            ),
            None,
        )
    return Pressed(message.message_id, message.text, label)


async def consented(_: Any, participant: Participant | None = None) -> bool:
    """The filter in front of everything that needs a person's consent first."""
    return participant is not None and participant.consented_at is not None


async def not_consented(
    _: Any, participant: Participant | None = None, staff: Staff | None = None
) -> bool:
    """Someone who has not agreed yet, or is new; never a staff member."""
    return staff is None and not await consented(_, participant)
