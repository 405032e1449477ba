"""The content editor and the simulator (editors and admins): the list of content files
with the changes waiting for approval, a file's text in the editor, one form that checks, saves or
publishes the text and runs it in the simulator, and a flow's revisions page (compare,
approve, roll back).

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
from bot.app.console import texts_content as TC
from bot.app.console.content_editor import Checked, Done, Source
from bot.app.console.reading import Reader, Refused
from bot.app.console.sessions import Visit
from bot.app.console.simulator import Profile, Run

PATH = "/console/content"
# Risk rules, instruments and services are named with a slash ("risk/suicide"). ONE
# would match a revisions page too, so it is added after them.
NAME = "{name:[a-z0-9_-]+(?:/[a-z0-9_-]+)?}"
ONE = PATH + "/" + NAME
REVISIONS = ONE + "/revisions"
ACTION = REVISIONS + "/{id:[0-9]+}/{action:approve|rollback|discard}"
# Which flow the simulator runs: the text in the editor, or the one the bot has loaded.
DRAFT, LOADED = "draft", "loaded"
# What the editor's text stands on, sent back with the form: the member's draft, another
# unpublished revision, or what is published.
OPENED_DRAFT, OPENED_OTHER = "draft", "other"


@signed_in
async def page(request: web.Request, db: AsyncSession, visit: Visit) -> web.StreamResponse:
    context = request.app[CONSOLE]
    tr = Reader(context.services, visit.staff)
    listed = await content_editor.contents(tr, db)
    if isinstance(listed, Refused):
        return refused(request, visit, listed)
    pending = await content_editor.waiting(tr, db)
    assert not isinstance(pending, Refused)  # the same members as `contents`
    return render(
        context.services,
        "console/content.html",
        locale_of(context, visit),
        visit=visit,
        current="content",
        back=PATH,
        groups=listed,
        pending=pending,
        authors=await content_editor.authors(tr, db, [item.revision for item in pending]),
    )


@signed_in
async def edit(request: web.Request, db: AsyncSession, visit: Visit) -> web.StreamResponse:
    context = request.app[CONSOLE]
    tr = Reader(context.services, visit.staff)
    name = request.match_info["name"]
    asked = request.query.get("revision", "")
    opened = await content_editor.source(tr, db, name, int(asked) if asked.isdigit() else None)
    if isinstance(opened, Refused):
        return refused(request, visit, opened)
    profile = simulator.profile_from(tr, {})
    return _page(request, visit, name, opened, None, None, profile, DRAFT)


@signed_in
async def check(request: web.Request, db: AsyncSession, visit: Visit) -> web.StreamResponse:
    """Check the text; with "Start" or a tap, run it (or the loaded flow) as well; with
    "Save draft" or "Publish", keep it as a revision too."""
    context = request.app[CONSOLE]
    tr = Reader(context.services, visit.staff)
    name = request.match_info["name"]
    posted = await request.post()
    text = str(posted.get("text", ""))
    checked = await content_editor.check_text(tr, db, name, text)
    if isinstance(checked, Refused):
        return refused(request, visit, checked)
    based = str(posted.get("base", ""))
    base_id = int(based) if based.isdigit() else None
    done: Done | Refused | None = None
    if posted.get("do") == "save":
        done = await content_editor.save(tr, db, name, text, base_id)
    elif posted.get("do") == "publish":
        published = await content_editor.publish(tr, db, name, text, base_id)
        if isinstance(published, Checked):
            checked = Checked(checked.flow, published.marks)
            done = Refused("invalid", tr(TC.NOT_PUBLISHED_NOTHING_KEPT))
        else:
            done = published
    kept = done.revision if isinstance(done, Done) else None
    # What the text stands on, as the page said when it was opened, until a save changes it.
    was = str(posted.get("opened", ""))
    if kept is not None:
        live_id = kept.id if kept.live else _live_id(posted)
        opened = Source(text, kept.id, draft=kept.state == "draft", live_id=live_id)
    else:
        opened = Source(
            text,
            base_id,
            draft=was == OPENED_DRAFT,
            other=was == OPENED_OTHER,
            live_id=_live_id(posted),
        )
    typed = {field: str(posted.get(field, "")) for field in (*simulator.CHOICES, "locale")}
    profile = simulator.profile_from(tr, typed)
    runs = DRAFT if posted.get("runs") != LOADED else LOADED
    run = None
    taps = _taps(posted)
    flow = checked.flow if runs == DRAFT else context.services.library.flows.get(name)
    if taps is not None and flow is not None and content_editor.is_flow(tr, name):
        run = simulator.simulate(tr, flow, profile, taps)
    return _page(request, visit, name, opened, checked, run, profile, runs, done)


def _live_id(posted: Posted) -> int | None:
    live = str(posted.get("live", ""))
    return int(live) if live.isdigit() else None


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
    opened: Source,
    checked: Checked | None,
    run: Run | None,
    profile: Profile,
    runs: str,
    done: Done | Refused | None = None,
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
        is_flow=content_editor.is_flow(Reader(context.services, visit.staff), name),
        text=opened.text,
        opened=opened,
        done=done,
        fragment=fragment,
        checked=checked,
        run=run,
        profile=profile,
        runs=runs,
        choices=simulator.CHOICES,
        content_locales=context.services.catalogs.locales,
        tapped=simulator.TYPED,
    )


@signed_in
async def history(request: web.Request, db: AsyncSession, visit: Visit) -> web.StreamResponse:
    """A flow's revisions, with the changes between two of them when asked (`a`, `b`)."""
    return await _history(request, db, visit, None)


