"""A refused page or action on the supervising and admin pages, as a page that says why
with the status its reason calls for."""

from __future__ import annotations

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from admin.console.context import CONSOLE
from admin.console.guard import locale_of, signed_in
from admin.console.pages import render
from bot.app.console import texts as T
from bot.app.console.reading import Refused
from bot.app.console.sessions import Visit

STATUS = {"forbidden": 403, "not-found": 404, "invalid": 400, "conflict": 409}


def refused(request: web.Request, visit: Visit, refusal: Refused) -> web.Response:
    context = request.app[CONSOLE]
    forbidden = refusal.reason == "forbidden"
    return render(
        context.services,
        "console/message.html",
        locale_of(context, visit),
        visit=visit,
        status=STATUS.get(refusal.reason, 400),
        title=T.FORBIDDEN_TITLE if forbidden else T.NOT_DONE,
        # Already in the member's language; `t` passes it through unchanged.
        text=refusal.message,
    )


@signed_in
async def no_such_page(request: web.Request, db: AsyncSession, visit: Visit) -> web.StreamResponse:
    """Any other console address: the console's own page, with its menu, not aiohttp's bare
    text."""
    context = request.app[CONSOLE]
    return render(
        context.services, "console/missing.html", locale_of(context, visit), visit=visit, status=404
    )


def add_routes(app: web.Application) -> None:
    """Added last: every route of the console matches before this one."""
    app.router.add_route("*", "/console/{tail:.*}", no_such_page)
