"""One-time links into the web console: made for a linked member (`/console` in the bot,
or `qadam staff login-link` for the first admin), used once, within five minutes.

Opening a link only shows a page with a button (`check`); the button signs in
(`redeem`). Link-preview bots fetch what they see in a chat, and would otherwise use the
link up before the member opens it.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.console import sessions, texts
from bot.app.context import App
from bot.domain.services import Services
from bot.escalation import cases
from bot.escalation import staff as staff_members
from bot.storage.crypto import secret_digest
from bot.storage.models import ConsoleSignin, Staff

VALID_FOR = timedelta(minutes=5)
PATH = "/console/signin/"
_SIGNIN = "console-signin"


def link_to(base_url: str, secret: str) -> str:
    return f"{base_url.rstrip('/')}{PATH}{secret}"


async def issue(db: AsyncSession, services: Services, member: Staff, base_url: str) -> str:
    """A new one-time link for the member. Links of theirs used or expired are dropped
    here: nothing else needs them."""
    now = services.clock()
    await db.execute(
        delete(ConsoleSignin).where(
            ConsoleSignin.staff_id == member.id,
            (ConsoleSignin.used_at.is_not(None)) | (ConsoleSignin.expires_at <= now),
        )
    )
    secret = secrets.token_urlsafe(24)
    db.add(
        ConsoleSignin(
            digest=_digest(services, secret), staff_id=member.id, expires_at=now + VALID_FOR
        )
    )
    await cases.audit(db, None, member, "console.link", None, now)
    return link_to(base_url, secret)


async def issue_for_code(
    db: AsyncSession, services: Services, code: str, base_url: str
) -> str | None:
    """`qadam staff login-link CODE`: a link for the active member with this code (the
    first admin has nobody to send them /console's); None when there is no such member."""
    member = await staff_members.by_code(db, code)
    if member is None or not staff_members.active(member):
        return None
    return await issue(db, services, member, base_url)


async def send_link(db: AsyncSession, app: App, member: Staff, base_url: str) -> None:
    """`/console`: the link, in the member's own chat, in their language."""
    services = app.services
    link = await issue(db, services, member, base_url)
    locale = staff_members.interface_locale(member)
    said = services.catalogs.gettext(locale, texts.SIGNIN_LINK) % {"link": link}
    await staff_members.send(db, services, member, said)


async def _usable(db: AsyncSession, services: Services, secret: str) -> ConsoleSignin | None:
    link = await db.scalar(
        select(ConsoleSignin).where(ConsoleSignin.digest == _digest(services, secret.strip()))
    )
    if link is None or link.used_at is not None or link.expires_at <= services.clock():
        return None
    member = await db.get_one(Staff, link.staff_id)
    return link if staff_members.active(member) else None


async def check(db: AsyncSession, services: Services, secret: str) -> bool:
    """Whether the link would sign someone in now; it stays unused."""
    return await _usable(db, services, secret) is not None


@dataclass(frozen=True)
class SignedIn:
    staff: Staff
    secret: str  # for the session cookie


async def redeem(db: AsyncSession, services: Services, secret: str) -> SignedIn | None:
    """Use the link up and start a session for its member; None when it is unknown, used,
    expired, or its member was deactivated."""
    link = await _usable(db, services, secret)
    if link is None:
        return None
    # Used up in one statement that only an unused link matches: of two requests racing
    # with the same link, one signs in.
    used = await db.execute(
        update(ConsoleSignin)
        .where(ConsoleSignin.id == link.id, ConsoleSignin.used_at.is_(None))
        .values(used_at=services.clock())
    )
    if getattr(used, "rowcount", 0) != 1:
        return None
    member = await db.get_one(Staff, link.staff_id)
    return SignedIn(member, await sessions.start(db, services, member))


def _digest(services: Services, secret: str) -> str:
    return secret_digest(services.keys.pseudonym, _SIGNIN, secret)


async def purge(db: AsyncSession, now: datetime) -> int:
    """Drop sign-in links past their time, used or not: none can sign anyone in again."""
    result = await db.execute(delete(ConsoleSignin).where(ConsoleSignin.expires_at <= now))
    return int(getattr(result, "rowcount", 0) or 0)
