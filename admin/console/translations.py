"""The translations page (editors and admins): every flow's status in every language, a
flow's texts in one language to review, and PO files to download and upload."""

from __future__ import annotations

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from admin.console.context import CONSOLE
from admin.console.guard import locale_of, signed_in
from admin.console.pages import render
from admin.console.refusals import refused
from bot.app.console import translations
from bot.app.console.content_editor import Done
from bot.app.console.reading import Reader, Refused
from bot.app.console.sessions import Visit
from bot.app.console.translations import Uploaded

PATH = "/console/translations"
LANGUAGE = "{locale:[a-z]{2,3}}"
PO = PATH + "/" + LANGUAGE + ".po"
IMPORT = PATH + "/import"
ONE = PATH + "/" + LANGUAGE + "/{name:[a-z0-9][a-z0-9-]*}"
REVIEWED = ONE + "/reviewed"


@signed_in
async def page(request: web.Request, db: AsyncSession, visit: Visit) -> web.StreamResponse:
    return await _overview(request, db, visit, None)


async def _overview(
    request: web.Request, db: AsyncSession, visit: Visit, uploaded: Uploaded | None
) -> web.StreamResponse:
    context = request.app[CONSOLE]
    tr = Reader(context.services, visit.staff)
    shown = await translations.overview(tr, db)
    if isinstance(shown, Refused):
        return refused(request, visit, shown)
    return render(
        context.services,
        "console/translations.html",
        locale_of(context, visit),
        visit=visit,
        current="translations",
        back=PATH,
        overview=shown,
        names={code: translations.language(tr, code) for code in shown.locales},
        uploaded=uploaded,
    )


@signed_in
async def one(request: web.Request, db: AsyncSession, visit: Visit) -> web.StreamResponse:
    return await _one(request, db, visit, None)


@signed_in
async def reviewed(request: web.Request, db: AsyncSession, visit: Visit) -> web.StreamResponse:
    """A member who speaks the language marks the flow's texts in it reviewed."""
    context = request.app[CONSOLE]
    tr = Reader(context.services, visit.staff)
    info = request.match_info
    done = await translations.mark_reviewed(tr, db, info["name"], info["locale"])
    if isinstance(done, Refused) and done.reason == "not-found":
        return refused(request, visit, done)
    return await _one(request, db, visit, done)


async def _one(
    request: web.Request, db: AsyncSession, visit: Visit, done: Done | Refused | None
) -> web.StreamResponse:
    context = request.app[CONSOLE]
    tr = Reader(context.services, visit.staff)
    info = request.match_info
    shown = await translations.texts(tr, db, info["name"], info["locale"])
    if isinstance(shown, Refused):
        return refused(request, visit, shown)
    return render(
        context.services,
        "console/translation.html",
        locale_of(context, visit),
        visit=visit,
        current="translations",
        back=request.path,
        shown=shown,
        names={code: translations.language(tr, code) for code in ("en", shown.reference) if code},
        done=done,
        status=403 if isinstance(done, Refused) and done.reason == "forbidden" else 200,
    )


@signed_in
async def download(request: web.Request, db: AsyncSession, visit: Visit) -> web.StreamResponse:
    context = request.app[CONSOLE]
    tr = Reader(context.services, visit.staff)
    locale = request.match_info["locale"]
    data = await translations.export_po(tr, db, locale)
    if isinstance(data, Refused):
        return refused(request, visit, data)
    return web.Response(
        body=data,
        content_type="text/x-gettext-translation",
        charset="utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="flows-{locale}.po"',
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


@signed_in
async def upload(request: web.Request, db: AsyncSession, visit: Visit) -> web.StreamResponse:
    """Check an uploaded PO file and, unless only checking, publish what it changes."""
    context = request.app[CONSOLE]
    tr = Reader(context.services, visit.staff)
    posted = await request.post()
    field = posted.get("po")
    data, filename = None, ""
    if isinstance(field, web.FileField):
        data, filename = field.file.read(), field.filename
    done = await translations.import_po(
        tr, db, data, filename, dry_run=posted.get("do") != "import"
    )
    if isinstance(done, Refused):
        return refused(request, visit, done)
    return await _overview(request, db, visit, done)


def add_routes(app: web.Application) -> None:
    app.router.add_get(PATH, page)
    app.router.add_get(PO, download)
    app.router.add_post(IMPORT, upload)
    app.router.add_get(ONE, one)
    app.router.add_post(REVIEWED, reviewed)
