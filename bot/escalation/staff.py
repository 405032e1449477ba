"""Staff: added with a one-time invite, linked from their own Telegram, on or off duty,
invited again, deactivated."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.services import Services
from bot.outbox import messages
from bot.outbox.queue import decode_payload, enqueue, withdraw
from bot.storage import aad
from bot.storage.crypto import secret_digest, short_code, staff_pseudonym
from bot.storage.errors import DecryptionError
from bot.storage.models import OutboxMessage, OutboxStatus, Participant, Staff

ROLES = ("counsellor", "supervisor", "admin", "editor")
INVITE_DAYS = 7
_INVITE = "staff-invite"


@dataclass(frozen=True)
class Invite:
    staff: Staff
    code: str  # shown once; only its hash is kept


async def add(
    db: AsyncSession,
    services: Services,
    *,
    name: str,
    role: str,
    languages: list[str],
    gender: str | None,
    timezone: str | None = None,
) -> Invite:
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}; got {role!r}")
    if not languages:
        raise ValueError("name at least one language the person counsels in, e.g. ru,kk")
    code = "S-" + short_code(services.rng)
    while await db.scalar(select(Staff.id).where(Staff.code == code)) is not None:
        code = "S-" + short_code(services.rng)
    now = services.clock()
    staff = Staff(
        code=code,
        name_enc=services.cipher.encrypt(name.encode(), aad.staff_name(code)),
        role=role,
        languages=",".join(languages),
        gender=gender,
        timezone=timezone,
        on_duty=False,
        created_at=now,
    )
    invite = _new_invite(services, staff)
    db.add(staff)
    await db.flush()
    return Invite(staff, invite)


def reinvite(services: Services, staff: Staff) -> Invite:
    """A new one-time invite for a member: for a new phone or account, or to come back
    after being deactivated. Their current link, if any, works until it is redeemed."""
    return Invite(staff, _new_invite(services, staff))


def _new_invite(services: Services, staff: Staff) -> str:
    invite = secrets.token_urlsafe(12)
    staff.invite_hash = secret_digest(services.keys.pseudonym, _INVITE, invite)
    staff.invite_expires_at = services.clock() + timedelta(days=INVITE_DAYS)
    return invite


async def invited(db: AsyncSession, services: Services, invite: str) -> Staff | None:
    """The member a valid invite is for: one index lookup of its keyed digest."""
    digest = secret_digest(services.keys.pseudonym, _INVITE, invite.strip())
    return await db.scalar(
        select(Staff).where(Staff.invite_hash == digest, Staff.invite_expires_at > services.clock())
    )


async def attach(
    db: AsyncSession, services: Services, staff: Staff, telegram_user_id: int, chat_id: int
) -> None:
    """Link the member to the Telegram account that redeemed their invite, active again."""
    key = staff_pseudonym(services.keys.pseudonym, telegram_user_id)
    holder = await db.scalar(select(Staff).where(Staff.key == key, Staff.id != staff.id))
    if holder is not None:
        # A deactivated record of this account (an active one is answered before any code
        # is read): the account is this member's now.
        holder.key = None
        await db.flush()
    staff.key = key
    staff.chat_enc = services.cipher.encrypt(str(chat_id).encode(), aad.staff_chat(staff.code))
    staff.invite_hash, staff.invite_expires_at = None, None
    staff.linked_at, staff.deactivated_at = services.clock(), None
    staff.simulated = services.simulated


async def link(
    db: AsyncSession, services: Services, invite: str, telegram_user_id: int, chat_id: int
) -> Staff | None:
    """Redeem an invite from the staff member's own Telegram; None if it is not valid."""
    staff = await invited(db, services, invite)
    if staff is not None:
        await attach(db, services, staff, telegram_user_id, chat_id)
    return staff


async def deactivate(db: AsyncSession, services: Services, staff: Staff) -> None:
    """End a member's access: off duty, no invite, no chat to write to, nobody's own
    counsellor, and nothing still queued for them is sent. Their cases are the caller's
    to hand on (`app.team`)."""
    staff.deactivated_at = services.clock()
    staff.on_duty = staff.duty_by_rota = False
    staff.invite_hash = staff.invite_expires_at = None
    staff.chat_enc = None
    await db.execute(
        update(Participant).where(Participant.counsellor_id == staff.id).values(counsellor_id=None)
    )
    await withdraw(db)
    await db.execute(
        delete(OutboxMessage).where(
            OutboxMessage.recipient == recipient(staff), OutboxMessage.status == "pending"
        )
    )


def active(staff: Staff) -> bool:
    return staff.deactivated_at is None


def supervises(staff: Staff) -> bool:
    """Supervisors and admins: every case, every person, the supervisor's pages."""
    return staff.role in ("supervisor", "admin")


def administers(staff: Staff) -> bool:
    """Admins: staff and the service directory."""
    return staff.role == "admin"


def handles_cases(staff: Staff) -> bool:
    """Everyone but editors, who write what the bot says and never see a person's case."""
    return staff.role != "editor"


