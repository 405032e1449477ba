"""The plan editor's form read into a plan, and a plan written back into the form."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.app.console import plan_form
from bot.app.console import texts_person as P
from bot.app.console.plan_form import Invalid, PlanForm, PlanInput
from bot.scheduling.individual import Checkin, PlanView

FLOWS, MODULES = {"checkin-wellbeing": 14, "checkin-mood": 1}, {"breathing", "grounding"}


def test_weeks_are_read_as_days_and_a_module_chosen_twice_counts_once() -> None:
    form = PlanForm(
        goals="  Sleep better  ",
        flow="checkin-wellbeing",
        every="2",
        unit=plan_form.WEEKS,
        weeks="26",
        starts_on="2026-12-07",
        review_on="2027-03-01",
        modules=("grounding", "breathing", "grounding"),
    )
    assert plan_form.read(form, FLOWS, MODULES) == PlanInput(
        "Sleep better",
        Checkin("checkin-wellbeing", 14, 26, date(2026, 12, 7)),
        date(2027, 3, 1),
        ("grounding", "breathing"),
    )


def test_a_check_in_more_often_than_its_questions_look_back_is_refused() -> None:
    weekly = PlanForm(flow="checkin-wellbeing", every="1", starts_on="2026-12-07")
    found = plan_form.read(weekly, FLOWS, MODULES)
    assert isinstance(found, Invalid)
    assert found.errors == {"every": (P.ERROR_RECALL, {"days": 14})}
    fortnightly = PlanForm(
        flow="checkin-wellbeing", every="14", unit=plan_form.DAYS, starts_on="2026-12-07"
    )
    assert isinstance(plan_form.read(fortnightly, FLOWS, MODULES), PlanInput)
    mood_weekly = PlanForm(flow="checkin-mood", every="1", starts_on="2026-12-07")
    assert isinstance(plan_form.read(mood_weekly, FLOWS, MODULES), PlanInput)


def test_no_flow_means_no_check_in_whatever_the_other_fields_say() -> None:
    form = PlanForm(flow="", every="x", weeks="", starts_on="")
    assert plan_form.read(form, FLOWS, MODULES) == PlanInput(None, None, None, ())


def test_every_wrong_field_is_named_at_once() -> None:
    form = PlanForm(
        goals="x" * 2001,
        flow="menu",
        every="5",
        unit=plan_form.WEEKS,
        weeks="٣",  # digits of another script are not taken
        starts_on="7.12.2026",
        review_on="soon",
        modules=("breathing", "not-a-module"),
    )
    found = plan_form.read(form, FLOWS, MODULES)
    assert isinstance(found, Invalid)
    assert set(found.errors) == {
        "goals",
        "flow",
        "every",
        "weeks",
        "starts_on",
        "review_on",
        "modules",
    }
    beyond = PlanForm(
        flow="checkin-wellbeing",
        every="29",
        unit=plan_form.DAYS,
        weeks="105",
        starts_on="2026-12-07",
    )
    assert plan_form.read(beyond, FLOWS, MODULES) == Invalid(
        {"every": (P.ERROR_EVERY, {}), "weeks": (P.ERROR_WEEKS, {"max": 104})}
    )


def test_a_plan_fills_the_form_in_weeks_when_it_can_and_days_when_it_cannot() -> None:
    today = date(2026, 12, 6)
    at = datetime(2026, 12, 6, tzinfo=UTC)
    weekly = PlanView(
        "Goals", Checkin("checkin-wellbeing", 14, 26, today), ("breathing",), None, at
    )
    assert plan_form.of_plan(weekly, today) == PlanForm(
        goals="Goals",
        flow="checkin-wellbeing",
        every="2",
        unit=plan_form.WEEKS,
        weeks="26",
        starts_on="2026-12-06",
        review_on="",
        modules=("breathing",),
    )
    every_three = PlanView(None, Checkin("checkin-mood", 3, 4, today), (), date(2027, 1, 1), at)
    form = plan_form.of_plan(every_three, today)
    assert (form.every, form.unit, form.review_on) == ("3", plan_form.DAYS, "2027-01-01")
    assert plan_form.of_plan(None, today) == PlanForm(starts_on="2026-12-06")
