"""Keeping the service directory: admins add, edit, verify and deactivate services (the
console calls these). Each change is checked here, on the server, and audited."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.context import App
from bot.app.plans import NotAllowed
from bot.directory import local_services
from bot.directory.local_services import ServiceData
from bot.escalation import cases
from bot.escalation import staff as staff_members
from bot.storage.models import Service, Staff


def may_edit(member: Staff) -> bool:
    return staff_members.administers(member) and staff_members.active(member)


def _allowed(member: Staff) -> None:
    if not may_edit(member):
        raise NotAllowed(f"{member.code} may not change the service directory")


async def add_service(db: AsyncSession, app: App, member: Staff, data: ServiceData) -> Service:
    _allowed(member)
    now = app.services.clock()
    service = await local_services.add(db, data, now)
    await cases.audit(db, None, member, "service_added", {"service": service.id}, now)
    return service


async def edit_service(
    db: AsyncSession, app: App, member: Staff, service: Service, data: ServiceData
) -> None:
    _allowed(member)
    now = app.services.clock()
    await local_services.edit(db, service, data, now)
    await cases.audit(db, None, member, "service_edited", {"service": service.id}, now)


async def set_service_active(
    db: AsyncSession, app: App, member: Staff, service: Service, active: bool
) -> None:
    _allowed(member)
    now = app.services.clock()
    await local_services.set_active(db, service, active, now)
    action = "service_activated" if active else "service_deactivated"
    await cases.audit(db, None, member, action, {"service": service.id}, now)


async def verify_service(
    db: AsyncSession, app: App, member: Staff, service: Service, on: date
) -> None:
    _allowed(member)
    now = app.services.clock()
    await local_services.verify(db, service, on, now)
    await cases.audit(
        db, None, member, "service_verified", {"service": service.id, "on": on.isoformat()}, now
    )
