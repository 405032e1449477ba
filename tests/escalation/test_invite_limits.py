"""Limits on wrong staff invite codes, over a real database: per account, for everyone,
a lockout that ends, a right code that clears the account's count, and the purge."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.app import retention
from bot.domain.services import Services
from bot.escalation import invite_limits
from bot.escalation.invite_limits import Limit, Limits, Lockout
from bot.storage.models import InviteAttempt
from tests.escalation.conftest import NOW, Sessions, clocked

SMALL = Limits(account=Limit(3, timedelta(minutes=15)), everyone=Limit(5, timedelta(minutes=10)))


async def wrong(sessions: Sessions, services: Services, user: int) -> invite_limits.Wrong:
    async with sessions() as db, db.begin():
        return await invite_limits.wrong_code(db, services, user, SMALL)


async def locked(sessions: Sessions, services: Services, user: int) -> Lockout | None:
    async with sessions() as db:
        return await invite_limits.lockout(db, services, user, SMALL)


async def test_an_account_is_locked_out_after_its_tries_until_the_oldest_ages_out(
    sessions: Sessions, services: Services
) -> None:
    for minute, expected in [(0, 1), (1, 2)]:
        made = await wrong(sessions, clocked(services, NOW + timedelta(minutes=minute)), 1)
        assert made == invite_limits.Wrong(expected, None)
    third = await wrong(sessions, clocked(services, NOW + timedelta(minutes=2)), 1)
    until = NOW + timedelta(minutes=15)
    assert third == invite_limits.Wrong(3, Lockout("account", until))
    assert await locked(sessions, clocked(services, until - timedelta(seconds=1)), 1) is not None
    assert await locked(sessions, services, 2) is None  # someone else may still try
    # Once the first wrong code is older than the window, one more try is taken; a wrong
    # one locks the account again, until the next oldest ages out.
    assert await locked(sessions, clocked(services, until), 1) is None
    again = await wrong(sessions, clocked(services, until), 1)
    assert again.lockout == Lockout("account", NOW + timedelta(minutes=16))


async def test_wrong_codes_from_many_accounts_lock_everyone_out(
    sessions: Sessions, services: Services
) -> None:
    for user in range(1, 6):
        made = await wrong(sessions, services, user)
    assert made.lockout == Lockout("everyone", NOW + timedelta(minutes=10))
    assert await locked(sessions, services, 99) == Lockout("everyone", NOW + timedelta(minutes=10))
    later = clocked(services, NOW + timedelta(minutes=10))
    assert await locked(sessions, later, 99) is None


async def test_a_right_code_clears_the_accounts_count_and_the_purge_the_rest(
    sessions: Sessions, services: Services
) -> None:
    first, second = 700_100_001, 700_100_002
    for user in (first, first, second):
        await wrong(sessions, services, user)
    async with sessions() as db, db.begin():
        await invite_limits.right_code(db, services, first)
    async with sessions() as db:
        [account] = list(await db.scalars(select(InviteAttempt.account)))
    assert str(second) not in account  # a keyed digest, never the Telegram id
    async with sessions() as db, db.begin():
        purged = await retention.purge(db, NOW + invite_limits.KEPT)
    assert purged.invite_attempts == 1


def test_a_limit_cannot_look_back_further_than_rows_are_kept() -> None:
    with pytest.raises(ValueError, match="at most"):
        Limit(3, invite_limits.KEPT + timedelta(seconds=1))
