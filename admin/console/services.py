"""The service directory: every member reads it, filtered by country and category;
admins add, edit, verify, and switch services off and on. A form that cannot be saved is
shown again with what was typed and an error beside each field."""

from __future__ import annotations

from urllib.parse import urlencode

from aiohttp import web
from multidict import MultiDictProxy
from sqlalchemy.ext.asyncio import AsyncSession

from admin.console.context import CONSOLE
from admin.console.guard import locale_of, see_other, signed_in
from admin.console.pages import render
from admin.console.refusals import refused
from bot.app.console import directory_admin
from bot.app.console.directory_admin import FormErrors, ServiceForm
from bot.app.console.reading import Refused
from bot.app.console.sessions import Visit
from bot.directory.common import COUNTRIES, LANGUAGES
from bot.storage.models import SERVICE_CATEGORIES

PATH = "/console/services"
ONE = PATH + "/{service_id:\\d+}"
NOTES = ("saved",)
FIELDS = ("category", "country", "name", "contact", "region", "offers", "hours", "notes")


# What `request.post()` gives.
Posted = MultiDictProxy[str | bytes | bytearray | web.FileField]


def _form(posted: Posted) -> ServiceForm:
    typed = {name: str(posted.get(name, "")) for name in FIELDS}
    return ServiceForm(languages=tuple(str(v) for v in posted.getall("languages", [])), **typed)


def _service_id(request: web.Request) -> int:
    return int(request.match_info["service_id"])


@signed_in
async def page(request: web.Request, db: AsyncSession, visit: Visit) -> web.StreamResponse:
    context = request.app[CONSOLE]
    country = request.query.get("country") or None
    category = request.query.get("category") or None
    found = await directory_admin.listing(db, visit.staff, country=country, category=category)
    note = request.query.get("note")
    filtered = urlencode({k: v for k, v in (("country", country), ("category", category)) if v})
    return render(
        context.services,
        "console/services.html",
        locale_of(context, visit),
        visit=visit,
        current="services",
        back=request.path_qs,
        # Where a change on this list comes back to: the list as filtered.
        here=f"{PATH}?{filtered}" if filtered else PATH,
        listing=found,
        country=country,
        category=category,
        note=note if note in NOTES else None,
    )


def _form_page(
    request: web.Request, visit: Visit, errors: FormErrors, service_id: int | None, status: int
) -> web.Response:
    context = request.app[CONSOLE]
    return render(
        context.services,
        "console/service_form.html",
        locale_of(context, visit),
        visit=visit,
        status=status,
        current="services",
        back=PATH,
        form=errors.form,
        errors=errors.errors,
        service_id=service_id,
        countries=COUNTRIES,
        categories=SERVICE_CATEGORIES,
        service_languages=LANGUAGES,
    )


@signed_in
async def new(request: web.Request, db: AsyncSession, visit: Visit) -> web.StreamResponse:
    refusal = directory_admin.refusal(request.app[CONSOLE].services, visit.staff)
    if refusal is not None:
        return refused(request, visit, refusal)
    return _form_page(request, visit, FormErrors(ServiceForm()), None, 200)


@signed_in
async def edit(request: web.Request, db: AsyncSession, visit: Visit) -> web.StreamResponse:
    service_id = _service_id(request)
    form = await directory_admin.editing(db, request.app[CONSOLE].services, visit.staff, service_id)
    if isinstance(form, Refused):
        return refused(request, visit, form)
    return _form_page(request, visit, FormErrors(form), service_id, 200)


async def _save(
    request: web.Request, db: AsyncSession, visit: Visit, service_id: int | None
) -> web.StreamResponse:
    saved = await directory_admin.save(
        db, request.app[CONSOLE].app, visit.staff, service_id, _form(await request.post())
    )
    if isinstance(saved, Refused):
        return refused(request, visit, saved)
    if isinstance(saved, FormErrors):
        return _form_page(request, visit, saved, service_id, 400)
    return see_other(f"{PATH}?note=saved")


@signed_in
async def add(request: web.Request, db: AsyncSession, visit: Visit) -> web.StreamResponse:
    return await _save(request, db, visit, None)


@signed_in
async def save(request: web.Request, db: AsyncSession, visit: Visit) -> web.StreamResponse:
    return await _save(request, db, visit, _service_id(request))


@signed_in
async def change(request: web.Request, db: AsyncSession, visit: Visit) -> web.StreamResponse:
    """Verify today, deactivate or reactivate; back to the list as it was filtered."""
    posted = await request.post()
    done = await directory_admin.change(
        db, request.app[CONSOLE].app, visit.staff, _service_id(request), request.match_info["what"]
    )
    if isinstance(done, Refused):
        return refused(request, visit, done)
    back = str(posted.get("here", PATH))
    back = back if back == PATH or back.startswith(PATH + "?") else PATH
    return see_other(back + ("&" if "?" in back else "?") + "note=saved")


def add_routes(app: web.Application) -> None:
    app.router.add_get(PATH, page)
    app.router.add_get(PATH + "/new", new)
    app.router.add_post(PATH + "/new", add)
    app.router.add_get(ONE, edit)
    app.router.add_post(ONE, save)
    app.router.add_post(ONE + "/{what:verify|deactivate|reactivate}", change)
