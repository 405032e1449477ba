"""Individual plans: a counsellor sets one (the console calls these), the person reads it
with /plan, and the counsellor is reminded when its review date comes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

import structlog
from babel.dates import format_date
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.context import App
from bot.domain import participants
from bot.domain.messaging import send_text, split_for_telegram
from bot.domain.services import Services
from bot.engine.texts import resolve
from bot.escalation import cases
from bot.escalation import staff as staff_members
from bot.i18n import texts
from bot.library import screen as library
from bot.scheduling import individual
from bot.scheduling import plans as routine
from bot.scheduling.individual import Checkin, PlanView
from bot.storage.models import CarePlan, Participant, Staff

log = structlog.get_logger()


class NotAllowed(PermissionError):
    """The staff member may not change this person's plan or refer them."""


def may_care_for(member: Staff, participant: Participant) -> bool:
    """Supervisors and admins for anyone; a counsellor for the people they counsel."""
    if not staff_members.active(member):
        return False
    return staff_members.supervises(member) or participant.counsellor_id == member.id


def _allowed(member: Staff, participant: Participant) -> None:
    if not may_care_for(member, participant):
        raise NotAllowed(f"{member.code} may not change this person's plan")


async def read(db: AsyncSession, app: App, participant: Participant) -> PlanView | None:
    """The person's plan as the console shows it; None when they have none."""
    plan = await individual.of(db, participant.id)
    return await individual.view(db, app.services, plan) if plan is not None else None


async def set_plan(
    db: AsyncSession,
    app: App,
    member: Staff,
    participant: Participant,
    *,
    goals: str | None,
    checkin: Checkin | None,
    review_on: date | None,
) -> CarePlan:
    """Write the plan's goals, check-in and review date; the person's schedules follow at
    once (a `plan` check-in on the agreed cadence, ending with the agreed weeks)."""
    _allowed(member, participant)
    services = app.services
    individual.check(services, goals, checkin)
    now = services.clock()
    plan = await individual.obtain(db, participant, now)
    individual.set_goals(services, plan, goals)
    individual.set_checkin(plan, checkin)
    individual.set_review(plan, review_on)
    await _touched(db, plan, member, "plan_set", now)
    await routine.sync(db, services.library, participant, now)
    return plan


async def assign_modules(
    db: AsyncSession, app: App, member: Staff, participant: Participant, flows: Sequence[str]
) -> CarePlan:
    """The self-help modules the person finds under /plan, in this order."""
    _allowed(member, participant)
    individual.check_modules(app.services, flows)
    now = app.services.clock()
    plan = await individual.obtain(db, participant, now)
    await individual.set_modules(db, plan, flows)
    await _touched(db, plan, member, "plan_modules", now)
    return plan


async def _touched(
    db: AsyncSession, plan: CarePlan, member: Staff, action: str, now: datetime
) -> None:
    """Stamp and audit a change. The audit row names the plan, never its words, and joins
    the person's latest case, so that erasing them strips its detail with the case's."""
    plan.updated_at, plan.updated_by = now, member.id
    if plan.created_by is None:
        plan.created_by = member.id
    case = await cases.latest(db, plan.participant_id)
    await cases.audit(db, case, member, action, {"plan": plan.id}, now)
    await db.flush()


async def show(db: AsyncSession, app: App, participant: Participant) -> None:
    """/plan: the goals as the counsellor wrote them; the check-in, review date and modules
    in the person's language, each module a button that opens it."""
    services = app.services
    locale = participant.locale
    gettext = services.catalogs.gettext
    plan = await individual.of(db, participant.id)
    found = await individual.view(db, services, plan) if plan is not None else None
    if found is None or (found.goals, found.checkin, found.modules) == (None, None, ()):
        await send_text(db, services, participant, gettext(locale, texts.CARE_PLAN_NONE))
        return
    parts = [gettext(locale, texts.CARE_PLAN_TITLE)]
    if found.goals:
        parts.append(f"{gettext(locale, texts.CARE_PLAN_GOALS)}\n{found.goals}")
    if found.checkin is not None:
        parts.append(_checkin_line(services, participant, found.checkin))
    if found.review_on is not None:
        when = _date(services, found.review_on, locale)
        parts.append(gettext(locale, texts.CARE_PLAN_REVIEW) % {"date": when})
    modules = [flow for flow in found.modules if flow in services.library.flows]
    if modules:
        parts.append(gettext(locale, texts.CARE_PLAN_MODULES))
    buttons = [
        (resolve(services.library.flow(flow).title, locale), library.FLOW_PREFIX + flow)
        for flow in modules
    ]
    pages = split_for_telegram(parts)
    for page in pages[:-1]:
        await send_text(db, services, participant, page)
    await send_text(db, services, participant, pages[-1], buttons)


def _checkin_line(services: Services, participant: Participant, checkin: Checkin) -> str:
    locale = participant.locale
    catalogs = services.catalogs
    every = checkin.every_days
    if every == 1:
        cadence = catalogs.gettext(locale, texts.CARE_PLAN_EVERY_DAY)
    elif every == 7:
        cadence = catalogs.gettext(locale, texts.CARE_PLAN_EVERY_WEEK)
    elif every % 7 == 0:
        cadence = catalogs.ngettext(locale, texts.CARE_PLAN_EVERY_WEEKS, every // 7)
    else:
        cadence = catalogs.ngettext(locale, texts.CARE_PLAN_EVERY_DAYS, every)
    flow = services.library.flows.get(checkin.flow)
    title = resolve(flow.title, locale) if flow is not None else checkin.flow
    # The last day with a check-in, the way the person's language writes dates.
    last = checkin.ends_on() - timedelta(days=1)
    return catalogs.gettext(locale, texts.CARE_PLAN_CHECKIN) % {
        "title": title,
        "every": cadence,
        "date": _date(services, last, locale),
    }


def _date(services: Services, day: date, locale: str | None) -> str:
    return format_date(day, format="long", locale=services.catalogs.supported(locale) or "en")


async def remind_reviews(db: AsyncSession, services: Services) -> int:
    """Tell each plan's counsellor (the person's own, else whoever last changed it) that
    its review date has come, once per date; returns how many plans were due."""
    now = services.clock()
    due = await individual.reviews_due(db, now.date())
    for plan in due:
        plan.review_told_at = now
        participant = await db.get_one(Participant, plan.participant_id)
        member = await _counsellor_of(db, participant, plan)
        if member is None:
            log.warning("plan.review_nobody_to_tell", plan=plan.id)
            continue
        assert plan.review_on is not None
        locale = staff_members.interface_locale(member)
        text = services.catalogs.gettext(locale, texts.STAFF_REVIEW_DUE) % {
            "code": participant.code,
            "date": _date(services, plan.review_on, locale),
        }
        await staff_members.send(db, services, member, text, about=participant)
        log.info(
            "plan.review_due",
            plan=plan.id,
            participant=participants.log_tag(participant),
            staff=member.code,
        )
    return len(due)


async def _counsellor_of(
    db: AsyncSession, participant: Participant, plan: CarePlan
) -> Staff | None:
    for staff_id in (participant.counsellor_id, plan.updated_by, plan.created_by):
        member = await db.get(Staff, staff_id) if staff_id is not None else None
        if member is not None and staff_members.active(member) and member.chat_enc is not None:
            return member
    return None
