"""The staff web console: routes that turn a request into one use case of
`bot.app.console`, and the pages that show the result."""

from __future__ import annotations

from aiohttp import web

from admin.console import (
    account,
    cases,
    content,
    people,
    queue,
    refusals,
    services,
    signin,
    staff,
    supervise,
    translations,
)
from admin.console.context import CONSOLE, ConsoleContext


def add_console(app: web.Application, context: ConsoleContext) -> None:
    app[CONSOLE] = context
    modules = (signin, account, queue, cases, people, supervise, staff, services, content)
    for module in (*modules, translations, refusals):
        module.add_routes(app)
