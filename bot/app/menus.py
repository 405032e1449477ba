"""The command menus Telegram shows beside the message box.

People see theirs in their Telegram's language: one menu per locale (Telegram's default
scope with that `language_code`), and the source language for everyone else. A linked
staff member's own chat has the staff menu instead (the chat scope, which Telegram puts
before the default), in the language they read the bot in: sent when they link, taken
back when they leave or link another account, and sent again at every start-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.services import Services
from bot.escalation import staff as staff_members
from bot.i18n import texts
from bot.i18n.catalogs import Catalogs
from bot.outbox import messages
from bot.storage.models import Staff

SET = "setMyCommands"
DELETE = "deleteMyCommands"


@dataclass(frozen=True)
class Call:
    """A Bot API call that sets a menu, and for a staff chat whose it is (for the log)."""

    method: str
    payload: dict[str, Any]
    staff: str | None = None


def people(catalogs: Catalogs) -> list[Call]:
    """One menu per locale, and everyone else's in the first (English, unless
    QADAM_LOCALES puts another first)."""
    calls = [Call(SET, messages.set_commands(_people_commands(catalogs, None)))]
    for locale in catalogs.locales:
        commands = _people_commands(catalogs, locale)
        calls.append(Call(SET, messages.set_commands(commands, language_code=locale)))
    return calls


def staff_menu(services: Services, member: Staff) -> Call:
    """The staff menu of a linked member's chat, in their language."""
    locale = staff_members.interface_locale(member)
    commands = [
        (name, services.catalogs.gettext(locale, text))
        for name, text in texts.STAFF_COMMANDS.items()
    ]
    chat = staff_members.chat_id(services, member)
    return Call(SET, messages.set_commands(commands, chat_id=chat), member.code)


async def staff_chats(db: AsyncSession, services: Services) -> list[Call]:
    """The staff menu of every linked, active member: what start-up sends again."""
    return [staff_menu(services, member) for member in await staff_members.linked(db)]


async def show_to_staff(db: AsyncSession, services: Services, member: Staff) -> None:
    """Queue the staff menu for a member who has just linked."""
    call = staff_menu(services, member)
    await staff_members.queue_call(db, services, member, call.method, call.payload)


async def hide_from_staff(db: AsyncSession, services: Services, member: Staff, chat: int) -> None:
    """Queue taking the staff menu out of a chat that is no longer the member's: it shows
    everyone's again."""
    await staff_members.queue_call(db, services, member, DELETE, messages.delete_commands(chat))


def _people_commands(catalogs: Catalogs, locale: str | None) -> list[tuple[str, str]]:
    return [(name, catalogs.gettext(locale, text)) for name, text in texts.PEOPLE_COMMANDS.items()]
