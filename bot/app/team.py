"""What an admin does to the staff from the command line: list them, end a member's
access, give a member a new invite. Members are named by their staff code and the name an
admin typed; never by anything of their Telegram account."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import menus
from bot.app.console import sessions as console_sessions
from bot.domain.services import Services
from bot.escalation import cases
from bot.escalation import staff as staff_members
from bot.storage.models import Escalation, Participant


@dataclass(frozen=True)
class Member:
    """A row of `qadam staff list`."""

    code: str
    name: str
    role: str
    languages: tuple[str, ...]
    linked: bool
    invite_until: datetime | None  # an invite waits to be redeemed until then
    on_duty: bool
    deactivated_at: datetime | None


async def roster(db: AsyncSession, services: Services) -> list[Member]:
    now = services.clock()
    return [
        Member(
            code=member.code,
            name=staff_members.name(services, member),
            role=member.role,
            languages=tuple(member.languages.split(",")),
            linked=member.key is not None and staff_members.active(member),
            invite_until=(
                member.invite_expires_at
                if member.invite_expires_at is not None and member.invite_expires_at > now
                else None
            ),
            on_duty=member.on_duty,
            deactivated_at=member.deactivated_at,
        )
        for member in await staff_members.everyone(db)
    ]


@dataclass(frozen=True)
class HandedOn:
    """A case of a departing member, back in the queue: whose now (a staff code), if
    anyone's; else it waits for someone on duty (a high or critical one is told to the
    on-call list meanwhile)."""

    person: str
    severity: str
    to: str | None


@dataclass(frozen=True)
class Departure:
    code: str
    role: str
    name: str
    # Set when the member had been deactivated before: nothing was done now.
    already: datetime | None
    cases: tuple[HandedOn, ...]


async def deactivate(db: AsyncSession, services: Services, code: str) -> Departure | None:
    """End a member's access (None: no member has this code). Their chat loses the staff
    menu; their open cases go back to the queue, most urgent first, each to whoever
    assignment picks now, who is told as of a new case; the people they counselled have
    no own counsellor any more; every console session of theirs ends."""
    member = await staff_members.by_code(db, code)
    if member is None:
        return None
    name = staff_members.name(services, member)
    if not staff_members.active(member):
        return Departure(member.code, member.role, name, member.deactivated_at, ())
    chat = staff_members.chat_id(services, member) if member.chat_enc is not None else None
    await staff_members.deactivate(db, services, member)
    # Signed out of the console in the same commit: no page of theirs loads after it.
    await console_sessions.end_all(db, services, member)
    if chat is not None:
        await menus.hide_from_staff(db, services, member, chat)
    theirs = await db.scalars(
        select(Escalation).where(Escalation.staff_id == member.id, Escalation.status != "resolved")
    )
    handed: list[HandedOn] = []
    for case in sorted(theirs, key=cases.most_urgent_first):
        to = await cases.requeue(db, services, case)
        person = await db.get_one(Participant, case.participant_id)
        handed.append(HandedOn(person.code, case.severity, to.code if to else None))
    await cases.audit(db, None, member, "deactivated", {"cases": len(handed)}, services.clock())
    return Departure(member.code, member.role, name, None, tuple(handed))


async def invite_again(
    db: AsyncSession, services: Services, code: str
) -> staff_members.Invite | None:
    """A new one-time invite for a member (None: no member has this code). Redeeming it
    links the account it is sent from, and makes a deactivated member active again."""
    member = await staff_members.by_code(db, code)
    if member is None:
        return None
    invite = staff_members.reinvite(services, member)
    await cases.audit(db, None, member, "invited", None, services.clock())
    return invite
