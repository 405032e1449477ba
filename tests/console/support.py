"""Helpers for the console's tests: staff who read English, and changing rows directly."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.domain.services import Services
from bot.storage.models import AuditEvent, Base, Staff
from tests.escalation.conftest import Sessions, member


async def reader(
    sessions: Sessions, services: Services, role: str = "counsellor", **fields: Any
) -> Staff:
    """A linked staff member on duty reading the console in English, speaking Russian."""
    found = await member(sessions, services, role, languages=("en", "ru"))
    if fields:
        await change(sessions, Staff, found.id, **fields)
        for name, value in fields.items():
            setattr(found, name, value)
    return found


async def change(sessions: Sessions, model: type[Base], row_id: int, **fields: Any) -> None:
    async with sessions() as db, db.begin():
        row = await db.get_one(model, row_id)
        for name, value in fields.items():
            setattr(row, name, value)


async def audit_rows(sessions: Sessions) -> list[tuple[str, int | None, int | None, Any]]:
    """(action, staff id, case id, detail) of every audit row, in order."""
    async with sessions() as db:
        rows = await db.execute(
            select(
                AuditEvent.action, AuditEvent.staff_id, AuditEvent.escalation_id, AuditEvent.detail
            ).order_by(AuditEvent.id)
        )
        return [tuple(row) for row in rows.all()]
