"""One-time links and console sessions: single use, five minutes, bound to their member;
idle and absolute limits; signing out here and everywhere; deactivation ends them all."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from bot.app import retention, team
from bot.app.console import sessions as console
from bot.app.console import signin
from bot.domain.services import Services
from bot.storage.models import AuditEvent, ConsoleSession, ConsoleSignin, Staff
from tests.app.console.conftest import Hands
from tests.escalation.conftest import Sessions, member

BASE = "https://console.example.org"


async def _link(sessions: Sessions, services: Services, who: Staff) -> str:
    async with sessions() as db, db.begin():
        found = await db.get_one(Staff, who.id)
        link = await signin.issue(db, services, found, BASE + "/")
    assert link.startswith(f"{BASE}{signin.PATH}")
    return link.removeprefix(f"{BASE}{signin.PATH}")


async def _redeem(sessions: Sessions, services: Services, secret: str) -> signin.SignedIn | None:
    async with sessions() as db, db.begin():
        return await signin.redeem(db, services, secret)


async def _current(sessions: Sessions, services: Services, cookie: str) -> console.Visit | None:
    async with sessions() as db, db.begin():
        return await console.current(db, services, cookie)


async def _actions(sessions: Sessions, who: Staff) -> list[str]:
    async with sessions() as db:
        rows = await db.scalars(
            select(AuditEvent.action).where(AuditEvent.staff_id == who.id).order_by(AuditEvent.id)
        )
        return [action for action in rows if action.startswith("console.")]


async def test_a_link_signs_its_member_in_once(sessions: Sessions, services: Services) -> None:
    aigul = await member(sessions, services)
    secret = await _link(sessions, services, aigul)
    async with sessions() as db:
        assert await signin.check(db, services, secret)
        # Only a keyed digest of the link is kept.
        kept = await db.scalar(select(ConsoleSignin.digest))
        assert kept is not None and secret not in kept
    signed = await _redeem(sessions, services, secret)
    assert signed is not None and signed.staff.id == aigul.id
    visit = await _current(sessions, services, signed.secret)
    assert visit is not None and visit.staff.id == aigul.id
    assert await _redeem(sessions, services, secret) is None, "a link works once"
    async with sessions() as db:
        assert not await signin.check(db, services, secret)
        digest = await db.scalar(select(ConsoleSession.digest))
        assert digest is not None and signed.secret not in digest
    assert await _actions(sessions, aigul) == ["console.link", "console.signin"]


async def test_a_link_expires_after_five_minutes(
    sessions: Sessions, services: Services, hands: Hands
) -> None:
    aigul = await member(sessions, services)
    secret = await _link(sessions, services, aigul)
    hands.advance(signin.VALID_FOR)
    assert await _redeem(sessions, services, secret) is None


async def test_an_unknown_link_signs_nobody_in(sessions: Sessions, services: Services) -> None:
    aigul = await member(sessions, services)
    secret = await _link(sessions, services, aigul)
    assert await _redeem(sessions, services, secret[:-2] + "xx") is None
    assert await _redeem(sessions, services, "") is None


async def test_a_deactivated_member_is_signed_out_everywhere_at_once(
    sessions: Sessions, services: Services
) -> None:
    aigul = await member(sessions, services)
    waiting_link = await _link(sessions, services, aigul)
    phone = await _redeem(sessions, services, await _link(sessions, services, aigul))
    laptop = await _redeem(sessions, services, await _link(sessions, services, aigul))
    assert phone is not None and laptop is not None
    async with sessions() as db, db.begin():
        await team.deactivate(db, services, aigul.code)
    async with sessions() as db:
        still_open = await db.scalar(select(func.count()).where(ConsoleSession.ended_at.is_(None)))
    assert still_open == 0, "ended in the deactivation's own commit"
    assert await _current(sessions, services, phone.secret) is None
    assert await _current(sessions, services, laptop.secret) is None
    assert await _redeem(sessions, services, waiting_link) is None
    async with sessions() as db:
        assert await signin.issue_for_code(db, services, aigul.code, BASE) is None


async def test_a_session_ends_after_thirty_idle_minutes(
    sessions: Sessions, services: Services, hands: Hands
) -> None:
    aigul = await member(sessions, services)
    signed = await _redeem(sessions, services, await _link(sessions, services, aigul))
    assert signed is not None
    hands.advance(console.IDLE - timedelta(minutes=1))
    assert await _current(sessions, services, signed.secret) is not None, "still in use"
    hands.advance(console.IDLE - timedelta(minutes=1))
    assert await _current(sessions, services, signed.secret) is not None, "the last request counts"
    hands.advance(console.IDLE)
    assert await _current(sessions, services, signed.secret) is None
    hands.advance(timedelta(seconds=1))
    assert await _current(sessions, services, signed.secret) is None, "ended, not only idle"
    assert (await _actions(sessions, aigul))[-1] == "console.expired"


async def test_a_session_ends_after_twelve_hours_however_busy(
    sessions: Sessions, services: Services, hands: Hands
) -> None:
    aigul = await member(sessions, services)
    signed = await _redeem(sessions, services, await _link(sessions, services, aigul))
    assert signed is not None
    for _ in range(int(console.ABSOLUTE / timedelta(minutes=20)) - 1):
        hands.advance(timedelta(minutes=20))
        assert await _current(sessions, services, signed.secret) is not None
    hands.advance(timedelta(minutes=20))
    assert await _current(sessions, services, signed.secret) is None


async def test_signing_out_everywhere_ends_every_browser_of_the_member_only(
    sessions: Sessions, services: Services
) -> None:
    aigul = await member(sessions, services)
    colleague = await member(sessions, services)
    phone = await _redeem(sessions, services, await _link(sessions, services, aigul))
    laptop = await _redeem(sessions, services, await _link(sessions, services, aigul))
    theirs = await _redeem(sessions, services, await _link(sessions, services, colleague))
    assert phone and laptop and theirs
    async with sessions() as db, db.begin():
        visit = await console.current(db, services, phone.secret)
        assert visit is not None
        assert await console.sign_out_everywhere(db, services, visit) == 2
    assert await _current(sessions, services, laptop.secret) is None
    assert await _current(sessions, services, theirs.secret) is not None
    assert (await _actions(sessions, aigul))[-1] == "console.signout-everywhere"


async def test_signing_out_ends_this_browser_only(sessions: Sessions, services: Services) -> None:
    aigul = await member(sessions, services)
    phone = await _redeem(sessions, services, await _link(sessions, services, aigul))
    laptop = await _redeem(sessions, services, await _link(sessions, services, aigul))
    assert phone and laptop
    async with sessions() as db, db.begin():
        visit = await console.current(db, services, phone.secret)
        assert visit is not None
        await console.sign_out(db, services, visit)
    assert await _current(sessions, services, phone.secret) is None
    assert await _current(sessions, services, laptop.secret) is not None
    # The next sign-in drops the ended session's row; the audit log keeps the sign-out.
    await _redeem(sessions, services, await _link(sessions, services, aigul))
    async with sessions() as db:
        assert await db.scalar(select(func.count()).select_from(ConsoleSession)) == 2
    assert "console.signout" in await _actions(sessions, aigul)


async def test_the_csrf_token_belongs_to_one_session(
    sessions: Sessions, services: Services
) -> None:
    aigul = await member(sessions, services)
    one = await _redeem(sessions, services, await _link(sessions, services, aigul))
    two = await _redeem(sessions, services, await _link(sessions, services, aigul))
    assert one and two
    visit = await _current(sessions, services, one.secret)
    assert visit is not None
    assert console.csrf_matches(services, visit, console.csrf_token(services, one.secret))
    assert not console.csrf_matches(services, visit, console.csrf_token(services, two.secret))
    assert not console.csrf_matches(services, visit, "")


async def test_the_hourly_purge_keeps_only_sessions_and_links_that_still_work(
    sessions: Sessions, services: Services, hands: Hands
) -> None:
    aigul = await member(sessions, services)
    used = await _redeem(sessions, services, await _link(sessions, services, aigul))
    assert used is not None
    hands.advance(console.IDLE + timedelta(minutes=1))  # that browser has gone idle
    live = await _redeem(sessions, services, await _link(sessions, services, aigul))
    assert live is not None
    await _link(sessions, services, aigul)  # a fresh link, not used yet
    async with sessions() as db, db.begin():
        purged = await retention.purge(db, services.clock())
    assert (purged.console_sessions, purged.console_links) == (1, 0)
    assert await _current(sessions, services, live.secret) is not None
    hands.advance(signin.VALID_FOR)
    async with sessions() as db, db.begin():
        purged = await retention.purge(db, services.clock())
        assert await db.scalar(select(func.count()).select_from(ConsoleSignin)) == 0
    assert purged.console_links >= 1
