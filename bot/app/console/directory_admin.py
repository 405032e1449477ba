"""The service directory in the console: every member reads it; admins add, edit,
verify and switch services off and on through `bot.app.service_directory`, which checks
and audits each change. A form that cannot be saved comes back with an error beside
each field it names and with what was typed."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import service_directory
from bot.app.console import texts_admin as TA
from bot.app.console.reading import Reader, Refused
from bot.app.context import App
from bot.directory import local_services
from bot.directory.common import COUNTRIES
from bot.directory.local_services import ServiceData, ServiceError
from bot.domain.services import Services
from bot.storage.models import SERVICE_CATEGORIES, Service, Staff

# `ServiceData.check` names the field first ("name: 1 to 200 characters"); the label it
# uses for the region is the admin's word for it.
_FIELD_OF = {"city or region": "region"}


@dataclass(frozen=True)
class ServiceForm:
    """The form's fields as typed; `from_service` fills it for editing."""

    category: str = ""
    country: str = ""
    name: str = ""
    contact: str = ""
    languages: tuple[str, ...] = ()
    region: str = ""
    offers: str = ""
    hours: str = ""
    notes: str = ""

    @classmethod
    def from_service(cls, service: Service) -> ServiceForm:
        return cls(
            category=service.category,
            country=service.country,
            name=service.name,
            contact=service.contact,
            languages=tuple(service.languages.split(",")),
            region=service.region or "",
            offers=service.offers or "",
            hours=service.hours or "",
            notes=service.notes or "",
        )

    def data(self) -> ServiceData:
        return ServiceData(
            category=self.category,
            country=self.country,
            name=self.name,
            contact=self.contact,
            languages=self.languages,
            region=self.region.strip() or None,
            offers=self.offers.strip() or None,
            hours=self.hours.strip() or None,
            notes=self.notes.strip() or None,
        )


@dataclass(frozen=True)
class FormErrors:
    form: ServiceForm
    errors: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Listing:
    services: tuple[Service, ...]
    countries: tuple[str, ...]
    categories: tuple[str, ...]
    editable: bool


async def listing(
    db: AsyncSession, member: Staff, *, country: str | None, category: str | None
) -> Listing:
    """Every member may read the directory; admins see switched-off services too."""
    editable = service_directory.may_edit(member)
    found = await local_services.listing(
        db,
        country=country if country in COUNTRIES else None,
        category=category if category in SERVICE_CATEGORIES else None,
        active_only=not editable,
    )
    return Listing(tuple(found), COUNTRIES, SERVICE_CATEGORIES, editable)


def refusal(services: Services, member: Staff) -> Refused | None:
    """Why the member may not open the directory's forms; None for an admin."""
    if service_directory.may_edit(member):
        return None
    return Reader(services, member).refuse("forbidden", TA.PAGE_ADMINS)


def _errors(tr: Reader, error: ServiceError) -> dict[str, str]:
    named = (problem.split(":", 1)[0] for problem in error.problems)
    fields = [_FIELD_OF.get(name, name) for name in named]
    return {name: tr(TA.SERVICE_ERRORS[name]) for name in fields}


async def save(
    db: AsyncSession, app: App, member: Staff, service_id: int | None, form: ServiceForm
) -> Service | FormErrors | Refused:
    """Add a service (`service_id` None) or edit one."""
    tr = Reader(app.services, member)
    refused = refusal(app.services, member)
    if refused is not None:
        return refused
    data = form.data()
    try:
        data.check()
    except ServiceError as error:
        return FormErrors(form, _errors(tr, error))
    if service_id is None:
        return await service_directory.add_service(db, app, member, data)
    service = await local_services.get(db, service_id)
    if service is None:
        return tr.refuse("not-found", TA.SERVICES_NONE)
    await service_directory.edit_service(db, app, member, service, data)
    return service


async def change(
    db: AsyncSession, app: App, member: Staff, service_id: int, what: str
) -> Service | Refused:
    """`verify` (today, UTC), `deactivate` or `reactivate`."""
    tr = Reader(app.services, member)
    refused = refusal(app.services, member)
    if refused is not None:
        return refused
    service = await local_services.get(db, service_id)
    if service is None:
        return tr.refuse("not-found", TA.SERVICES_NONE)
    if what == "verify":
        today = app.services.clock().date()
        await service_directory.verify_service(db, app, member, service, today)
    elif what in ("deactivate", "reactivate"):
        await service_directory.set_service_active(db, app, member, service, what == "reactivate")
    else:
        return tr.refuse("invalid", TA.SERVICES_NONE)
    return service


async def editing(
    db: AsyncSession, services: Services, member: Staff, service_id: int
) -> ServiceForm | Refused:
    """The edit form of a service, as saved."""
    refused = refusal(services, member)
    if refused is not None:
        return refused
    service = await local_services.get(db, service_id)
    if service is None:
        return Reader(services, member).refuse("not-found", TA.SERVICES_NONE)
    return ServiceForm.from_service(service)
