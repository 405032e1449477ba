"""The one place routers and middlewares are composed (once per process)."""

from __future__ import annotations

from aiogram import Dispatcher, F, Router

from bot.telegram.context import BotContext
from bot.telegram.errors import apologise
from bot.telegram.handlers import (
    answers,
    counsellor,
    flows,
    groups,
    help,
    library,
    reminders,
    staff,
)
from bot.telegram.middlewares import Identity, UnitOfWork


def build_dispatcher(context: BotContext) -> Dispatcher:
    dispatcher = Dispatcher(bot_context=context)
    dispatcher.update.outer_middleware(UnitOfWork(context))
    dispatcher.update.outer_middleware(Identity(context))
    private = Router(name="private")
    private.message.filter(F.chat.type == "private")
    private.callback_query.filter(F.message.chat.type == "private")
    # Order matters: staff first, so a linked staff member's messages never reach the
    # participant handlers; commands and /help before the catch-all answer handler.
    private.include_routers(
        staff.router,
        staff.staff_only,
        flows.router,
        help.router,
        library.router,
        reminders.router,
        counsellor.router,
        answers.router,
    )
    dispatcher.include_routers(groups.router, private)
    dispatcher.errors.register(apologise)
    return dispatcher
