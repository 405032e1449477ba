"""A refused page or action on the supervising and admin pages, as a page that says why
with the status its reason calls for."""

from __future__ import annotations

from aiohttp import web

from admin.console.context import CONSOLE
from admin.console.guard import locale_of
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
