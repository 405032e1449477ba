"""The one place routers and middlewares are composed (once per process)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiogram import F, Router
from aiogram.types import Message

from bot.app.flood import carries_risk
from bot.storage import database
from bot.storage.models import Staff
from bot.telegram.context import BotContext
from bot.telegram.errors import apologise
from bot.telegram.filters import a_command, on_loop
from bot.telegram.handlers import (
    answers,
    consent,
    flood,
    flows,
    groups,
    help,
    mydata,
    quick_exit,
    staff,
)
from bot.telegram.middlewares import Footprint, Identity, Throttle, UnitOfWork, words_of
from bot.telegram.polling import LanedDispatcher


def build_dispatcher(context: BotContext) -> LanedDispatcher:
    # Someone writing that they are at risk is handled before the updates waiting in a
    # burst, in every language (who is writing is not known yet).
    dispatcher = LanedDispatcher(
        urgent=lambda update: carries_risk(context.app, words_of(update), None),
        # A person's place is kept in the database (`bot.app.conversations`), never in
        # aiogram's FSM, whose middleware would look up a state for every update and keep
        # an entry in memory for every chat ever seen.
        disable_fsm=True,
        durable=_durable(context),
        bot_context=context,
    )
    dispatcher.update.outer_middleware(Throttle(context))
    dispatcher.update.outer_middleware(UnitOfWork(context))
    dispatcher.update.outer_middleware(Identity(context))
    dispatcher.update.outer_middleware(Footprint(context))
    private = Router(name="private")
    private.message.filter(on_loop(F.chat.type == "private"))
    private.edited_message.filter(on_loop(F.chat.type == "private"))
    private.callback_query.filter(on_loop(F.message.chat.type == "private"))
    # Order matters: the flood limit's one word first; then staff, so a staff member's
    # messages (a deactivated one's too) never reach the participant handlers; commands
    # and /help before the catch-all answer handler; what needs consent behind one filter,
    # with onboarding for those who have not agreed yet. The routers a participant's words
    # never concern are grouped behind one check each (`_staff_side`, `_commands`): aiogram
    # walks every router on an update's way, and words, what people send most, reached
    # their handler through eleven (issue #17).
    private.include_routers(
        flood.router,
        _staff_side(),
        quick_exit.router,
        _commands(),
        answers.router,
    )
    # Private chats first: their updates are nearly all of them.
    dispatcher.include_routers(private, groups.router)
    dispatcher.errors.register(apologise)
    return dispatcher


def _staff_side() -> Router:
    """A staff member's routers: a message from anyone else that is no command (/staff
    links a new member) goes by all three at once."""
    side = Router(name="staff-side")
    side.message.filter(_from_staff_or_a_command)
    side.include_routers(staff.router, staff.departed, staff.staff_only)
    return side


async def _from_staff_or_a_command(message: Message, staff: Staff | None = None) -> bool:
    return staff is not None or await a_command(message)


def _commands() -> Router:
    """The routers whose messages are all commands: words go by them all at once."""
    commands = Router(name="commands")
    commands.message.filter(a_command)
    commands.include_routers(
        flows.router, mydata.router, help.router, consent.agreed, consent.not_yet
    )
    return commands


def _durable(context: BotContext) -> Callable[[], Awaitable[None]] | None:
    group = database.group_commit(context.sessionmaker.kw["bind"])
    return group.durable if group is not None else None
