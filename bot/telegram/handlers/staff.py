"""Staff in their own chat with the bot: link, duty, claim, resolve, write to a person.

Staff are never enrolled as participants: once linked, everything they send comes here.
"""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import staff as staff_actions
from bot.app import staff_link
from bot.app.console import signin as console_signin
from bot.escalation import cases
from bot.escalation import staff as staff_members
from bot.storage.models import Staff
from bot.telegram.context import BotContext
from bot.telegram.events import sender_of
from bot.telegram.filters import a_command, on_loop

router = Router(name="staff")
# Its messages are commands: anything else goes by (`a_command`).
router.message.filter(a_command)


async def _is_staff(_: Any, staff: Staff | None = None) -> bool:
    return staff is not None and staff_members.active(staff)


async def _departed(_: Any, staff: Staff | None = None) -> bool:
    return staff is not None and not staff_members.active(staff)


@router.message(Command("staff"))
async def on_link(
    message: Message,
    command: CommandObject,
    db: AsyncSession,
    bot_context: BotContext,
    staff: Staff | None,
    suggested_locale: str | None,
) -> None:
    await staff_link.link(
        db, bot_context.app, sender_of(message), staff, command.args or "", suggested_locale
    )


# A deactivated member's account is still known, so that it is refused rather than taken
# for a participant's: everything but /staff (a new invite) ends here.
departed = Router(name="staff-departed")
departed.message.filter(_departed)
departed.callback_query.filter(_departed)


@departed.message()
async def on_departed_message(
    message: Message, db: AsyncSession, bot_context: BotContext, staff: Staff
) -> None:
    await staff_link.refuse_departed(db, bot_context.app, sender_of(message), staff)


@departed.callback_query()
async def on_departed_button(
    callback: CallbackQuery, db: AsyncSession, bot_context: BotContext, staff: Staff
) -> None:
    await staff_link.refuse_departed(db, bot_context.app, sender_of(callback), staff)


staff_only = Router(name="staff-only")
staff_only.message.filter(_is_staff)
staff_only.callback_query.filter(_is_staff)


@staff_only.message(Command("duty"))
async def on_duty(
    message: Message, db: AsyncSession, bot_context: BotContext, staff: Staff
) -> None:
    await staff_actions.toggle_duty(db, bot_context.app, staff)


@staff_only.message(Command("console"))
async def on_console(
    message: Message, db: AsyncSession, bot_context: BotContext, staff: Staff
) -> None:
    await console_signin.send_link(db, bot_context.app, staff, bot_context.console_url)


@staff_only.message(Command("cases"))
async def on_cases(
    message: Message, db: AsyncSession, bot_context: BotContext, staff: Staff
) -> None:
    await staff_actions.list_cases(db, bot_context.app, staff)


@staff_only.callback_query(
    on_loop(F.data.startswith(cases.CLAIM) | F.data.startswith(cases.RESOLVE))
)
async def on_case_button(
    callback: CallbackQuery, db: AsyncSession, bot_context: BotContext, staff: Staff
) -> None:
    await staff_actions.case_button(db, bot_context.app, staff, callback.data or "")


@staff_only.callback_query()
async def on_unknown_button(
    callback: CallbackQuery, db: AsyncSession, bot_context: BotContext, staff: Staff
) -> None:
    await staff_actions.stale_button(db, bot_context.app, staff)


@staff_only.message(Command(*staff_actions.CASE_COMMANDS))
async def on_case_command(
    message: Message,
    command: CommandObject,
    db: AsyncSession,
    bot_context: BotContext,
    staff: Staff,
) -> None:
    await staff_actions.case_command(db, bot_context.app, staff, command.command, command.args)


@staff_only.message()
async def on_staff_text(
    message: Message, db: AsyncSession, bot_context: BotContext, staff: Staff
) -> None:
    replied = message.reply_to_message
    await staff_actions.text_from_staff(
        db, bot_context.app, staff, replied.message_id if replied else None, message.text
    )
