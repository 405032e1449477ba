"""A person's page and their plan over HTTP: who may open it, who may change the plan,
what a mistake in the form shows, and that every change moves the schedule and is audited."""

from __future__ import annotations

import html
from datetime import date, timedelta

from sqlalchemy import select

from bot.domain.services import Services
from bot.escalation import cases
from bot.scheduling import individual
from bot.storage.models import (
    AuditEvent,
    Escalation,
    Measure,
    Participant,
    PlanModule,
    Schedule,
    Staff,
)
from tests.admin.test_console import CSRF, Browser, Client, signed_in
from tests.escalation.conftest import NOW, Raise, Sessions, member, person

WHO5 = "checkin-wellbeing"


async def _claimed(
    sessions: Sessions, services: Services, raise_for: Raise, who: Staff
) -> tuple[Participant, Escalation]:
    someone = await person(sessions, services)
    case = await raise_for(someone, "high")
    async with sessions() as db, db.begin():
        await cases.claim(db, services, await db.get_one(Escalation, case.id), who)
    return someone, case


def _plan(csrf: str, **changes: str) -> dict[str, str]:
    form = {
        "csrf": csrf,
        "goals": "Sleep better.\nCall her sister each week.",
        "flow": WHO5,
        "every": "2",
        "unit": "weeks",
        "weeks": "26",
        "starts_on": "2026-11-23",
        "review_on": "2027-02-20",
    }
    return form | changes