@signed_in
async def act(request: web.Request, db: AsyncSession, visit: Visit) -> web.StreamResponse:
    """Approve a revision waiting for it, or roll back to an earlier one."""
    context = request.app[CONSOLE]
    tr = Reader(context.services, visit.staff)
    name, revision_id = request.match_info["name"], int(request.match_info["id"])
    action = request.match_info["action"]
    if action == "approve":
        done = await content_editor.approve(tr, db, name, revision_id)
    elif action == "discard":
        done = await content_editor.discard(tr, db, name, revision_id)
    else:
        done = await content_editor.rollback(tr, db, name, revision_id)
    # A refusal of the action itself (your own change, say) is said on the page.
    if isinstance(done, Refused) and (
        done.reason == "not-found" or content_editor.refusal(tr) is not None
    ):
        return refused(request, visit, done)
    return await _history(request, db, visit, done)


async def _history(
    request: web.Request, db: AsyncSession, visit: Visit, done: Done | Refused | None
) -> web.StreamResponse:
    context = request.app[CONSOLE]
    tr = Reader(context.services, visit.staff)
    name = request.match_info["name"]
    listed = await content_editor.history(tr, db, name)
    if isinstance(listed, Refused):
        return refused(request, visit, listed)
    first, second = request.query.get("a", ""), request.query.get("b", "")
    changes = None
    if first.isdigit() and second.isdigit():
        changes = await content_editor.compare(tr, db, name, int(first), int(second))
        if isinstance(changes, Refused):
            return refused(request, visit, changes)
    return render(
        context.services,
        "console/content_revisions.html",
        locale_of(context, visit),
        visit=visit,
        current="content",
        back=request.path,
        name=name,
        is_flow=content_editor.is_flow(tr, name),
        listed=listed,
        authors=await content_editor.authors(tr, db, [item.revision for item in listed]),
        done=done,
        changes=changes,
        first=int(first) if first.isdigit() else None,
        second=int(second) if second.isdigit() else None,
    )


@signed_in
async def confirm(request: web.Request, db: AsyncSession, visit: Visit) -> web.StreamResponse:
    """What a rollback would put live for everyone, to confirm before it does."""
    context = request.app[CONSOLE]
    tr = Reader(context.services, visit.staff)
    name, revision_id = request.match_info["name"], int(request.match_info["id"])
    shown = await content_editor.going_live(tr, db, name, revision_id)
    if isinstance(shown, Refused):
        return refused(request, visit, shown)
    return render(
        context.services,
        "console/content_rollback.html",
        locale_of(context, visit),
        visit=visit,
        current="content",
        back=request.path,
        name=name,
        shown=shown,
    )


def add_routes(app: web.Application) -> None:
    app.router.add_get(PATH, page)
    app.router.add_get(REVISIONS, history)
    app.router.add_post(ACTION, act)
    app.router.add_get(REVISIONS + "/{id:[0-9]+}/rollback", confirm)
    app.router.add_get(ONE, edit)
    app.router.add_post(ONE, check)
