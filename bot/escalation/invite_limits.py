"""Limits on wrong staff invite codes: per account and for everyone, with a lockout.

An invite carries 96 random bits, so guessing one is hopeless, and a wrong one costs one
index lookup. The limits are there so that someone sending codes by the hundred is
stopped, and seen: each wrong code is counted in the audit log (never whose it was), and
so is each lockout. An account is known here only by `crypto.attempt_key`, and its rows
last an hour at most (the hourly purge), and not at all once it redeems an invite.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import ColumnElement, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.services import Services
from bot.storage.crypto import attempt_key
from bot.storage.models import InviteAttempt

Scope = Literal["account", "everyone"]
# The hourly purge deletes wrong codes older than this: no limit may look further back.
KEPT = timedelta(hours=1)


@dataclass(frozen=True)
class Limit:
    """At most `tries` wrong codes within any `window`; the next try waits until the
    oldest of them is older than the window."""

    tries: int
    window: timedelta

    def __post_init__(self) -> None:
        if not timedelta(0) < self.window <= KEPT:
            raise ValueError(f"a limit on invite tries looks back at most {KEPT}")

    def locked_until(self, wrong: int, oldest: datetime | None) -> datetime | None:
        """With `wrong` codes in the window, the oldest at `oldest`: until when no more
        tries are taken, or None."""
        if wrong < self.tries or oldest is None:
            return None
        return oldest + self.window


@dataclass(frozen=True)
class Limits:
    # A person mistyping a code a few times is not stopped; a script is, after five.
    account: Limit = Limit(5, timedelta(minutes=15))
    # Many accounts at once: every try waits, a real invite included, until it passes.
    everyone: Limit = Limit(50, timedelta(minutes=10))


@dataclass(frozen=True)
class Lockout:
    scope: Scope
    until: datetime


@dataclass(frozen=True)
class Wrong:
    """A wrong code recorded: how many the account has sent within its window (for the
    audit log), and the lockout it started, if it was one too many."""

    recent: int
    lockout: Lockout | None


async def lockout(
    db: AsyncSession, services: Services, telegram_user_id: int, limits: Limits
) -> Lockout | None:
    """Whether this account may not try a code now, and until when."""
    now = services.clock()
    account = attempt_key(services.keys.pseudonym, telegram_user_id)
    windows: tuple[tuple[Scope, Limit, ColumnElement[bool] | None], ...] = (
        ("account", limits.account, InviteAttempt.account == account),
        ("everyone", limits.everyone, None),
    )
    for scope, limit, where in windows:
        wrong, oldest = await _window(db, limit, now, where)
        until = limit.locked_until(wrong, oldest)
        if until is not None and until > now:
            return Lockout(scope, until)
    return None


async def wrong_code(
    db: AsyncSession, services: Services, telegram_user_id: int, limits: Limits
) -> Wrong:
    """Record a wrong code from this account."""
    now = services.clock()
    account = attempt_key(services.keys.pseudonym, telegram_user_id)
    db.add(InviteAttempt(account=account, at=now))
    await db.flush()
    recent, _ = await _window(db, limits.account, now, InviteAttempt.account == account)
    return Wrong(recent, await lockout(db, services, telegram_user_id, limits))


async def right_code(db: AsyncSession, services: Services, telegram_user_id: int) -> None:
    """The account redeemed an invite: its earlier mistakes no longer count."""
    account = attempt_key(services.keys.pseudonym, telegram_user_id)
    await db.execute(delete(InviteAttempt).where(InviteAttempt.account == account))


async def purge(db: AsyncSession, now: datetime) -> int:
    """Delete what no limit looks at any more."""
    result = await db.execute(delete(InviteAttempt).where(InviteAttempt.at <= now - KEPT))
    return int(getattr(result, "rowcount", 0) or 0)


async def _window(
    db: AsyncSession, limit: Limit, now: datetime, where: ColumnElement[bool] | None
) -> tuple[int, datetime | None]:
    query = select(func.count(), func.min(InviteAttempt.at)).where(
        InviteAttempt.at > now - limit.window
    )
    if where is not None:
        query = query.where(where)
    wrong, oldest = (await db.execute(query)).one()
    return int(wrong), oldest
