"""The supervisor's view (with the fragment it polls for, reassigning, and the duty rota
with each member's weekly shifts)
and the audit log: supervisors' and admins' pages."""

from __future__ import annotations

from urllib.parse import urlencode

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from admin.console.context import CONSOLE
from admin.console.guard import locale_of, see_other, signed_in
from admin.console.pages import render
from admin.console.refusals import refused
from bot.app.console import audit_page, staff_admin, supervision
from bot.app.console.actions import Done
from bot.app.console.reading import Refused
from bot.app.console.sessions import Visit
from bot.escalation import rota

PATH = "/console/supervision"
VIEW_PATH = PATH + "/view"
PAGE = "console/supervision.html"
AUDIT_PATH = "/console/audit"
# Slower than the queue: a supervisor reads and compares, and a reassign form is open.
POLL_SECONDS = 15
PAGE_SIZE = 50
# What a redirect back to the view says happened (`?note=`).
NOTES = ("reassigned", "queued", "duty", "rota")


def _note(request: web.Request) -> str | None:
    note = request.query.get("note")
    return note if note in NOTES else None


async def _view(
    request: web.Request,
    db: AsyncSession,
    visit: Visit,
    template: str,
    note: str | None,
    *,
    status: int = 200,
    shift: staff_admin.ShiftErrors | None = None,
) -> web.StreamResponse:
    context = request.app[CONSOLE]
    view = await supervision.supervision(
        db, context.services, visit.staff, context.services.clock()
    )
    if isinstance(view, Refused):
        return refused(request, visit, view)
    # The shifts are on the page only: the fragment it polls for leaves them out.
    week = await staff_admin.week(db, context.services, visit.staff) if template == PAGE else None
    assert not isinstance(week, Refused)  # whoever may supervise runs the rota
    return render(
        context.services,
        template,
        locale_of(context, visit),
        visit=visit,
        status=status,
        week=week,
        shift=shift,
        current="supervision",
        back=PATH,
        view=view,
        me=visit.staff.code,
        view_path=VIEW_PATH,
        poll_seconds=POLL_SECONDS,
        note=note,
    )


@signed_in
async def page(request: web.Request, db: AsyncSession, visit: Visit) -> web.StreamResponse:
    return await _view(request, db, visit, PAGE, note=_note(request))


@signed_in
async def view(request: web.Request, db: AsyncSession, visit: Visit) -> web.StreamResponse:
    return await _view(request, db, visit, "console/partials/supervision.html", None)


@signed_in
async def reassign(request: web.Request, db: AsyncSession, visit: Visit) -> web.StreamResponse:
    context = request.app[CONSOLE]
    form = await request.post()
    to = str(form.get("to", "")) or None
    result = await supervision.reassign(
        db, context.services, visit.staff, int(request.match_info["case_id"]), to
    )
    if not isinstance(result, Done):
        return refused(request, visit, result)
    return see_other(f"{PATH}?note={'reassigned' if to else 'queued'}")


@signed_in
async def duty(request: web.Request, db: AsyncSession, visit: Visit) -> web.StreamResponse:
    """On or off duty; back to the page the form was on (this one or the staff page)."""
    context = request.app[CONSOLE]
    form = await request.post()
    result = await staff_admin.set_duty(
        db, context.services, visit.staff, request.match_info["code"], form.get("on") == "1"
    )
    if isinstance(result, Refused):
        return refused(request, visit, result)
    back = "/console/staff" if form.get("back") == "staff" else PATH
    return see_other(f"{back}?note=duty")


@signed_in
async def add_shift(request: web.Request, db: AsyncSession, visit: Visit) -> web.StreamResponse:
    context = request.app[CONSOLE]
    form = await request.post()
    typed = rota.SlotForm(
        weekday=str(form.get("weekday", "")),
        starts=str(form.get("starts", "")).strip(),
        ends=str(form.get("ends", "")).strip(),
    )
    result = await staff_admin.add_shift(
        db, context.services, visit.staff, request.match_info["code"], typed
    )
    if isinstance(result, Refused):
        return refused(request, visit, result)
    if isinstance(result, staff_admin.ShiftErrors):
        return await _view(request, db, visit, PAGE, None, status=400, shift=result)
    return see_other(f"{PATH}?note=rota")


@signed_in
async def remove_shift(request: web.Request, db: AsyncSession, visit: Visit) -> web.StreamResponse:
    context = request.app[CONSOLE]
    result = await staff_admin.remove_shift(
        db,
        context.services,
        visit.staff,
        request.match_info["code"],
        int(request.match_info["slot_id"]),
    )
    if isinstance(result, Refused):
        return refused(request, visit, result)
    return see_other(f"{PATH}?note=rota")


def _int(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() else None


@signed_in
async def audit(request: web.Request, db: AsyncSession, visit: Visit) -> web.StreamResponse:
    context = request.app[CONSOLE]
    query = request.query
    staff_code = query.get("staff", "").strip().upper() or None
    case_id = _int(query.get("case", "").strip().lstrip("#"))
    action = query.get("action") if query.get("action") in audit_page.ACTIONS else None
    offset = _int(query.get("offset")) or 0
    found = await audit_page.audit_page(
        db,
        context.services,
        visit.staff,
        staff_code=staff_code,
        case_id=case_id,
        action=action,
        limit=PAGE_SIZE,
        offset=offset,
    )
    if isinstance(found, Refused):
        return refused(request, visit, found)
    filters = {"staff": staff_code or "", "case": str(case_id or ""), "action": action or ""}
    return render(
        context.services,
        "console/audit.html",
        locale_of(context, visit),
        visit=visit,
        current="audit",
        back=request.path_qs,
        page=found,
        filters=filters,
        actions=audit_page.ACTIONS,
        query=urlencode({k: v for k, v in filters.items() if v}),
    )


def add_routes(app: web.Application) -> None:
    app.router.add_get(PATH, page)
    app.router.add_get(VIEW_PATH, view)
    app.router.add_post(PATH + "/cases/{case_id:\\d+}/reassign", reassign)
    app.router.add_post("/console/staff/{code}/duty", duty)
    app.router.add_post("/console/staff/{code}/rota", add_shift)
    app.router.add_post("/console/staff/{code}/rota/{slot_id:\\d+}/remove", remove_shift)
    app.router.add_get(AUDIT_PATH, audit)
