"""A case's page, as far as the queue needs it, with Claim and Resolve."""

from __future__ import annotations

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from admin.console.context import CONSOLE
from admin.console.guard import locale_of, see_other, signed_in
from admin.console.pages import render
from bot.app.console import case_page
from bot.app.console.errors import CaseMissing, CaseRefused
from bot.app.console.sessions import Visit

PATH = "/console/cases/{case_id:\\d+}"
# What a redirect back to the case says happened (`?note=`).
NOTES = ("claimed", "taken", "resolved")


def _refusal(request: web.Request, visit: Visit, error: Exception) -> web.Response:
    context = request.app[CONSOLE]
    template = (
        "console/forbidden.html" if isinstance(error, CaseRefused) else "console/missing.html"
    )
    status = 403 if isinstance(error, CaseRefused) else 404
    return render(context.services, template, locale_of(context, visit), visit=visit, status=status)


def _case_id(request: web.Request) -> int:
    return int(request.match_info["case_id"])


@signed_in
async def show(request: web.Request, db: AsyncSession, visit: Visit) -> web.StreamResponse:
    context = request.app[CONSOLE]
    locale = locale_of(context, visit)
    try:
        case = await case_page.show(db, context.services, visit.staff, _case_id(request), locale)
    except (CaseMissing, CaseRefused) as error:
        return _refusal(request, visit, error)
    note = request.query.get("note")
    return render(
        context.services,
        "console/case.html",
        locale,
        visit=visit,
        current="case",
        back=request.path,
        case=case,
        note=note if note in NOTES else None,
    )


@signed_in
async def claim(request: web.Request, db: AsyncSession, visit: Visit) -> web.StreamResponse:
    case_id = _case_id(request)
    try:
        claimed = await case_page.claim(db, request.app[CONSOLE].services, visit.staff, case_id)
    except (CaseMissing, CaseRefused) as error:
        return _refusal(request, visit, error)
    return see_other(f"/console/cases/{case_id}?note={'claimed' if claimed else 'taken'}")


@signed_in
async def resolve(request: web.Request, db: AsyncSession, visit: Visit) -> web.StreamResponse:
    case_id = _case_id(request)
    try:
        await case_page.resolve(db, request.app[CONSOLE].services, visit.staff, case_id)
    except (CaseMissing, CaseRefused) as error:
        return _refusal(request, visit, error)
    return see_other(f"/console/cases/{case_id}?note=resolved")


def add_routes(app: web.Application) -> None:
    app.router.add_get(PATH, show)
    app.router.add_post(PATH + "/claim", claim)
    app.router.add_post(PATH + "/resolve", resolve)
