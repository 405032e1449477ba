"""A person's page by code, the search that leads there, and saving their plan
(Post/Redirect/Get: a saved plan comes back with `?note=saved`, a form with a mistake is
shown again as typed, with what to change beside each field)."""

from __future__ import annotations

import re
from urllib.parse import quote

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from admin.charts import line_chart
from admin.console.context import CONSOLE, ConsoleContext
from admin.console.guard import locale_of, see_other, signed_in
from admin.console.pages import render
from bot.app.console import person_page, plan_edit, plan_form
from bot.app.console.person_page import PersonPage
from bot.app.console.plan_form import Invalid, PlanForm
from bot.app.console.reading import Refused
from bot.app.console.sessions import Visit

PATH = "/console/people"
# What a short code may look like in an address; anything else is nobody's.
CODE = re.compile(r"[A-Za-z0-9-]{1,16}")


@signed_in
async def find(request: web.Request, db: AsyncSession, visit: Visit) -> web.StreamResponse:
    """The "find a person" form's GET: straight to their page, which decides what to show."""
    code = request.query.get("code", "").strip().upper()
    if not CODE.fullmatch(code):
        return see_other("/console/")
    return see_other(f"{PATH}/{quote(code)}")


@signed_in
async def show(request: web.Request, db: AsyncSession, visit: Visit) -> web.StreamResponse:
    context = request.app[CONSOLE]
    now = context.services.clock()
    page = await person_page.show(db, context.app, visit.staff, request.match_info["code"], now)
    if isinstance(page, Refused):
        return _refusal(request, visit, page)
    form = plan_form.of_plan(page.plan, page.today)
    saved = request.query.get("note") == "saved"
    return _page(request, visit, page, form, errors={}, saved=saved)


@signed_in
async def save(request: web.Request, db: AsyncSession, visit: Visit) -> web.StreamResponse:
    context = request.app[CONSOLE]
    app = context.app
    code = request.match_info["code"]
    posted = await request.post()
    data = {name: str(value) for name, value in posted.items() if name != "module"}
    form = plan_form.of_post(data, tuple(str(value) for value in posted.getall("module", [])))
    result = await plan_edit.save(db, app, visit.staff, code, form)
    if isinstance(result, Refused):
        return _refusal(request, visit, result)
    if isinstance(result, plan_edit.Saved):
        return see_other(f"{PATH}/{quote(result.code)}?note=saved#plan")
    page = await person_page.show(db, app, visit.staff, code, context.services.clock())
    if isinstance(page, Refused):
        return _refusal(request, visit, page)
    return _page(
        request, visit, page, form, errors=_words(context, visit, result), saved=False, status=400
    )


def _words(context: ConsoleContext, visit: Visit, invalid: Invalid) -> dict[str, str]:
    locale = locale_of(context, visit)
    return {
        name: context.services.catalogs.gettext(locale, message) % values
        for name, (message, values) in invalid.errors.items()
    }


def _page(
    request: web.Request,
    visit: Visit,
    page: PersonPage,
    form: PlanForm,
    *,
    errors: dict[str, str],
    saved: bool,
    status: int = 200,
) -> web.Response:
    context = request.app[CONSOLE]
    locale = locale_of(context, visit)

    def t(message: str) -> str:
        return context.services.catalogs.gettext(locale, message)

    charts = [(series, line_chart(series, t)) for series in page.view.charts]
    return render(
        context.services,
        "console/person.html",
        locale,
        visit=visit,
        status=status,
        current="person",
        back=f"{PATH}/{quote(page.code)}",
        page=page,
        charts=charts,
        form=form,
        errors=errors,
        saved=saved,
        units=(plan_form.WEEKS, plan_form.DAYS),
    )


def _refusal(request: web.Request, visit: Visit, refused: Refused) -> web.Response:
    context = request.app[CONSOLE]
    missing = refused.reason == "not-found"
    return render(
        context.services,
        "console/missing.html" if missing else "console/forbidden.html",
        locale_of(context, visit),
        visit=visit,
        status=404 if missing else 403,
    )


def add_routes(app: web.Application) -> None:
    app.router.add_get(PATH, find)
    app.router.add_get(PATH + "/{code}", show)
    app.router.add_post(PATH + "/{code}/plan", save)
