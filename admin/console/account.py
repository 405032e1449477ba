"""The member's own session and language: sign out here or everywhere, pick a language."""

from __future__ import annotations

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from admin.console.context import CONSOLE
from admin.console.guard import SIGNED_OUT_PATH, clear_cookie, see_other, signed_in
from admin.console.pages import render
from bot.app.console import language, sessions
from bot.app.console import texts as T
from bot.app.console.sessions import Visit

QUEUE_PATH = "/console/"


async def signed_out_page(request: web.Request) -> web.StreamResponse:
    context = request.app[CONSOLE]
    # Whoever this is, their cookie no longer opens anything; it goes.
    response = render(
        context.services,
        "console/message.html",
        context.services.catalogs.default,
        title=T.SIGNED_OUT_TITLE,
        text=T.SIGNED_OUT,
    )
    clear_cookie(response)
    return response


@signed_in
async def sign_out(request: web.Request, db: AsyncSession, visit: Visit) -> web.StreamResponse:
    await sessions.sign_out(db, request.app[CONSOLE].services, visit)
    response = see_other(SIGNED_OUT_PATH)
    clear_cookie(response)
    return response


@signed_in
async def sign_out_everywhere(
    request: web.Request, db: AsyncSession, visit: Visit
) -> web.StreamResponse:
    await sessions.sign_out_everywhere(db, request.app[CONSOLE].services, visit)
    response = see_other(SIGNED_OUT_PATH)
    clear_cookie(response)
    return response


@signed_in
async def pick_language(request: web.Request, db: AsyncSession, visit: Visit) -> web.StreamResponse:
    form = await request.post()
    try:
        await language.pick(db, request.app[CONSOLE].services, visit.staff, str(form.get("locale")))
    except ValueError:
        return web.Response(status=400, text="unknown language")
    back = str(form.get("back", ""))
    # Only back to a console page: never to an address a form could carry elsewhere.
    return see_other(back if back.startswith("/console/") else QUEUE_PATH)


def add_routes(app: web.Application) -> None:
    app.router.add_get(SIGNED_OUT_PATH, signed_out_page)
    app.router.add_post("/console/signout", sign_out)
    app.router.add_post("/console/signout-everywhere", sign_out_everywhere)
    app.router.add_post("/console/language", pick_language)
