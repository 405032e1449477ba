"""The case page's forms: claim, reply, note, transfer, resolve, reopen and refer. Each
calls one use case and comes back to the case with what it did (Post/Redirect/Get); a
refusal is the page of a colleague's or a missing case, or a sentence saying why."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from admin.console.context import CONSOLE
from admin.console.guard import locale_of, see_other, signed_in
from admin.console.pages import render
from bot.app.console import actions, case_referrals
from bot.app.console import texts as T
from bot.app.console.reading import Refused
from bot.app.console.sessions import Visit

PATH = "/console/cases/{case_id:\\d+}"


def case_id(request: web.Request) -> int:
    return int(request.match_info["case_id"])


def refusal(request: web.Request, visit: Visit, refused: Refused) -> web.Response:
    """A colleague's case and a missing one as their pages, whatever was asked of them
    (they say nothing about the case); anything else as the sentence why, with 409."""
    context = request.app[CONSOLE]
    locale = locale_of(context, visit)
    if refused.reason in ("forbidden", "not-found"):
        forbidden = refused.reason == "forbidden"
        template = "console/forbidden.html" if forbidden else "console/missing.html"
        status = 403 if forbidden else 404
        return render(context.services, template, locale, visit=visit, status=status)
    return render(
        context.services,
        "console/message.html",
        locale,
        visit=visit,
        status=409,
        title=T.NOT_DONE,
        text=refused.message,
    )


def _after(request: web.Request, visit: Visit, result: actions.Result, note: str) -> web.Response:
    if isinstance(result, Refused):
        return refusal(request, visit, result)
    return see_other(f"/console/cases/{result.case_id}?note={note}")


async def _field(request: web.Request, name: str) -> str:
    return str((await request.post()).get(name, ""))


Form = Callable[[web.Request, AsyncSession, Visit], Awaitable[tuple[actions.Result, str]]]


def _form(do: Form) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    """A form route: signed in, CSRF checked, one transaction, then back to the case."""

    @signed_in
    async def route(request: web.Request, db: AsyncSession, visit: Visit) -> web.StreamResponse:
        result, note = await do(request, db, visit)
        return _after(request, visit, result, note)

    return route


async def _claim(
    request: web.Request, db: AsyncSession, visit: Visit
) -> tuple[actions.Result, str]:
    services = request.app[CONSOLE].services
    return await actions.claim(db, services, visit.staff, case_id(request)), "claimed"


async def _reply(
    request: web.Request, db: AsyncSession, visit: Visit
) -> tuple[actions.Result, str]:
    services = request.app[CONSOLE].services
    text = await _field(request, "text")
    return await actions.reply(db, services, visit.staff, case_id(request), text), "sent"


async def _note(request: web.Request, db: AsyncSession, visit: Visit) -> tuple[actions.Result, str]:
    services = request.app[CONSOLE].services
    text = await _field(request, "text")
    return await actions.note(db, services, visit.staff, case_id(request), text), "noted"


async def _transfer(
    request: web.Request, db: AsyncSession, visit: Visit
) -> tuple[actions.Result, str]:
    services = request.app[CONSOLE].services
    # An empty choice is "back to the queue".
    to = await _field(request, "to") or None
    result = await actions.transfer(db, services, visit.staff, case_id(request), to)
    return result, "transferred" if to else "queued"


async def _resolve(
    request: web.Request, db: AsyncSession, visit: Visit
) -> tuple[actions.Result, str]:
    services = request.app[CONSOLE].services
    outcome = await _field(request, "outcome")
    return await actions.resolve(db, services, visit.staff, case_id(request), outcome), "resolved"


async def _reopen(
    request: web.Request, db: AsyncSession, visit: Visit
) -> tuple[actions.Result, str]:
    services = request.app[CONSOLE].services
    return await actions.reopen(db, services, visit.staff, case_id(request)), "reopened"


async def _refer(
    request: web.Request, db: AsyncSession, visit: Visit
) -> tuple[actions.Result, str]:
    app = request.app[CONSOLE].app
    service = await _field(request, "service")
    # A service id that is no number is no service in the directory either.
    service_id = int(service) if service.isdigit() else 0
    result = await case_referrals.send(db, app, visit.staff, case_id(request), service_id)
    return result, "referred"


FORMS: dict[str, Form] = {
    "claim": _claim,
    "reply": _reply,
    "note": _note,
    "transfer": _transfer,
    "resolve": _resolve,
    "reopen": _reopen,
    "refer": _refer,
}


def add_routes(app: web.Application) -> None:
    for name, do in FORMS.items():
        app.router.add_post(f"{PATH}/{name}", _form(do))