def edits_content(staff: Staff) -> bool:
    """Admins and editors: the flows, in the console's editor and simulator."""
    return staff.role in ("admin", "editor")


async def by_code(db: AsyncSession, code: str) -> Staff | None:
    return await db.scalar(select(Staff).where(Staff.code == code.strip().upper()))


async def everyone(db: AsyncSession) -> list[Staff]:
    """Every member, active or not, in the order they were added."""
    return list(await db.scalars(select(Staff).order_by(Staff.id)))


async def find(db: AsyncSession, services: Services, telegram_user_id: int) -> Staff | None:
    key = staff_pseudonym(services.keys.pseudonym, telegram_user_id)
    return await db.scalar(select(Staff).where(Staff.key == key))


def name(services: Services, staff: Staff) -> str:
    return services.cipher.decrypt(staff.name_enc, aad.staff_name(staff.code)).decode()


def chat_id(services: Services, staff: Staff) -> int:
    assert staff.chat_enc is not None, "only linked staff are written to"
    return int(services.cipher.decrypt(staff.chat_enc, aad.staff_chat(staff.code)).decode())


# Outbox addresses of staff chats start with this.
ADDRESS = "s:"


def recipient(staff: Staff) -> str:
    """The outbox address of a staff member's chat."""
    return f"{ADDRESS}{staff.id}"


def speaks(staff: Staff, locale: str | None) -> bool:
    return locale is not None and locale in staff.languages.split(",")


def interface_locale(staff: Staff) -> str:
    """Staff read the bot in the first language they listed."""
    return staff.languages.split(",")[0]


async def linked(db: AsyncSession) -> list[Staff]:
    """Staff who can be written to: they redeemed their invite and are still active."""
    rows = await db.scalars(
        select(Staff)
        .where(Staff.chat_enc.is_not(None), Staff.deactivated_at.is_(None))
        .order_by(Staff.id)
    )
    return list(rows)


async def on_duty(db: AsyncSession) -> list[Staff]:
    rows = await db.scalars(
        select(Staff)
        .where(Staff.on_duty.is_(True), Staff.key.is_not(None), Staff.deactivated_at.is_(None))
        .order_by(Staff.id)
    )
    return list(rows)


async def send(
    db: AsyncSession,
    services: Services,
    member: Staff,
    text: str,
    *,
    buttons: Sequence[tuple[str, str]] = (),
    case_id: int | None = None,
    about: Participant | None = None,
    priority: int = messages.PRIORITY_COUNSELLOR,
) -> None:
    """Queue a message to a staff member's chat: the one way the bot writes to staff.

    `case_id` ties it to a case, so that a reply to it is relayed to that case's person.
    `about` is the one person it is about: each piece of it is erased with them. A message
    about several (a list of cases) is found by their codes instead (`withdraw_about`).
    """
    for payload in messages.send_pieces(chat_id(services, member), text, buttons=buttons):
        await queue_call(
            db,
            services,
            member,
            "sendMessage",
            payload,
            case_id=case_id,
            about=about,
            priority=priority,
        )


async def queue_call(
    db: AsyncSession,
    services: Services,
    member: Staff,
    method: str,
    payload: dict[str, Any],
    *,
    case_id: int | None = None,
    about: Participant | None = None,
    priority: int = messages.PRIORITY_COUNSELLOR,
) -> None:
    """Queue any Bot API call about a staff member's chat, in order with their messages;
    `about` as for `send`."""
    await enqueue(
        db,
        services.cipher,
        recipient=recipient(member),
        method=method,
        payload=payload,
        priority=priority,
        now=services.clock(),
        case_id=case_id,
        about_id=about.id if about is not None else None,
    )


async def withdraw_about(db: AsyncSession, services: Services, code: str) -> None:
    """Drop every message to staff not yet delivered that names the person with this code
    and is not tied to them alone (a list of cases, a code a staff member typed): they are
    erasing themselves, and it would carry their code on after them. Messages about them
    alone go with their row (`send`'s `about`); delivered ones keep nothing
    (`queue.NO_PAYLOAD`). The few rows waiting for staff are read one by one, since what
    they say is encrypted."""
    await withdraw(db)
    waiting = await db.scalars(
        select(OutboxMessage).where(
            OutboxMessage.recipient.startswith(ADDRESS),
            OutboxMessage.status.in_([OutboxStatus.PENDING, OutboxStatus.SENDING]),
            OutboxMessage.about_id.is_(None),
        )
    )
    naming = [row.id for row in waiting if code in _text(services, row)]
    if naming:
        await db.execute(delete(OutboxMessage).where(OutboxMessage.id.in_(naming)))


def _text(services: Services, row: OutboxMessage) -> str:
    try:
        return str(decode_payload(services.cipher, row).get("text", ""))
    except (ValueError, DecryptionError):
        # Nobody can read it, the sender included (it fails such a row): nothing to drop.
        return ""
