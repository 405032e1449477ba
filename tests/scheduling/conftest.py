"""A migrated database, services with the real flow library, and people with schedules."""

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
from bot.outbox.queue import decode_payload
from bot.scheduling import plans
from bot.storage.models import OutboxMessage
from tests.domain.conftest import make_services

ROOT = Path(__file__).resolve().parents[2]
# Friday 20 November 2026, 06:00 UTC: 11:00 in Almaty, 12:00 in Bishkek.
START = datetime(2026, 11, 20, 6, 0, tzinfo=UTC)

Sessions = async_sessionmaker[AsyncSession]
Enrol = Callable[..., Awaitable[int]]


@pytest.fixture(scope="session")
def services() -> Services:
    return replace(make_services(ROOT / "flows"), clock=lambda: START)


@pytest.fixture
def enrol(sessions: Sessions, services: Services) -> Enrol:
    """A consented adult with a reminder time; returns the participant id."""
    ids = itertools.count(5000)

    async def make(at: datetime = START, **profile: Any) -> int:
        fields = {
            "locale": "en",
            "role": "self",
            "age_band": "adult",
            "timezone": "Asia/Almaty",
            "checkin_time": "14:00",
        } | profile
        async with sessions() as db, db.begin():
            person = await participants.enrol(db, services, next(ids), 900_000 + next(ids))
            person.consented_at = at
            for name, value in fields.items():
                setattr(person, name, value)
            await plans.sync(db, services.library, person, at)
            return person.id

    return make


async def outbox(sessions: Sessions, services: Services) -> list[tuple[int | None, dict[str, Any]]]:
    """Every queued message as (participant id, decrypted payload), in order."""
    async with sessions() as db:
        rows = await db.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
        return [(row.participant_id, decode_payload(services.cipher, row)) for row in rows]
