"""The supervisor's view and the audit log: for supervisors and admins alone."""

from __future__ import annotations

from datetime import timedelta

from bot.app.console import actions
from bot.app.console.audit_page import AuditPage, audit_page
from bot.app.console.reading import Refused
from bot.app.console.supervision import Supervision, reassign, supervision
from bot.domain.services import Services
from bot.storage.models import AuditEvent, Escalation
from tests.console.support import change, reader
from tests.escalation.conftest import NOW, Raise, Sessions, person


async def test_the_supervisor_sees_load_deadlines_flags_and_urgent_cases_nobody_has(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    counsellor = await reader(sessions, services)
    boss = await reader(sessions, services, "supervisor", on_duty=False)
    claimed = await raise_for(await person(sessions, services), "medium", "abuse.ru.beats")
    async with sessions() as db, db.begin():
        await actions.claim(db, services, counsellor, claimed.id)
    # Critical: 15 minutes to acknowledge. High: an hour.
    critical = await raise_for(await person(sessions, services), "critical")
    high = await raise_for(await person(sessions, services), "high", at=NOW - timedelta(minutes=30))
    low = await raise_for(await person(sessions, services), "low", "missed-checkins")
    await change(sessions, Escalation, claimed.id, felt_unsafe=True)
    now = NOW + timedelta(minutes=20)
    async with sessions() as db, db.begin():
        view = await supervision(db, services, boss, now)
        refused = await supervision(db, services, counsellor, now)
    assert refused == Refused("forbidden", "Only supervisors and admins may see this.")
    assert isinstance(view, Supervision)
    assert [(m.code, m.load) for m in view.on_duty] == [(counsellor.code, 1)]
    assert [c.id for c in view.missed] == [critical.id]
    assert [c.id for c in view.due_soon] == [high.id]
    assert [c.id for c in view.felt_unsafe] == [claimed.id]
    assert view.felt_unsafe[0].flag_words == ("felt unsafe",)
    assert [c.id for c in view.unattended] == [critical.id, high.id]
    assert low.id not in {c.id for c in view.unattended}


async def test_only_a_supervisor_reassigns(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    first = await reader(sessions, services)
    second = await reader(sessions, services)
    boss = await reader(sessions, services, "supervisor")
    case = await raise_for(await person(sessions, services), "high")
    async with sessions() as db, db.begin():
        await actions.claim(db, services, first, case.id)
        refused = await reassign(db, services, first, case.id, second.code)
        done = await reassign(db, services, boss, case.id, second.code)
    assert refused == Refused("forbidden", "Only supervisors and admins may see this.")
    assert done == actions.Done(case.id, f"Handed to {second.code}, who has been told.")


async def test_the_audit_log_names_staff_and_actions_and_never_shows_a_detail(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    counsellor = await reader(sessions, services)
    admin = await reader(sessions, services, "admin")
    case = await raise_for(await person(sessions, services), "high")
    async with sessions() as db, db.begin():
        await actions.claim(db, services, counsellor, case.id)
        await actions.reply(db, services, counsellor, case.id, "Здравствуйте")
    async with sessions() as db:
        everything = await audit_page(db, services, admin)
        theirs = await audit_page(db, services, admin, staff_code=counsellor.code, limit=1)
        opened = await audit_page(db, services, admin, case_id=case.id, action="opened")
        nobody = await audit_page(db, services, admin, staff_code="S-NOBODY")
        refused = await audit_page(db, services, counsellor)
    assert isinstance(everything, AuditPage)
    assert [(r.action_words, r.staff_code, r.case_id) for r in everything.rows] == [
        ("wrote to the person", counsellor.code, case.id),
        ("claimed", counsellor.code, case.id),
        ("case opened", None, case.id),
    ]
    assert everything.rows[0].staff_name == "Aigul"
    assert isinstance(theirs, AuditPage) and theirs.more and len(theirs.rows) == 1
    assert isinstance(opened, AuditPage) and [r.action for r in opened.rows] == ["opened"]
    assert isinstance(nobody, AuditPage) and nobody.rows == ()
    assert isinstance(refused, Refused)
    assert "Здравствуйте" not in repr(everything)


async def test_a_missed_deadline_stays_missed_after_the_chase_gives_it_a_new_one(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    boss = await reader(sessions, services, "supervisor", on_duty=False)
    high = await raise_for(await person(sessions, services), "high")
    later = NOW + timedelta(minutes=61)
    # The chase tells everyone and sets a fresh deadline: the miss is still a miss.
    await change(
        sessions, Escalation, high.id, overdue_at=later, ack_due_at=later + timedelta(hours=1)
    )
    async with sessions() as db, db.begin():
        view = await supervision(db, services, boss, later)
    assert isinstance(view, Supervision)
    assert [c.id for c in view.missed] == [high.id]
    assert view.due_soon == ()


async def test_back_to_the_queue_never_returns_a_case_to_the_holder_it_leaves(
    sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    holder = await reader(sessions, services)
    boss = await reader(sessions, services, "supervisor")
    case = await raise_for(await person(sessions, services), "high")
    async with sessions() as db, db.begin():
        await actions.claim(db, services, holder, case.id)
        await reassign(db, services, boss, case.id, None)
    async with sessions() as db:
        moved = await db.get_one(Escalation, case.id)
    assert moved.status == "open" and moved.staff_id != holder.id


async def test_the_audit_log_words_the_console_plan_and_referral_actions(
    sessions: Sessions, services: Services
) -> None:
    admin = await reader(sessions, services, "admin")
    written = (
        "linked",
        "invite-wrong",
        "invite-lockout",
        "console.link",
        "console.signin",
        "console.signout",
        "console.signout-everywhere",
        "console.expired",
        "console.language",
        "plan_set",
        "plan_modules",
        "referral_sent",
    )
    async with sessions() as db, db.begin():
        for action in written:
            db.add(AuditEvent(staff_id=admin.id, action=action, at=NOW))
    async with sessions() as db:
        page = await audit_page(db, services, admin, limit=len(written))
    assert isinstance(page, AuditPage)
    shown = {row.action_words for row in page.rows}
    assert len(shown) == len(written) and not shown & set(written), "every action in words"
