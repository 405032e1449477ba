"""The queue page, the fragment it polls for, and "Take the next case"."""

from __future__ import annotations

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from admin.console.content import PATH as CONTENT_PATH
from admin.console.context import CONSOLE
from admin.console.guard import locale_of, see_other, signed_in
from admin.console.pages import render
from bot.app.console import queue
from bot.app.console.sessions import Visit
from bot.escalation import staff as staff_members

PATH = "/console/"
ROWS_PATH = "/console/queue/rows"
TAKE_PATH = "/console/queue/take"
# How often the page asks for its rows again: a new critical case shows within this.
POLL_SECONDS = 5
# What a redirect back to the queue says happened (`?note=`).
NOTES = ("none",)


async def _shown(request: web.Request, visit: Visit) -> str | None:
    """The filter asked for; None when it is not one of this member's."""
    offered = queue.filters(visit.staff)
    shown = request.query.get("show", offered[0])
    return shown if shown in offered else None


@signed_in
async def page(request: web.Request, db: AsyncSession, visit: Visit) -> web.StreamResponse:
    if not staff_members.handles_cases(visit.staff):
        # Where signing in lands: an editor's work is the content, never the cases.
        return see_other(CONTENT_PATH)
    return await _render(request, db, visit, "console/queue.html")


@signed_in
async def rows(request: web.Request, db: AsyncSession, visit: Visit) -> web.StreamResponse:
    return await _render(request, db, visit, "console/queue_rows.html")


async def _render(
    request: web.Request, db: AsyncSession, visit: Visit, template: str
) -> web.StreamResponse:
    context = request.app[CONSOLE]
    locale = locale_of(context, visit)
    shown = await _shown(request, visit)
    if shown is None:
        return render(
            context.services,
            "console/forbidden.html",
            locale,
            visit=visit,
            status=403,
        )
    note = request.query.get("note")
    return render(
        context.services,
        template,
        locale,
        visit=visit,
        current="queue",
        back=request.path_qs,
        shown=shown,
        filters=queue.filters(visit.staff),
        rows=await queue.rows(db, context.services, visit.staff, shown),
        note=note if note in NOTES else None,
        rows_path=ROWS_PATH,
        poll_seconds=POLL_SECONDS,
    )


@signed_in
async def take_next(request: web.Request, db: AsyncSession, visit: Visit) -> web.StreamResponse:
    taken = await queue.take_next(db, request.app[CONSOLE].services, visit.staff)
    if taken is None:
        return see_other(f"{PATH}?note=none")
    return see_other(f"/console/cases/{taken.id}?note=claimed")


async def without_slash(request: web.Request) -> web.StreamResponse:
    """`/console`, as people type it."""
    return see_other(PATH)


def add_routes(app: web.Application) -> None:
    app.router.add_get(PATH.rstrip("/"), without_slash)
    app.router.add_get(PATH, page)
    app.router.add_get(ROWS_PATH, rows)
    app.router.add_post(TAKE_PATH, take_next)
