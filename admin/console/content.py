"""The content editor and the simulator (editors and admins): the list of flows, a flow's
text in the editor, and one form that checks the text and runs it in the simulator.

Without JavaScript the form posts and the whole page comes back with the text as typed;
with htmx only the results below the editor are replaced, so the editor keeps its place.
"""

from __future__ import annotations

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from admin.console.context import CONSOLE
from admin.console.guard import locale_of, signed_in
from admin.console.pages import render
from admin.console.refusals import refused
from admin.console.services import Posted
from bot.app.console import content_editor, simulator
from bot.app.console.content_editor import Checked
from bot.app.console.reading import Reader, Refused
from bot.app.console.sessions import Visit
from bot.app.console.simulator import Profile, Run

PATH = "/console/content"
ONE = PATH + "/{name}"
# Which flow the simulator runs: the text in the editor, or the one the bot has loaded.
DRAFT, LOADED = "draft", "loaded"


@signed_in
async def page(request: web.Request, db: AsyncSession, visit: Visit) -> web.StreamResponse:
    context = request.app[CONSOLE]
    listed = content_editor.flows(Reader(context.services, visit.staff))
    if isinstance(listed, Refused):
        return refused(request, visit, listed)
    return render(
        context.services,
        "console/content.html",
        locale_of(context, visit),
        visit=visit,
        current="content",
        back=PATH,
        flows=listed,
    )


@signed_in
async def edit(request: web.Request, db: AsyncSession, visit: Visit) -> web.StreamResponse:
    context = request.app[CONSOLE]
    tr = Reader(context.services, visit.staff)
    name = request.match_info["name"]
    text = content_editor.source(tr, context.flow_files, name)
    if isinstance(text, Refused):
        return refused(request, visit, text)
    profile = simulator.profile_from(tr, {})
    return _page(request, visit, name, text, None, None, profile, DRAFT)


@signed_in
async def check(request: web.Request, db: AsyncSession, visit: Visit) -> web.StreamResponse:
    """Check the text; with "Start" or a tap, run it (or the loaded flow) as well."""
    context = request.app[CONSOLE]
    tr = Reader(context.services, visit.staff)
    name = request.match_info["name"]
    posted = await request.post()
    text = str(posted.get("text", ""))
    checked = content_editor.check_draft(tr, name, text)
    if isinstance(checked, Refused):
        return refused(request, visit, checked)
    typed = {field: str(posted.get(field, "")) for field in (*simulator.CHOICES, "locale")}
    profile = simulator.profile_from(tr, typed)
    runs = DRAFT if posted.get("runs") != LOADED else LOADED
    run = None
    taps = _taps(posted)
    flow = checked.flow if runs == DRAFT else context.services.library.flows[name]
    if taps is not None and flow is not None:
        run = simulator.simulate(tr, flow, profile, taps)
    return _page(request, visit, name, text, checked, run, profile, runs)


def _taps(posted: Posted) -> list[str] | None:
    """Every tap so far, then the one just made; none when the simulator starts again, and
    None when it is not running. A run goes on through Check, on the text as it is now.
    Enter in the answer field sends the form with its first button, Check: what was typed
    is still the answer."""
    if posted.get("do") == "start":
        return []
    taps = [str(tap) for tap in posted.getall("taken", [])]
    tap, typed = str(posted.get("tap", "")), str(posted.get("typed", ""))
    if tap == simulator.TYPED or (typed and not tap):
        taps.append(simulator.TYPED + typed)
    elif tap:
        taps.append(tap)
    return taps or None


def _page(
    request: web.Request,
    visit: Visit,
    name: str,
    text: str,
    checked: Checked | None,
    run: Run | None,
    profile: Profile,
    runs: str,
) -> web.Response:
    context = request.app[CONSOLE]
    fragment = request.headers.get("HX-Request") == "true"
    return render(
        context.services,
        "console/content_results.html" if fragment else "console/content_edit.html",
        locale_of(context, visit),
        visit=visit,
        current="content",
        back=request.path,
        name=name,
        text=text,
        checked=checked,
        run=run,
        profile=profile,
        runs=runs,
        choices=simulator.CHOICES,
        content_locales=context.services.catalogs.locales,
        tapped=simulator.TYPED,
    )


def add_routes(app: web.Application) -> None:
    app.router.add_get(PATH, page)
    app.router.add_get(ONE, edit)
    app.router.add_post(ONE, check)
