"""The service directory: local services people can be referred to or find with /services.

Admins keep it (the console calls these functions); `flows/services/directory.yaml` is a
small sample loaded into an empty table, marked `sample` until someone verifies each entry.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.directory.common import COUNTRIES, LANGUAGES, SERVICES_DIR
from bot.spec.errors import FlowSpecError, Problem
from bot.spec.parse import read_yaml
from bot.storage.models import SERVICE_CATEGORIES, Service

SEED_FILE = "directory.yaml"


class ServiceError(ValueError):
    """A service that cannot be saved; each problem says which field and what to change
    ("name: 1 to 200 characters"), all of them at once so a form shows every error."""

    def __init__(self, *problems: str) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class ServiceData:
    """What an admin types about a service; all of it public information."""

    category: str
    country: str
    name: str
    contact: str
    languages: tuple[str, ...]
    region: str | None = None
    offers: str | None = None
    hours: str | None = None
    notes: str | None = None

    def check(self) -> None:
        problems = []
        if self.category not in SERVICE_CATEGORIES:
            problems.append(f"category: one of {', '.join(SERVICE_CATEGORIES)}")
        if self.country not in COUNTRIES:
            problems.append(f"country: one of {', '.join(COUNTRIES)}")
        if not self.languages or not set(self.languages) <= set(LANGUAGES):
            problems.append(f"languages: one or more of {', '.join(LANGUAGES)}")
        if not self.name.strip() or len(self.name) > 200:
            problems.append("name: 1 to 200 characters")
        if not self.contact.strip() or len(self.contact) > 300:
            problems.append("contact: 1 to 300 characters")
        if self.region is not None and len(self.region) > 128:
            problems.append("city or region: at most 128 characters")
        if self.hours is not None and len(self.hours) > 200:
            problems.append("hours: at most 200 characters")
        if problems:
            raise ServiceError(*problems)


def _apply(service: Service, data: ServiceData, now: datetime) -> None:
    data.check()
    service.category, service.country = data.category, data.country
    service.name, service.contact = data.name.strip(), data.contact.strip()
    service.languages = ",".join(dict.fromkeys(data.languages))
    service.region, service.offers = data.region or None, data.offers or None
    service.hours, service.notes = data.hours or None, data.notes or None
    service.updated_at = now


async def add(
    db: AsyncSession, data: ServiceData, now: datetime, *, sample: bool = False
) -> Service:
    service = Service(active=True, sample=sample, created_at=now)
    _apply(service, data, now)
    db.add(service)
    await db.flush()
    return service


async def edit(db: AsyncSession, service: Service, data: ServiceData, now: datetime) -> None:
    _apply(service, data, now)
    await db.flush()


async def set_active(db: AsyncSession, service: Service, active: bool, now: datetime) -> None:
    """Deactivated services are kept, as referrals point at them, but shown to nobody."""
    service.active, service.updated_at = active, now
    await db.flush()


async def verify(db: AsyncSession, service: Service, on: date, now: datetime) -> None:
    """Someone checked the details on `on`: the card says so, and it is no sample any more."""
    service.verified_on, service.sample, service.updated_at = on, False, now
    await db.flush()


async def get(db: AsyncSession, service_id: int) -> Service | None:
    return await db.get(Service, service_id)


async def listing(
    db: AsyncSession,
    *,
    country: str | None = None,
    category: str | None = None,
    language: str | None = None,
    active_only: bool = True,
) -> list[Service]:
    """Services by category, then name; `language` keeps those that speak it."""
    query = select(Service).order_by(Service.category, Service.name, Service.id)
    if active_only:
        query = query.where(Service.active.is_(True))
    if country is not None:
        query = query.where(Service.country == country)
    if category is not None:
        query = query.where(Service.category == category)
    found = list(await db.scalars(query))
    if language is not None:
        found = [s for s in found if language in s.languages.split(",")]
    return found


def categories(found: Sequence[Service]) -> list[str]:
    """The categories among `found`, in the directory's fixed order."""
    present = {service.category for service in found}
    return [category for category in SERVICE_CATEGORIES if category in present]


def load_seed(path: Path) -> list[ServiceData]:
    """The sample entries of `directory.yaml`: a list under `services:`."""
    data = read_yaml(path.read_text(encoding="utf-8"), str(path))
    entries = data.get("services", []) if isinstance(data, dict) else []
    known = {field.name for field in fields(ServiceData)}
    seed: list[ServiceData] = []
    for number, entry in enumerate(entries):
        if not isinstance(entry, dict) or not set(entry) <= known:
            raise ServiceError(f"{path}: services[{number}]: keys are {', '.join(sorted(known))}")
        values = {**entry, "languages": tuple(entry.get("languages", ()))}
        item = ServiceData(**values)
        item.check()
        seed.append(item)
    return seed


def scan_seed(path: Path) -> list[Problem]:
    """What `qadam flows check` says about the sample directory: nothing when it loads."""
    try:
        load_seed(path)
    except FlowSpecError as error:
        return list(error.problems)
    except (ServiceError, TypeError) as error:
        return [Problem(str(path), "services", str(error))]
    return []


async def seed_if_empty(db: AsyncSession, flows_dir: Path, now: datetime) -> int:
    """Load the sample directory into an empty table; returns how many were added."""
    path = flows_dir / SERVICES_DIR / SEED_FILE
    if not path.is_file() or await db.scalar(select(func.count()).select_from(Service)):
        return 0
    seed = load_seed(path)
    for data in seed:
        await add(db, data, now, sample=True)
    return len(seed)
