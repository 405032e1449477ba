"""A case's page, as far as the queue needs it, with Claim and Resolve (`actions`, the
case page's own use cases)."""

from __future__ import annotations

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from admin.console.context import CONSOLE
from admin.console.guard import locale_of, see_other, signed_in
from admin.console.pages import render
from bot.app.console import actions, case_page, words
from bot.app.console import texts as T
from bot.app.console.errors import CaseMissing, CaseRefused
from bot.app.console.sessions import Visit
from bot.escalation import cases

PATH = "/console/cases/{case_id:\\d+}"
# What a redirect back to the case says happened (`?note=`).
NOTES = ("claimed", "resolved")


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
        outcomes=cases.OUTCOMES,
        outcome_words=words.OUTCOMES,
        note=note if note in NOTES else None,
    )


async def _after(
    request: web.Request, visit: Visit, result: actions.Result, note: str
) -> web.StreamResponse:
    """Back to the case with what was done; a refusal with its reason, in the member's
    words: a colleague's or a missing case as its page, anything else (taken first,
    resolved already) as a sentence."""
    if isinstance(result, actions.Done):
        return see_other(f"/console/cases/{result.case_id}?note={note}")
    if result.reason == "forbidden":
        return _refusal(request, visit, CaseRefused())
    if result.reason == "not-found":
        return _refusal(request, visit, CaseMissing())
    context = request.app[CONSOLE]
    return render(
        context.services,
        "console/message.html",
        locale_of(context, visit),
        visit=visit,
        status=409,
        title=T.NOT_DONE,
        text=result.message,
    )


@signed_in
async def claim(request: web.Request, db: AsyncSession, visit: Visit) -> web.StreamResponse:
    services = request.app[CONSOLE].services
    result = await actions.claim(db, services, visit.staff, _case_id(request))
    return await _after(request, visit, result, "claimed")


@signed_in
async def resolve(request: web.Request, db: AsyncSession, visit: Visit) -> web.StreamResponse:
    services = request.app[CONSOLE].services
    outcome = str((await request.post()).get("outcome", ""))
    result = await actions.resolve(db, services, visit.staff, _case_id(request), outcome)
    return await _after(request, visit, result, "resolved")


def add_routes(app: web.Application) -> None:
    app.router.add_get(PATH, show)
    app.router.add_post(PATH + "/claim", claim)
    app.router.add_post(PATH + "/resolve", resolve)
