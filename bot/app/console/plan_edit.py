"""Saving a person's plan from the console: the form read (`plan_form`), then the plan's
own use cases (`bot.app.plans`), which check the member may, audit, and move the person's
schedules."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import plans
from bot.app.console import person_page, words
from bot.app.console.access import supervises
from bot.app.console.plan_form import Invalid, PlanForm, read
from bot.app.console.reading import Reader, Refused
from bot.app.context import App
from bot.storage.models import Participant, Staff


@dataclass(frozen=True)
class Saved:
    code: str


async def save(
    db: AsyncSession, app: App, staff: Staff, code: str, form: PlanForm
) -> Saved | Invalid | Refused:
    tr = Reader(app.services, staff)
    person = await db.scalar(select(Participant).where(Participant.code == code.strip().upper()))
    if person is None and supervises(staff):
        return tr.refuse("not-found", words.REFUSED_NO_PERSON)
    # As the page itself: a counsellor learns nothing of a code that is not theirs.
    if person is None or not plans.may_care_for(staff, person):
        return tr.refuse("forbidden", words.REFUSED_PERSON)
    offered = person_page.checkin_flows(app, tr.locale)
    modules = person_page.modules(app, tr.locale)
    library = app.services.library
    flows = {c.value: library.recall_days(c.value) for c in offered}
    found = read(form, flows, {m.value for m in modules})
    if isinstance(found, Invalid):
        return found
    await plans.set_plan(
        db, app, staff, person, goals=found.goals, checkin=found.checkin, review_on=found.review_on
    )
    await plans.assign_modules(db, app, staff, person, found.modules)
    return Saved(person.code)
