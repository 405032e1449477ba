"""The console's aiohttp application.

`GET /health` is always there, and with a `console` context the staff console under
`/console/` (`admin.console`). With an emulator (the offline sandbox), `GET /` is the
chat page and the emulator's Bot API and control API share this app and its port, so
one URL serves both the bot (as TELEGRAM_API_URL) and the person testing it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path

import jinja2
from aiohttp import web

from admin.console import add_console
from admin.console.context import ConsoleContext
from bot.sandbox import BotApiEmulator
from bot.sandbox.control import PREFIX as CONTROL_API
from bot.spec.clock import Clock

CLOCK_API = "/sandbox/clock"
HealthCheck = Callable[[], Awaitable[dict[str, object]]]

_HERE = Path(__file__).parent
_PAGES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(_HERE / "templates"),
    autoescape=jinja2.select_autoescape(["html"]),
    undefined=jinja2.StrictUndefined,
)
# The page loads only its own script and style; even if some text slipped through
# as markup, the browser would refuse inline script.
_PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def build_console_app(
    *,
    health: HealthCheck,
    emulator: BotApiEmulator | None = None,
    clock: Clock | None = None,
    console: ConsoleContext | None = None,
) -> web.Application:
    app = web.Application()

    async def health_check(request: web.Request) -> web.Response:
        report = await health()
        return web.json_response(report, status=200 if report.get("ok") else 503)

    app.router.add_get("/health", health_check)
    app.router.add_static("/static/", _HERE / "static")
    if console is not None:
        add_console(app, console)
    if emulator is not None:
        _add_sandbox(app, emulator, clock)
    return app


def _add_clock(app: web.Application, clock: Clock) -> None:
    """Move the bot's time forward to see scheduled check-ins arrive (the sandbox only)."""

    async def show(request: web.Request) -> web.Response:
        return web.json_response({"now": clock.now().isoformat()})

    async def advance(request: web.Request) -> web.Response:
        try:
            body = await request.json()
            minutes = float(body["minutes"])
            clock.advance(timedelta(minutes=minutes))
        except (ValueError, KeyError, TypeError) as exc:
            return web.json_response(
                {"ok": False, "error": f'send {{"minutes": N}} with N >= 0 ({exc})'}, status=400
            )
        return web.json_response({"ok": True, "now": clock.now().isoformat()})

    app.router.add_get(CLOCK_API, show)
    app.router.add_post(CLOCK_API, advance)


def _add_sandbox(app: web.Application, emulator: BotApiEmulator, clock: Clock | None) -> None:
    async def chat_page(request: web.Request) -> web.Response:
        html = _PAGES.get_template("sandbox.html").render(
            bot_name=emulator.world.bot.first_name,
            bot_username=emulator.world.bot.username,
            control_api=CONTROL_API,
            clock_api=CLOCK_API if clock is not None else "",
        )
        return web.Response(
            text=html,
            content_type="text/html",
            headers={"Content-Security-Policy": _PAGE_POLICY, "X-Content-Type-Options": "nosniff"},
        )

    app.router.add_get("/", chat_page)
    emulator.add_routes(app)
    if clock is not None:
        _add_clock(app, clock)
