"""Members signed in to the web console: one row per browser, found by a keyed digest of
the secret in its cookie, ended by signing out, by time, or by the member's deactivation.

Every request finds its session again (`current`), which also re-reads the member: a
deactivated member, or a session past its idle or absolute limit, is signed out there and
then, whatever the browser still holds.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.services import Services
from bot.escalation import cases
from bot.escalation import staff as staff_members
from bot.storage.crypto import secret_digest
from bot.storage.models import ConsoleSession, Staff

IDLE = timedelta(minutes=30)
ABSOLUTE = timedelta(hours=12)
# `last_seen_at` moves at most this often: the queue page polls every few seconds, and a
# write each time would buy nothing the idle limit can tell apart.
SEEN_EVERY = timedelta(minutes=1)
_SESSION = "console-session"
_CSRF = "console-csrf"


@dataclass(frozen=True)
class Visit:
    """A request from a signed-in member: who, and the secret their cookie holds."""

    staff: Staff
    session: ConsoleSession
    secret: str


async def start(db: AsyncSession, services: Services, member: Staff) -> str:
    """A new session for the member; returns the secret for their cookie. Sessions of
    theirs that ended, or that no request could use any more, are dropped here: the audit
    log keeps when they signed in and out."""
    secret = secrets.token_urlsafe(32)
    now = services.clock()
    await db.execute(
        delete(ConsoleSession).where(
            ConsoleSession.staff_id == member.id,
            ConsoleSession.ended_at.is_not(None) | (ConsoleSession.created_at <= now - ABSOLUTE),
        )
    )
    db.add(
        ConsoleSession(
            digest=secret_digest(services.keys.pseudonym, _SESSION, secret),
            staff_id=member.id,
            created_at=now,
            last_seen_at=now,
        )
    )
    await cases.audit(db, None, member, "console.signin", None, now)
    return secret


async def current(db: AsyncSession, services: Services, secret: str) -> Visit | None:
    """The visit a cookie's secret belongs to; None when signed out, too old, idle too
    long, or the member is no longer active (the session ends then)."""
    if not secret:
        return None
    digest = secret_digest(services.keys.pseudonym, _SESSION, secret)
    session = await db.scalar(
        select(ConsoleSession).where(
            ConsoleSession.digest == digest, ConsoleSession.ended_at.is_(None)
        )
    )
    if session is None:
        return None
    member = await db.get_one(Staff, session.staff_id)
    now = services.clock()
    expired = now - session.created_at >= ABSOLUTE or now - session.last_seen_at >= IDLE
    if expired or not staff_members.active(member):
        session.ended_at = now
        await cases.audit(db, None, member, "console.expired", None, now)
        return None
    if now - session.last_seen_at >= SEEN_EVERY:
        session.last_seen_at = now
    return Visit(member, session, secret)


def csrf_token(services: Services, secret: str) -> str:
    """The token every form of this session carries: derived from the cookie's secret, so
    another site, which cannot read the cookie, cannot make it, and nothing is stored."""
    return secret_digest(services.keys.pseudonym, _CSRF, secret)


def csrf_matches(services: Services, visit: Visit, token: str) -> bool:
    return hmac.compare_digest(csrf_token(services, visit.secret), token)


async def sign_out(db: AsyncSession, services: Services, visit: Visit) -> None:
    now = services.clock()
    visit.session.ended_at = now
    await cases.audit(db, None, visit.staff, "console.signout", None, now)


async def sign_out_everywhere(db: AsyncSession, services: Services, visit: Visit) -> int:
    """End every session of the member, this one included; returns how many."""
    ended = await end_all(db, services, visit.staff)
    await cases.audit(
        db, None, visit.staff, "console.signout-everywhere", {"sessions": ended}, services.clock()
    )
    return ended


async def end_all(db: AsyncSession, services: Services, member: Staff) -> int:
    """End every open session of the member: in the caller's transaction, so a member
    deactivated is signed out in the same commit."""
    result = await db.execute(
        update(ConsoleSession)
        .where(ConsoleSession.staff_id == member.id, ConsoleSession.ended_at.is_(None))
        .values(ended_at=services.clock())
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def purge(db: AsyncSession, now: datetime) -> int:
    """Drop every session no request can use any more: ended, idle too long or too old."""
    result = await db.execute(
        delete(ConsoleSession).where(
            ConsoleSession.ended_at.is_not(None)
            | (ConsoleSession.created_at <= now - ABSOLUTE)
            | (ConsoleSession.last_seen_at <= now - IDLE)
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)
