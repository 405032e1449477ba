"""A case's page (`case_view`): the summary, the conversation and timeline (a fragment the
page polls for), the charts, the forms it allows and the referrals. The forms are in
`case_forms`."""

from __future__ import annotations

from datetime import timedelta

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from admin.charts import line_chart
from admin.console import case_forms
from admin.console.context import CONSOLE
from admin.console.guard import locale_of, signed_in
from admin.console.pages import render
from bot.app.console import case_referrals, colleagues, words
from bot.app.console import texts as T
from bot.app.console import texts_case as C
from bot.app.console.case_view import case_view
from bot.app.console.reading import Reader, Refused
from bot.app.console.sessions import Visit
from bot.escalation import cases
from bot.i18n import texts as bot_texts

PATH = case_forms.PATH
LIVE_PATH = PATH + "/live"
# How often the page asks for the conversation again: a person's answer shows within this.
POLL_SECONDS = 5
# What a redirect back to the case says happened (`?note=`): its sentence.
NOTES = {
    "claimed": T.CLAIMED,  # also where "Take the next case" leads
    "sent": words.DONE_SENT,
    "noted": words.DONE_NOTED,
    "transferred": C.DONE_TRANSFERRED,
    "queued": words.DONE_QUEUED,
    "resolved": T.RESOLVED,
    "reopened": words.DONE_REOPENED,
    "referred": C.DONE_REFERRED,
}


@signed_in
async def show(request: web.Request, db: AsyncSession, visit: Visit) -> web.StreamResponse:
    context = request.app[CONSOLE]
    services = context.services
    case_id = case_forms.case_id(request)
    view = await case_view(db, services, visit.staff, case_id, services.clock())
    if isinstance(view, Refused):
        return case_forms.refusal(request, visit, view)
    tr = Reader(services, visit.staff)
    allowed = view.actions
    return render(
        services,
        "console/case.html",
        locale_of(context, visit),
        visit=visit,
        current="case",
        back=request.path,
        view=view,
        case=view.case,
        charts=[(series, line_chart(series, tr)) for series in view.charts],
        colleagues=await colleagues.who_may_take(db, tr, case_id) if "transfer" in allowed else (),
        referrals=await case_referrals.section(db, tr, case_id),
        outcomes=cases.OUTCOMES,
        outcome_words=bot_texts.CASE_OUTCOMES,
        note=NOTES.get(request.query.get("note", "")),
        C=C,
        # The deadline's countdown, as `duration` words it.
        left=timedelta(minutes=view.case.deadline.minutes_left) if view.case.deadline else None,
        live_path=f"/console/cases/{case_id}/live",
        poll_seconds=POLL_SECONDS,
    )


@signed_in
async def live(request: web.Request, db: AsyncSession, visit: Visit) -> web.StreamResponse:
    """The conversation and timeline alone, for the page to poll. Each poll shows the
    conversation again, so each is audited as a view, as `case_view` does."""
    context = request.app[CONSOLE]
    services = context.services
    view = await case_view(db, services, visit.staff, case_forms.case_id(request), services.clock())
    if isinstance(view, Refused):
        return case_forms.refusal(request, visit, view)
    return render(
        services,
        "console/case_live.html",
        locale_of(context, visit),
        visit=visit,
        relay=view.relay,
        timeline=view.timeline,
    )


def add_routes(app: web.Application) -> None:
    app.router.add_get(PATH, show)
    app.router.add_get(LIVE_PATH, live)
    case_forms.add_routes(app)
