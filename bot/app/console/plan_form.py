"""The plan editor's form: what the member typed, kept as typed so that a form with a
mistake comes back as they left it, and its reading into a plan. Pure, no I/O."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date

from bot.app.console import texts_person as P
from bot.scheduling import individual
from bot.scheduling.individual import Checkin, PlanView

DAYS, WEEKS = "days", "weeks"
# Before anything is agreed, the editor suggests the usual: weekly, for six months.
DEFAULT_EVERY, DEFAULT_WEEKS = "1", "26"


@dataclass(frozen=True)
class PlanForm:
    goals: str = ""
    flow: str = ""  # "" for no check-in
    every: str = DEFAULT_EVERY
    unit: str = WEEKS
    weeks: str = DEFAULT_WEEKS
    starts_on: str = ""
    review_on: str = ""
    modules: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlanInput:
    goals: str | None
    checkin: Checkin | None
    review_on: date | None
    modules: tuple[str, ...]


@dataclass(frozen=True)
class Invalid:
    """Per field, what to change: a message to translate and its values."""

    errors: Mapping[str, tuple[str, Mapping[str, int]]]


def of_plan(plan: PlanView | None, today: date) -> PlanForm:
    """The form filled with the plan as it stands; a new plan's check-in starts today."""
    if plan is None:
        return PlanForm(starts_on=today.isoformat())
    checkin = plan.checkin
    weekly = checkin is not None and checkin.every_days % 7 == 0
    return PlanForm(
        goals=plan.goals or "",
        flow=checkin.flow if checkin else "",
        every=str(checkin.every_days // 7 if weekly else checkin.every_days)
        if checkin
        else DEFAULT_EVERY,
        unit=WEEKS if weekly or checkin is None else DAYS,
        weeks=str(checkin.weeks) if checkin else DEFAULT_WEEKS,
        starts_on=(checkin.starts_on if checkin else today).isoformat(),
        review_on=plan.review_on.isoformat() if plan.review_on else "",
        modules=plan.modules,
    )


def of_post(data: Mapping[str, str], modules: tuple[str, ...]) -> PlanForm:
    """The form as posted; `modules` are the values of its checked boxes."""
    return PlanForm(
        goals=data.get("goals", ""),
        flow=data.get("flow", ""),
        every=data.get("every", "").strip(),
        unit=data.get("unit", WEEKS),
        weeks=data.get("weeks", "").strip(),
        starts_on=data.get("starts_on", "").strip(),
        review_on=data.get("review_on", "").strip(),
        modules=modules,
    )


def read(form: PlanForm, flows: Mapping[str, int], modules: Collection[str]) -> PlanInput | Invalid:
    """The plan the form asks for, or every field that is wrong; `flows` (each with the
    fewest days its questions allow between two check-ins) and `modules` are those the
    editor offered."""
    errors: dict[str, tuple[str, Mapping[str, int]]] = {}
    goals = form.goals.strip()
    if len(goals) > individual.MAX_GOALS:
        errors["goals"] = (P.ERROR_GOALS, {"max": individual.MAX_GOALS})
    checkin = None
    if form.flow:
        checkin = _checkin(form, flows, errors)
    review_on = _date(form.review_on, "review_on", errors) if form.review_on else None
    chosen = tuple(dict.fromkeys(form.modules))
    if len(chosen) > individual.MAX_MODULES or not set(chosen) <= set(modules):
        errors["modules"] = (P.ERROR_MODULES, {"max": individual.MAX_MODULES})
    if errors:
        return Invalid(errors)
    return PlanInput(goals or None, checkin, review_on, chosen)


def _checkin(
    form: PlanForm, flows: Mapping[str, int], errors: dict[str, tuple[str, Mapping[str, int]]]
) -> Checkin | None:
    if form.flow not in flows:
        errors["flow"] = (P.ERROR_FLOW, {})
    every = _number(form.every, "every", errors)
    days = every * 7 if every is not None and form.unit == WEEKS else every
    shortest = flows.get(form.flow, 1)
    if days is not None and not 1 <= days <= individual.MAX_EVERY_DAYS:
        errors["every"] = (P.ERROR_EVERY, {})
    elif days is not None and days < shortest:
        errors["every"] = (P.ERROR_RECALL, {"days": shortest})
    weeks = _number(form.weeks, "weeks", errors)
    if weeks is not None and not 1 <= weeks <= individual.MAX_WEEKS:
        errors["weeks"] = (P.ERROR_WEEKS, {"max": individual.MAX_WEEKS})
    starts_on = _date(form.starts_on, "starts_on", errors)
    if errors.keys() & {"flow", "every", "weeks", "starts_on"}:
        return None
    assert days is not None and weeks is not None and starts_on is not None
    return Checkin(form.flow, days, weeks, starts_on)


def _number(text: str, name: str, errors: dict[str, tuple[str, Mapping[str, int]]]) -> int | None:
    # ASCII digits, and few of them: int() would take other scripts' digits and choke
    # on thousands of them.
    if not (text.isascii() and text.isdigit() and len(text) <= 4):
        errors[name] = (P.ERROR_NUMBER, {})
        return None
    return int(text)


def _date(text: str, name: str, errors: dict[str, tuple[str, Mapping[str, int]]]) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors[name] = (P.ERROR_DATE, {})
        return None
