"""Staff management, for admins: the roster, inviting (the invite shown once, on the
page the form answers with), role, languages and gender, a new invite, and deactivating
after a confirm step. Putting members on and off duty is in `supervise`."""

from __future__ import annotations

from aiohttp import web
from multidict import MultiDictProxy
from sqlalchemy.ext.asyncio import AsyncSession

from admin.console.context import CONSOLE
from admin.console.guard import locale_of, see_other, signed_in
from admin.console.pages import render
from admin.console.refusals import refused
from bot.app.console import staff_admin
from bot.app.console.reading import Refused
from bot.app.console.sessions import Visit
from bot.escalation import staff as staff_members

PATH = "/console/staff"
MEMBER = PATH + "/{code:S-[A-Za-z0-9-]+}"
NOTES = ("saved", "duty", "deactivated")

# What `request.post()` gives.
Posted = MultiDictProxy[str | bytes | bytearray | web.FileField]


def _form(
    posted: MultiDictProxy[str | bytes | bytearray | web.FileField],
) -> staff_admin.MemberForm:
    return staff_admin.MemberForm(
        name=str(posted.get("name", "")),
        role=str(posted.get("role", "")),
        languages=tuple(str(v) for v in posted.getall("languages", [])),
        gender=str(posted.get("gender", "")),
        timezone=str(posted.get("timezone", "")).strip(),
    )


async def _roster(
    request: web.Request,
    db: AsyncSession,
    visit: Visit,
    *,
    status: int = 200,
    invite_form: staff_admin.FormErrors | None = None,
    change_form: tuple[str, staff_admin.FormErrors] | None = None,
) -> web.StreamResponse:
    context = request.app[CONSOLE]
    rows = await staff_admin.roster(db, context.services, visit.staff)
    if isinstance(rows, Refused):
        return refused(request, visit, rows)
    note = request.query.get("note")
    return render(
        context.services,
        "console/staff.html",
        locale_of(context, visit),
        visit=visit,
        status=status,
        current="staff",
        back=PATH,
        rows=rows,
        me=visit.staff.code,
        roles=staff_members.ROLES,
        genders=("", *staff_admin.GENDERS),
        note=note if note in NOTES else None,
        invite=invite_form or staff_admin.FormErrors(staff_admin.MemberForm(), {}),
        change=change_form,
    )


@signed_in
async def page(request: web.Request, db: AsyncSession, visit: Visit) -> web.StreamResponse:
    return await _roster(request, db, visit)


def _invited(
    request: web.Request, visit: Visit, made: staff_members.Invite, name: str
) -> web.Response:
    context = request.app[CONSOLE]
    # The only time the code is shown: the page is not cached (`pages.HEADERS`), and a
    # reload posts again, which makes a new one instead of showing this one.
    return render(
        context.services,
        "console/staff_invited.html",
        locale_of(context, visit),
        visit=visit,
        current="staff",
        back=PATH,
        name=name,
        code=made.staff.code,
        invite=made.code,
    )


@signed_in
async def invite(request: web.Request, db: AsyncSession, visit: Visit) -> web.StreamResponse:
    context = request.app[CONSOLE]
    form = _form(await request.post())
    made = await staff_admin.invite(db, context.services, visit.staff, form)
    if isinstance(made, Refused):
        return refused(request, visit, made)
    if isinstance(made, staff_admin.FormErrors):
        return await _roster(request, db, visit, status=400, invite_form=made)
    return _invited(request, visit, made, form.name.strip())


@signed_in
async def invite_again(request: web.Request, db: AsyncSession, visit: Visit) -> web.StreamResponse:
    context = request.app[CONSOLE]
    code = request.match_info["code"]
    made = await staff_admin.invite_again(db, context.services, visit.staff, code)
    if isinstance(made, Refused):
        return refused(request, visit, made)
    return _invited(request, visit, made, staff_members.name(context.services, made.staff))


@signed_in
async def change(request: web.Request, db: AsyncSession, visit: Visit) -> web.StreamResponse:
    context = request.app[CONSOLE]
    code = request.match_info["code"]
    done = await staff_admin.change(
        db, context.services, visit.staff, code, _form(await request.post())
    )
    if isinstance(done, Refused):
        return refused(request, visit, done)
    if isinstance(done, staff_admin.FormErrors):
        return await _roster(request, db, visit, status=400, change_form=(code, done))
    return see_other(f"{PATH}?note=saved")


@signed_in
async def confirm(request: web.Request, db: AsyncSession, visit: Visit) -> web.StreamResponse:
    context = request.app[CONSOLE]
    found = await staff_admin.departing(
        db, context.services, visit.staff, request.match_info["code"]
    )
    if isinstance(found, Refused):
        return refused(request, visit, found)
    return render(
        context.services,
        "console/staff_deactivate.html",
        locale_of(context, visit),
        visit=visit,
        current="staff",
        back=PATH,
        row=found,
    )


@signed_in
async def deactivate(request: web.Request, db: AsyncSession, visit: Visit) -> web.StreamResponse:
    context = request.app[CONSOLE]
    departure = await staff_admin.deactivate(
        db, context.services, visit.staff, request.match_info["code"]
    )
    if isinstance(departure, Refused):
        return refused(request, visit, departure)
    return see_other(f"{PATH}?note=deactivated")


def add_routes(app: web.Application) -> None:
    app.router.add_get(PATH, page)
    app.router.add_post(PATH + "/invite", invite)
    app.router.add_post(MEMBER + "/invite", invite_again)
    app.router.add_post(MEMBER, change)
    app.router.add_get(MEMBER + "/deactivate", confirm)
    app.router.add_post(MEMBER + "/deactivate", deactivate)
