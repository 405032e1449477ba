"""A person's page in the console: `person_view` (profile, cases, trends, audited) with
their referrals and individual plan, and the plan editor's choices in the reader's
language. Saving the plan is `plan_edit`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import plans
from bot.app.console import texts_person as P
from bot.app.console.person_view import PersonView, person_view
from bot.app.console.reading import Reader, Refused, When
from bot.app.context import App
from bot.engine.model import Flow
from bot.engine.texts import resolve
from bot.i18n import texts
from bot.scheduling import individual
from bot.scheduling import plans as routine
from bot.scheduling.individual import Checkin, PlanView
from bot.storage.models import Participant, Referral, Schedule, Service, Staff

# The questionnaire flows' names (flows/checkin-*.yaml).
CHECKIN_PREFIX = "checkin-"


@dataclass(frozen=True)
class Choice:
    value: str
    title: str


@dataclass(frozen=True)
class ReferralLine:
    service: str
    category: str  # in words
    sent: When
    answer: str | None  # in words; None until the person answers


@dataclass(frozen=True)
class PersonPage:
    code: str
    view: PersonView
    referrals: tuple[ReferralLine, ...]
    plan: PlanView | None
    checkin_words: str | None  # e.g. "Weekly wellbeing check-in, every week, for 26 weeks from …"
    next_checkin: When | None
    module_titles: tuple[str, ...]
    may_plan: bool
    # What the editor offers, titled in the reader's language.
    checkin_flows: tuple[Choice, ...]
    modules: tuple[Choice, ...]
    today: date


async def show(
    db: AsyncSession, app: App, staff: Staff, code: str, now: datetime
) -> PersonPage | Refused:
    view = await person_view(db, app.services, staff, code, now)
    if isinstance(view, Refused):
        return view
    person = await db.scalar(select(Participant).where(Participant.code == view.profile.code))
    assert person is not None  # person_view found them just now
    tr = Reader(app.services, staff)
    due_at = await db.scalar(
        select(Schedule.due_at).where(
            Schedule.participant_id == person.id, Schedule.kind == individual.KIND
        )
    )
    plan = await plans.read(db, app, person)
    offered = modules(app, tr.locale)
    titles = {choice.value: choice.title for choice in offered}
    return PersonPage(
        code=person.code,
        view=view,
        referrals=await _referrals(db, person, tr),
        plan=plan,
        checkin_words=_checkin_words(app, plan.checkin, tr) if plan and plan.checkin else None,
        next_checkin=tr.when(due_at) if due_at is not None else None,
        module_titles=tuple(titles.get(flow, flow) for flow in plan.modules) if plan else (),
        may_plan=plans.may_care_for(staff, person),
        checkin_flows=checkin_flows(app, tr.locale),
        modules=offered,
        today=date.fromisoformat(tr.when(now).day),
    )


def checkin_flows(app: App, locale: str) -> tuple[Choice, ...]:
    """The check-ins a plan may agree on: the bot's recurring ones (the daily mood, WHO-5,
    PHQ-2, the child's), then the other questionnaires named `checkin-*` (worry, reactions),
    those this deployment's library holds."""
    library = app.services.library
    names = [plan.flow for plan in routine.PLANS]
    names += sorted(name for name in library.flows if name.startswith(CHECKIN_PREFIX))
    return tuple(
        Choice(name, checkin_title(library.flow(name), locale))
        for name in dict.fromkeys(names)
        if name in library.flows
    )


def checkin_title(flow: Flow, locale: str) -> str:
    """The check-in's title with the questionnaires it asks, as case pages name them:
    "Weekly wellbeing check-in (WHO-5)"."""
    asked = dict.fromkeys(step.instrument for step in flow.steps.values() if step.instrument)
    names = ", ".join(texts.INSTRUMENT_NAMES.get(name, name) for name in asked)
    title = resolve(flow.title, locale)
    return f"{title} ({names})" if names else title


def modules(app: App, locale: str) -> tuple[Choice, ...]:
    """Every self-help module of the library, by topic as /library lists them."""
    rank = {topic: number for number, topic in enumerate(texts.TOPICS)}
    found = [
        (rank.get(flow.library.topic, len(rank)), flow.library.order, flow.flow, flow)
        for flow in app.services.library.flows.values()
        if flow.library is not None
    ]
    return tuple(Choice(name, resolve(flow.title, locale)) for *_, name, flow in sorted(found))


def _checkin_words(app: App, checkin: Checkin, tr: Reader) -> str:
    """As /plan says it to the person, in the reader's language: the same cadence words."""
    catalogs, every = app.services.catalogs, checkin.every_days
    if every in (1, 7):
        cadence = tr(texts.CARE_PLAN_EVERY_DAY if every == 1 else texts.CARE_PLAN_EVERY_WEEK)
    elif every % 7 == 0:
        cadence = catalogs.ngettext(tr.locale, texts.CARE_PLAN_EVERY_WEEKS, every // 7)
    else:
        cadence = catalogs.ngettext(tr.locale, texts.CARE_PLAN_EVERY_DAYS, every)
    flow = app.services.library.flows.get(checkin.flow)
    return tr(P.CHECKIN_SUMMARY) % {
        "title": checkin_title(flow, tr.locale) if flow is not None else checkin.flow,
        "every": cadence,
        "weeks": checkin.weeks,
        "date": checkin.starts_on.isoformat(),
    }


async def _referrals(db: AsyncSession, person: Participant, tr: Reader) -> tuple[ReferralLine, ...]:
    rows = await db.execute(
        select(Referral, Service)
        .join(Service, Service.id == Referral.service_id)
        .where(Referral.participant_id == person.id)
        .order_by(Referral.sent_at.desc(), Referral.id.desc())
    )
    return tuple(
        ReferralLine(
            service=service.name,
            category=tr(texts.SERVICE_CATEGORIES.get(service.category, service.category)),
            sent=tr.when(referral.sent_at),
            answer=tr(texts.STAFF_REFERRAL_OUTCOMES[referral.outcome])
            if referral.outcome in texts.STAFF_REFERRAL_OUTCOMES
            else None,
        )
        for referral, service in rows
    )
