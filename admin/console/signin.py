"""Signing in from a one-time link: GET shows a button, POST signs in.

The POST carries a token that the GET set in a cookie of its own (double submit), so no
other site can sign a browser in as someone else with a link of theirs.
"""

from __future__ import annotations

import hmac
import secrets

from aiohttp import web

from admin.console.context import CONSOLE, ConsoleContext
from admin.console.guard import COOKIE_PATH, CSRF_FIELD, see_other, set_cookie
from admin.console.pages import render
from bot.app.console import signin
from bot.app.console import texts as T

PRE_COOKIE = "qadam_console_signin"
QUEUE_PATH = "/console/"


def _locale(context: ConsoleContext) -> str:
    # Nobody is known yet: the first enabled language, as the bot's menus default to.
    return context.services.catalogs.default


def _refused(context: ConsoleContext, status: int = 410) -> web.Response:
    return render(
        context.services,
        "console/message.html",
        _locale(context),
        status=status,
        title=T.SIGNIN_REFUSED,
        text=T.SIGNIN_AGAIN,
    )


def _slow_down(context: ConsoleContext) -> web.Response:
    return render(
        context.services,
        "console/message.html",
        _locale(context),
        status=429,
        title=T.SIGNIN_REFUSED,
        text=T.SIGNIN_SLOW_DOWN,
    )


def _client(request: web.Request) -> str:
    return request.remote or "?"


async def confirm(request: web.Request) -> web.StreamResponse:
    context = request.app[CONSOLE]
    if not context.signin_limits.allow(_client(request)):
        return _slow_down(context)
    async with context.sessionmaker() as db:
        usable = await signin.check(db, context.services, request.match_info["secret"])
    if not usable:
        return _refused(context)
    token = secrets.token_urlsafe(24)
    response = render(context.services, "console/signin.html", _locale(context), csrf=token)
    response.set_cookie(
        PRE_COOKIE,
        token,
        path=COOKIE_PATH,
        httponly=True,
        samesite="Strict",
        secure=context.secure_cookies,
        max_age=int(signin.VALID_FOR.total_seconds()),
    )
    return response


async def sign_in(request: web.Request) -> web.StreamResponse:
    context = request.app[CONSOLE]
    if not context.signin_limits.allow(_client(request)):
        return _slow_down(context)
    form = await request.post()
    expected = request.cookies.get(PRE_COOKIE, "")
    if not expected or not hmac.compare_digest(expected, str(form.get(CSRF_FIELD, ""))):
        return _refused(context, status=403)
    async with context.sessionmaker() as db, db.begin():
        signed = await signin.redeem(db, context.services, request.match_info["secret"])
        if signed is None:
            return _refused(context)
        response = see_other(QUEUE_PATH)
        set_cookie(context, response, signed.secret)
        response.del_cookie(PRE_COOKIE, path=COOKIE_PATH)
    return response


def add_routes(app: web.Application) -> None:
    app.router.add_get(signin.PATH + "{secret}", confirm)
    app.router.add_post(signin.PATH + "{secret}", sign_in)
