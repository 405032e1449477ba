"""/staff CODE: a staff member links their own Telegram account with a one-time invite;
a deactivated member is refused everything else.

Wrong codes are limited per account and for everyone (`invite_limits`): past the limit
nobody's code is even looked up until the lockout ends, and the sender is told calmly when
to try again. Every wrong code and every lockout is in the audit log, never with whose
account sent it.
"""

from __future__ import annotations

import math

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import menus
from bot.app.context import App
from bot.app.entry import Sender
from bot.app.staff import say
from bot.domain.messaging import queue_for_chat
from bot.domain.services import Services
from bot.escalation import cases, invite_limits
from bot.escalation import staff as staff_members
from bot.i18n import texts
from bot.outbox import messages
from bot.storage.models import Staff

log = structlog.get_logger()


async def link(
    db: AsyncSession,
    app: App,
    sender: Sender,
    staff: Staff | None,
    invite: str,
    suggested_locale: str | None,
) -> None:
    """Someone not yet linked is answered in their Telegram's language, if Qadam has it.
    A deactivated member may redeem a new invite, which makes them active again."""
    services = app.services
    if staff is not None and staff_members.active(staff):
        role = _role(services, staff)
        await say(db, services, staff, texts.STAFF_ALREADY, role=role, code=staff.code)
        return
    now = services.clock()
    limits = app.invite_limits
    locked = await invite_limits.lockout(db, services, sender.user_id, limits)
    if locked is not None:
        log.info("staff.invite_refused", scope=locked.scope)
        await _tell(db, services, sender, _paused(services, locked, suggested_locale))
        return
    staff = await staff_members.invited(db, services, invite)
    if staff is None:
        wrong = await invite_limits.wrong_code(db, services, sender.user_id, limits)
        await cases.audit(db, None, None, "invite-wrong", {"recent": wrong.recent}, now)
        if wrong.lockout is None:
            text = services.catalogs.gettext(suggested_locale, texts.STAFF_BAD_INVITE)
            await _tell(db, services, sender, text)
            return
        scope, until = wrong.lockout.scope, wrong.lockout.until.isoformat(timespec="seconds")
        await cases.audit(db, None, None, "invite-lockout", {"scope": scope, "until": until}, now)
        log.warning("staff.invite_lockout", scope=scope, until=until)
        await _tell(db, services, sender, _paused(services, wrong.lockout, suggested_locale))
        return
    await invite_limits.right_code(db, services, sender.user_id)
    before = staff_members.chat_id(services, staff) if staff.chat_enc is not None else None
    await staff_members.attach(db, services, staff, sender.user_id, sender.chat_id)
    if before is not None and before != sender.chat_id:
        await menus.hide_from_staff(db, services, staff, before)  # their old account's
    await menus.show_to_staff(db, services, staff)
    await cases.audit(db, None, staff, "linked", None, now)
    role = _role(services, staff)
    await say(db, services, staff, texts.STAFF_LINKED, role=role, code=staff.code)


async def refuse_departed(db: AsyncSession, app: App, sender: Sender, staff: Staff) -> None:
    """Anything a deactivated member sends or presses: nothing is done, and they are told
    why. Their chat is no longer held, so the answer goes where they wrote from."""
    locale = staff_members.interface_locale(staff)
    text = app.services.catalogs.gettext(locale, texts.STAFF_DEACTIVATED)
    await _tell(db, app.services, sender, text)


def _role(services: Services, staff: Staff) -> str:
    locale = staff_members.interface_locale(staff)
    return services.catalogs.gettext(locale, texts.STAFF_ROLES[staff.role])


def _paused(services: Services, lockout: invite_limits.Lockout, locale: str | None) -> str:
    """When to try again, in whole minutes rounded up."""
    minutes = math.ceil((lockout.until - services.clock()).total_seconds() / 60)
    return services.catalogs.ngettext(locale, texts.STAFF_INVITE_PAUSED, max(minutes, 1))


async def _tell(db: AsyncSession, services: Services, sender: Sender, text: str) -> None:
    """Answer someone who is not staff (yet), without enrolling them as a participant."""
    call = ("sendMessage", messages.send_message(sender.chat_id, text))
    await queue_for_chat(db, services, sender.chat_id, [call], kind="u")
