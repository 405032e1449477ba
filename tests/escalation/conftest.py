"""Fixtures for cases: a migrated database of each kind, services on a fixed clock, people
and staff, and raising a case."""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain import participants
from bot.domain.services import Services
from bot.escalation import cases
from bot.escalation import staff as staff_members
from bot.outbox.queue import NO_PAYLOAD, decode_payload
from bot.storage.models import Escalation, OutboxMessage, Participant, Staff
from tests.domain import conftest as domain

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
Sessions = async_sessionmaker[AsyncSession]


@pytest.fixture(scope="module")
def services() -> Services:
    return replace(domain.make_services(ROOT / "flows"), clock=lambda: NOW)


_ids = itertools.count(7000)


def clocked(services: Services, moment: datetime) -> Services:
    return replace(services, clock=lambda: moment)


async def person(sessions: Sessions, services: Services, **profile: Any) -> Participant:
    async with sessions() as db, db.begin():
        found = await participants.enrol(db, services, next(_ids), 800_000 + next(_ids))
        found.consented_at, found.locale = NOW, "ru"
        for name, value in profile.items():
            setattr(found, name, value)
    return found


async def member(
    sessions: Sessions,
    services: Services,
    role: str = "counsellor",
    languages: tuple[str, ...] = ("ru",),
    gender: str | None = None,
    on_duty: bool = True,
) -> Staff:
    async with sessions() as db, db.begin():
        invite = await staff_members.add(
            db, services, name="Aigul", role=role, languages=list(languages), gender=gender
        )
        user = next(_ids)
        linked = await staff_members.link(db, services, invite.code, user, user)
        assert linked is not None
        linked.on_duty = on_duty
        return linked


Raise = Callable[..., Awaitable[Escalation]]


@pytest.fixture
def raise_for(sessions: Sessions, services: Services) -> Raise:
    async def raise_case(
        who: Participant, severity: str, *reasons: str, at: datetime = NOW
    ) -> Escalation:
        async with sessions() as db, db.begin():
            found = await db.get_one(Participant, who.id)
            return await cases.raise_case(
                db,
                clocked(services, at),
                found,
                severity=severity,
                reasons=list(reasons) or ["suicide.ru.want_to_die"],
                signal="text",
                evidence="не хочу жить",
            )

    return raise_case


async def staff_messages(sessions: Sessions, services: Services, who: Staff) -> list[str]:
    """The texts still held for a staff member: those delivered keep none."""
    async with sessions() as db:
        rows = await db.scalars(
            select(OutboxMessage)
            .where(
                OutboxMessage.recipient == staff_members.recipient(who),
                OutboxMessage.payload_enc != NO_PAYLOAD,
            )
            .order_by(OutboxMessage.id)
        )
        return [decode_payload(services.cipher, row)["text"] for row in rows]
