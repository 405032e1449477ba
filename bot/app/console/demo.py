"""The sandbox's demo staff: a counsellor and a supervisor on simulated Telegram accounts,
so that a newcomer who runs `make run` can sign in to the console at once, and ask the
bot for a new link (`/console`) from the chat page as a member would."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import menus
from bot.app.console import signin
from bot.domain.services import Services
from bot.escalation import staff as staff_members


@dataclass(frozen=True)
class DemoMember:
    user_id: int  # their simulated Telegram account
    name: str
    role: str


# Below the ids the chat page gives the people it adds (from 100,000,001).
DEMO_STAFF = (
    DemoMember(99_000_001, "Demo Counsellor", "counsellor"),
    DemoMember(99_000_002, "Demo Supervisor", "supervisor"),
)
LANGUAGES = ["en", "ru"]


async def sign_in_links(
    db: AsyncSession, services: Services, base_url: str
) -> list[tuple[DemoMember, str]]:
    """Each demo member, added and linked the first time, with a one-time console link.
    A demo member someone deactivated gets no link."""
    links = []
    for demo in DEMO_STAFF:
        member = await staff_members.find(db, services, demo.user_id)
        if member is None:
            invite = await staff_members.add(
                db, services, name=demo.name, role=demo.role, languages=LANGUAGES, gender=None
            )
            member = invite.staff
            await staff_members.attach(db, services, member, demo.user_id, demo.user_id)
            await menus.show_to_staff(db, services, member)
        if staff_members.active(member):
            links.append((demo, await signin.issue(db, services, member, base_url)))
    return links