async def test_a_counsellor_opens_the_person_of_their_case(
    client: Client, sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    aigul = await member(sessions, services)
    someone, case = await _claimed(sessions, services, raise_for, aigul)
    browser = await signed_in(client, sessions, services, aigul)
    response, page = await browser.get(f"/console/people/{someone.code.lower()}")
    assert response.status == 200, page
    assert f"Person {someone.code}" in page
    assert f'href="/console/cases/{case.id}"' in page
    assert "Change the plan" in page and 'name="module"' in page
    assert "No check-ins or questionnaires yet." in page


async def test_the_persons_scores_are_drawn_with_a_table_beside_the_chart(
    client: Client, sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    aigul = await member(sessions, services)
    someone, _ = await _claimed(sessions, services, raise_for, aigul)
    async with sessions() as db, db.begin():
        for week, total in enumerate([10, 14]):
            db.add(
                Measure(
                    participant_id=someone.id,
                    instrument="who5",
                    answers=[2] * 5,
                    total=total,
                    score=total * 4,
                    band="poor" if total < 13 else "good",
                    taken_at=NOW + timedelta(weeks=week),
                )
            )
    browser = await signed_in(client, sessions, services, aigul)
    _, page = await browser.get(f"/console/people/{someone.code}")
    assert page.count("<svg") == 1 and 'role="img"' in page
    assert "Results as a table" in page and "<td>56</td>" in page  # WHO-5 drawn as its percentage
    async with sessions() as db:
        viewed = await db.scalar(
            select(AuditEvent).where(
                AuditEvent.action == "person-viewed", AuditEvent.staff_id == aigul.id
            )
        )
    assert viewed is not None


async def test_a_counsellor_without_a_case_is_refused_alike_for_a_real_and_a_made_up_code(
    client: Client, sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    aigul, dana = await member(sessions, services), await member(sessions, services)
    someone, _ = await _claimed(sessions, services, raise_for, dana)
    browser = await signed_in(client, sessions, services, aigul)
    real, real_page = await browser.get(f"/console/people/{someone.code}")
    made_up, _ = await browser.get("/console/people/ZZZZZZ")
    assert real.status == made_up.status == 403
    assert someone.code not in real_page
    token = CSRF.search(real_page)
    assert token is not None
    response, _ = await browser.post(f"/console/people/{someone.code}/plan", _plan(token.group(1)))
    assert response.status == 403
    async with sessions() as db:
        assert await individual.of(db, someone.id) is None


async def test_a_supervisor_opens_anyone_and_is_told_when_nobody_has_the_code(
    client: Client, sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    dana = await member(sessions, services)
    boss = await member(sessions, services, role="supervisor")
    someone, case = await _claimed(sessions, services, raise_for, dana)
    browser = await signed_in(client, sessions, services, boss)
    response, page = await browser.get(f"/console/people/{someone.code}")
    assert response.status == 200 and f'href="/console/cases/{case.id}"' in page
    assert "Change the plan" in page  # supervisors care for anyone
    response, _ = await browser.get("/console/people/ZZZZZZ")
    assert response.status == 404


async def test_the_find_form_goes_to_the_page_of_the_code(
    client: Client, sessions: Sessions, services: Services
) -> None:
    aigul = await member(sessions, services)
    browser = await signed_in(client, sessions, services, aigul)
    _, queue = await browser.get("/console/")
    assert 'action="/console/people"' in queue
    response, _ = await browser.get("/console/people?code=%20ab12c%20")
    assert response.status == 303 and response.headers["Location"] == "/console/people/AB12C"
    response, _ = await browser.get("/console/people?code=%3Cscript%3E")
    assert response.headers["Location"] == "/console/"


async def test_setting_and_changing_the_plan_moves_the_schedule_and_is_audited(
    client: Client, sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    aigul = await member(sessions, services)
    someone, _ = await _claimed(sessions, services, raise_for, aigul)
    browser = await signed_in(client, sessions, services, aigul)
    path = f"/console/people/{someone.code}"
    csrf = await browser.csrf(path)
    response, _ = await browser.post(path + "/plan", _plan(csrf) | {"module": "breathing"})
    assert response.status == 303
    assert response.headers["Location"] == f"{path}?note=saved#plan"
    _, page = await browser.get(f"{path}?note=saved")
    assert "The plan is saved." in page
    assert (
        "Sleep better." in page
        and "Wellbeing check-in (WHO-5), every 2 weeks, for 26 weeks from 2026-11-23" in page
    )
    assert "2027-02-20" in page
    async with sessions() as db:
        row = await db.scalar(
            select(Schedule).where(Schedule.participant_id == someone.id, Schedule.kind == "plan")
        )
        assert row is not None and row.flow == WHO5 and row.every_days == 14
        assert row.due_at.date() == date(2026, 11, 23)
        modules = list(await db.scalars(select(PlanModule.flow)))
        assert modules == ["breathing"]
    # Changed: every 3 weeks, and two modules in place of one.
    data = _plan(csrf, every="3")
    pairs = [*data.items(), ("module", "grounding"), ("module", "anger")]
    response, _ = await browser.post(path + "/plan", pairs)
    assert response.status == 303
    async with sessions() as db:
        row = await db.scalar(
            select(Schedule).where(Schedule.participant_id == someone.id, Schedule.kind == "plan")
        )
        assert row is not None and row.every_days == 21
        modules = list(await db.scalars(select(PlanModule.flow).order_by(PlanModule.position)))
        assert modules == ["grounding", "anger"]
        actions = list(
            await db.scalars(
                select(AuditEvent.action)
                .where(AuditEvent.staff_id == aigul.id, AuditEvent.action.like("plan_%"))
                .order_by(AuditEvent.id)
            )
        )
        assert actions == ["plan_set", "plan_modules"] * 2
        # The audit names the plan, never its words.
        details = list(
            await db.scalars(select(AuditEvent.detail).where(AuditEvent.action == "plan_set"))
        )
        assert all("Sleep" not in str(detail) for detail in details)


async def test_a_form_with_mistakes_comes_back_as_typed_with_each_mistake_beside_its_field(
    client: Client, sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    aigul = await member(sessions, services)
    someone, _ = await _claimed(sessions, services, raise_for, aigul)
    browser = await signed_in(client, sessions, services, aigul)
    path = f"/console/people/{someone.code}"
    csrf = await browser.csrf(path)
    response, page = await browser.post(
        path + "/plan",
        _plan(csrf, every="5", weeks="many", starts_on="23.11.2026", goals="Keep <this> typed"),
    )
    assert response.status == 400
    assert "The plan was not saved." in page
    assert 'id="every-error"' in page and "Every 1 to 28 days, or 1 to 4 weeks." in page
    assert 'id="weeks-error"' in page and "Enter a whole number." in page
    assert 'id="starts_on-error"' in page and "Enter a date as YYYY-MM-DD." in page
    assert 'aria-describedby="every-error"' in page
    assert html.escape("Keep <this> typed") in page and 'value="many"' in page
    response, page = await browser.post(path + "/plan", _plan(csrf, flow="menu", module="nope"))
    assert response.status == 400
    assert "Choose a questionnaire from the list." in page and 'id="modules-error"' in page
    async with sessions() as db:
        assert await individual.of(db, someone.id) is None


async def test_who5_more_often_than_every_two_weeks_is_refused_in_the_members_language(
    client: Client, sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    aigul = await member(sessions, services)
    someone, _ = await _claimed(sessions, services, raise_for, aigul)
    path = f"/console/people/{someone.code}"
    for locale, refusal in [
        ("en", "These questions ask about the last 14 days"),
        ("ru", "Эти вопросы охватывают последние 14 дней"),
    ]:
        browser = await signed_in(client, sessions, services, aigul, locale=locale)
        csrf = await browser.csrf(path)
        response, page = await browser.post(path + "/plan", _plan(csrf, every="1"))
        assert response.status == 400
        assert 'id="every-error"' in page and refusal in page
    async with sessions() as db:
        assert await individual.of(db, someone.id) is None
    # The questionnaires that do not look back as far may come weekly.
    response, _ = await browser.post(path + "/plan", _plan(csrf, every="1", flow="checkin-mood"))
    assert response.status == 303


async def test_the_plan_can_be_cleared_and_the_check_in_ends(
    client: Client, sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    aigul = await member(sessions, services)
    someone, _ = await _claimed(sessions, services, raise_for, aigul)
    browser = await signed_in(client, sessions, services, aigul)
    path = f"/console/people/{someone.code}"
    csrf = await browser.csrf(path)
    await browser.post(path + "/plan", _plan(csrf))
    response, _ = await browser.post(
        path + "/plan", {"csrf": csrf, "goals": "", "flow": "", "review_on": ""}
    )
    assert response.status == 303
    async with sessions() as db:
        assert await db.scalar(select(Schedule).where(Schedule.kind == "plan")) is None


async def test_the_page_is_in_the_members_language(
    client: Client, sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    aigul = await member(sessions, services)
    someone, _ = await _claimed(sessions, services, raise_for, aigul)
    browser: Browser = await signed_in(client, sessions, services, aigul, locale="ru")
    _, page = await browser.get(f"/console/people/{someone.code}")
    assert "Change the plan" not in page and "Save the plan" not in page


async def test_a_counsellor_who_had_the_case_reads_the_plan_but_may_not_change_it(
    client: Client, sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    aigul, dana = await member(sessions, services), await member(sessions, services)
    someone, _ = await _claimed(sessions, services, raise_for, aigul)
    async with sessions() as db, db.begin():
        (await db.get_one(Participant, someone.id)).counsellor_id = dana.id
    browser = await signed_in(client, sessions, services, aigul)
    path = f"/console/people/{someone.code}"
    response, page = await browser.get(path)
    assert response.status == 200
    assert "may change this plan" in page and "Save the plan" not in page
    csrf = CSRF.search(page)
    assert csrf is not None
    response, _ = await browser.post(path + "/plan", _plan(csrf.group(1)))
    assert response.status == 403
    async with sessions() as db:
        assert await individual.of(db, someone.id) is None


async def test_the_person_page_names_a_caregivers_tie_and_every_childs_age_band(
    client: Client, sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    aigul = await member(sessions, services)
    someone, _ = await _claimed(sessions, services, raise_for, aigul)
    async with sessions() as db, db.begin():
        found = await db.get_one(Participant, someone.id)
        found.role, found.relationship = "caregiver", "relative"
        found.children, found.child_age_band = "13-17,0-5", "13-17"
    browser = await signed_in(client, sessions, services, aigul)
    _, page = await browser.get(f"/console/people/{someone.code}")
    assert (
        "aunt, uncle or other relative · writes about children aged 13-17, 0-5 · last spoke "
        "about the child aged 13-17"
    ) in page
