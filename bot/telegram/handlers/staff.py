"""Staff in their own chat with the bot: link, duty, claim, resolve, write to a person.

Staff are never enrolled as participants: once linked, everything they send comes here.
"""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.services import Services
from bot.escalation import cases, relay
from bot.escalation import staff as staff_members
from bot.i18n import texts
from bot.storage.models import Escalation, OutboxMessage, Participant, Staff
from bot.telegram.context import BotContext
from bot.telegram.handlers.flows import Sender

router = Router(name="staff")


async def _is_staff(_: Any, staff: Staff | None = None) -> bool:
    return staff is not None


@router.message(Command("staff"))
async def on_link(
    message: Message,
    command: CommandObject,
    db: AsyncSession,
    bot_context: BotContext,
    staff: Staff | None,
) -> None:
    services = bot_context.services
    sender = Sender.of(message)
    if staff is None:
        staff = await staff_members.link(
            db, services, command.args or "", sender.user_id, sender.chat_id
        )
        if staff is not None:
            await cases.audit(db, None, staff, "linked", None, services.clock())
            await _say(db, services, staff, texts.STAFF_LINKED, role=staff.role, code=staff.code)
            return
        # Not staff and no valid code: answered without enrolling anyone.
        await message.answer(services.catalogs.gettext(None, texts.STAFF_BAD_INVITE))
        return
    await _say(db, services, staff, texts.STAFF_ALREADY, role=staff.role, code=staff.code)


staff_only = Router(name="staff-only")
staff_only.message.filter(_is_staff)
staff_only.callback_query.filter(_is_staff)


@staff_only.message(Command("duty"))
async def on_duty(
    message: Message, db: AsyncSession, bot_context: BotContext, staff: Staff
) -> None:
    services = bot_context.services
    staff.on_duty = not staff.on_duty
    await cases.audit(
        db, None, staff, "on-duty" if staff.on_duty else "off-duty", None, services.clock()
    )
    await _say(db, services, staff, texts.STAFF_ON_DUTY if staff.on_duty else texts.STAFF_OFF_DUTY)


@staff_only.callback_query(F.data.startswith(cases.CLAIM) | F.data.startswith(cases.RESOLVE))
async def on_case_button(
    callback: CallbackQuery, db: AsyncSession, bot_context: BotContext, staff: Staff
) -> None:
    services = bot_context.services
    data = callback.data or ""
    case_id = data.rsplit(":", 1)[-1]
    case = await db.get(Escalation, int(case_id)) if case_id.isdigit() else None
    if case is None:
        return
    participant = await db.get_one(Participant, case.participant_id)
    if data.startswith(cases.CLAIM):
        if await cases.claim(db, services, case, staff):
            await _say(db, services, staff, texts.STAFF_CLAIMED, code=participant.code, case=case)
        else:
            await _say(db, services, staff, texts.STAFF_TAKEN)
        return
    await cases.resolve(db, services, case, staff)
    await _say(db, services, staff, texts.STAFF_RESOLVED, code=participant.code)


@staff_only.message(Command("reply"))
async def on_reply_command(
    message: Message,
    command: CommandObject,
    db: AsyncSession,
    bot_context: BotContext,
    staff: Staff,
) -> None:
    services = bot_context.services
    code, _, text = (command.args or "").strip().partition(" ")
    found = await relay.by_code(db, code) if code else None
    if found is None or not text.strip():
        await _say(
            db, services, staff, texts.STAFF_NO_CASE if code else texts.STAFF_HELP, code=code
        )
        return
    await _write(db, services, staff, *found, text.strip())


@staff_only.message(F.text)
async def on_staff_text(
    message: Message, db: AsyncSession, bot_context: BotContext, staff: Staff
) -> None:
    """A reply to a case message goes to that person; anything else gets a reminder of how."""
    services = bot_context.services
    replied = message.reply_to_message
    case = None
    if replied is not None:
        case_id = await db.scalar(
            select(OutboxMessage.case_id).where(
                OutboxMessage.recipient == staff_members.recipient(staff),
                OutboxMessage.result_message_id == replied.message_id,
            )
        )
        case = await db.get(Escalation, case_id) if case_id else None
    if case is None or case.status == "resolved" or not message.text:
        await _say(db, services, staff, texts.STAFF_HELP)
        return
    participant = await db.get_one(Participant, case.participant_id)
    await _write(db, services, staff, case, participant, message.text)


async def _write(
    db: AsyncSession,
    services: Services,
    staff: Staff,
    case: Escalation,
    participant: Participant,
    text: str,
) -> None:
    if case.status == "open" and not await cases.claim(db, services, case, staff):
        await _say(db, services, staff, texts.STAFF_TAKEN)
        return
    await relay.to_person(db, services, case, participant, staff, text)
    await _say(db, services, staff, texts.STAFF_SENT, code=participant.code, case=case)


async def _say(
    db: AsyncSession,
    services: Services,
    staff: Staff,
    text: str,
    case: Escalation | None = None,
    **values: str,
) -> None:
    locale = staff_members.interface_locale(staff)
    translated = services.catalogs.gettext(locale, text)
    await staff_members.send(
        db,
        services,
        staff,
        translated % values if values else translated,
        case_id=case.id if case else None,
    )
