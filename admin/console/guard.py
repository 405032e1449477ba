"""Every console route but signing in runs through `signed_in`: it finds the member's
session again (re-reading the member, so a deactivated one is out at once), refuses a
change without the session's CSRF token, and runs the route in one transaction."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import wraps

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from admin.console.context import CONSOLE, ConsoleContext
from admin.console.pages import render
from bot.app.console import language, sessions
from bot.app.console import texts as T
from bot.app.console.sessions import Visit

COOKIE = "qadam_console"
COOKIE_PATH = "/console"
CSRF_FIELD = "csrf"
# Sent by htmx requests (see admin/static/console.js), which post no form of ours.
CSRF_HEADER = "X-CSRF-Token"
SIGNED_OUT_PATH = "/console/signed-out"

Route = Callable[[web.Request, AsyncSession, Visit], Awaitable[web.StreamResponse]]


def set_cookie(context: ConsoleContext, response: web.StreamResponse, secret: str) -> None:
    response.set_cookie(
        COOKIE,
        secret,
        path=COOKIE_PATH,
        httponly=True,
        samesite="Strict",
        secure=context.secure_cookies,
    )


def clear_cookie(response: web.StreamResponse) -> None:
    response.del_cookie(COOKIE, path=COOKIE_PATH)


def see_other(location: str) -> web.Response:
    """Where to go after a form: the browser asks for it with GET."""
    return web.Response(status=303, headers={"Location": location})


def signed_out(context: ConsoleContext, request: web.Request) -> web.StreamResponse:
    """Where a request without a live session ends: the page that says how to sign in
    again; a polling fragment is sent there whole (htmx follows `HX-Redirect`)."""
    if request.headers.get("HX-Request"):
        response: web.StreamResponse = web.Response(
            status=401, headers={"HX-Redirect": SIGNED_OUT_PATH}
        )
    else:
        response = see_other(SIGNED_OUT_PATH)
    clear_cookie(response)
    return response


def signed_in(route: Route) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    @wraps(route)
    async def handler(request: web.Request) -> web.StreamResponse:
        context = request.app[CONSOLE]
        async with context.sessionmaker() as db, db.begin():
            visit = await sessions.current(db, context.services, request.cookies.get(COOKIE, ""))
            if visit is None:
                return signed_out(context, request)
            if request.method == "POST" and not await _csrf_ok(context, request, visit):
                return render(
                    context.services,
                    "console/message.html",
                    locale_of(context, visit),
                    visit=visit,
                    status=403,
                    title=T.CSRF_TITLE,
                    text=T.CSRF,
                )
            return await route(request, db, visit)

    return handler


async def _csrf_ok(context: ConsoleContext, request: web.Request, visit: Visit) -> bool:
    token = request.headers.get(CSRF_HEADER) or str((await request.post()).get(CSRF_FIELD, ""))
    return sessions.csrf_matches(context.services, visit, token)


def locale_of(context: ConsoleContext, visit: Visit) -> str:
    return language.of(context.services, visit.staff)
