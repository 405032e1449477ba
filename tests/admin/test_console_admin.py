"""The supervising and admin pages over HTTP: who may open each, reassigning, the audit
log's filters, inviting (shown once), changing and deactivating members, the duty rota,
and the service directory's forms."""

from __future__ import annotations

import re

from sqlalchemy import select

from bot.app.console import sessions as console_sessions
from bot.domain.services import Services
from bot.storage.models import AuditEvent, DutySlot, Escalation, Service, Staff
from tests.admin.test_console import Browser, Client, signed_in
from tests.escalation.conftest import Raise, Sessions, member, person

PAGES = ("/console/supervision", "/console/audit", "/console/staff")


async def _as(client: Client, sessions: Sessions, services: Services, role: str) -> Browser:
    return await signed_in(client, sessions, services, await member(sessions, services, role))


async def _csrf(browser: Browser) -> str:
    return await browser.csrf("/console/")


async def test_each_page_opens_for_its_roles_only(
    client: Client, sessions: Sessions, services: Services
) -> None:
    allowed = {
        "counsellor": ("/console/services",),
        "supervisor": ("/console/supervision", "/console/audit", "/console/services"),
        "admin": (*PAGES, "/console/services"),
    }
    for role, opens in allowed.items():
        browser = await _as(client, sessions, services, role)
        _, queue = await browser.get("/console/")
        for path in (*PAGES, "/console/services"):
            response, page = await browser.get(path)
            assert response.status == (200 if path in opens else 403), (role, path, page)
            # The navigation offers exactly the pages the member may open.
            assert (f'href="{path}"' in queue) == (path in opens), (role, path)
        _, page = await browser.get("/console/services")
        assert ('href="/console/services"' in page) and 'aria-current="page"' in page
    counsellor = await _as(client, sessions, services, "counsellor")
    token = await _csrf(counsellor)
    response, _ = await counsellor.post("/console/staff/invite", {"csrf": token, "name": "X"})
    assert response.status == 403
    response, _ = await counsellor.post("/console/services/new", {"csrf": token})
    assert response.status == 403


async def test_a_supervisor_sees_an_urgent_case_nobody_has_and_reassigns_it(
    client: Client, sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    boss = await member(sessions, services, "supervisor", on_duty=False)
    aigul = await member(sessions, services, on_duty=False)
    case = await raise_for(await person(sessions, services), "high", "self_harm")
    browser = await signed_in(client, sessions, services, boss)
    _, page = await browser.get("/console/supervision")
    nobody = page.split("Critical and high, not yet claimed")[1]
    assert f"#{case.id}" in nobody and f'<option value="{aigul.code}">' in page
    _, fragment = await browser.get("/console/supervision/view", {"HX-Request": "true"})
    assert f"#{case.id}" in fragment and "<html" not in fragment
    token = await _csrf(browser)
    path = f"/console/supervision/cases/{case.id}/reassign"
    response, _ = await browser.post(path, {"csrf": token, "to": aigul.code})
    assert response.status == 303 and "note=reassigned" in response.headers["Location"]
    async with sessions() as db:
        assert (await db.get_one(Escalation, case.id)).staff_id == aigul.id
    response, _ = await browser.post(path, {"csrf": token, "to": "S-NOT-ONE"})
    assert response.status == 400
    counsellor = await signed_in(client, sessions, services, aigul)
    response, _ = await counsellor.post(path, {"csrf": await _csrf(counsellor), "to": ""})
    assert response.status == 403


async def test_the_audit_log_filters_by_staff_case_and_action_and_pages(
    client: Client, sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    boss = await member(sessions, services, "supervisor")
    aigul = await member(sessions, services)
    first = await raise_for(await person(sessions, services), "high", "self_harm")
    second = await raise_for(await person(sessions, services), "high", "self_harm")
    browser = await signed_in(client, sessions, services, boss)
    token = await _csrf(browser)
    for case in (first, second):
        await browser.post(
            f"/console/supervision/cases/{case.id}/reassign", {"csrf": token, "to": aigul.code}
        )
    _, page = await browser.get(f"/console/audit?case={first.id}")
    assert f"#{first.id}" in page and f"#{second.id}" not in page
    _, page = await browser.get(f"/console/audit?staff={boss.code.lower()}&action=transferred")
    assert f"#{first.id}" in page and f"#{second.id}" in page
    assert page.count("<tr>") - 1 == 2  # the header, then the two hand-overs
    _, page = await browser.get(f"/console/audit?staff={aigul.code}&action=transferred")
    assert "Nothing yet." in page
    async with sessions() as db:
        total = len(list(await db.scalars(select(AuditEvent.id))))
    _, page = await browser.get("/console/audit")
    assert ("Older" in page) == (total > 50) and "Newer" not in page
    _, page = await browser.get(f"/console/audit?offset={total - 1}")
    assert page.count("<tr>") - 1 == 1 and "Newer" in page


async def test_an_invite_is_shown_once_and_only_its_digest_is_kept(
    client: Client, sessions: Sessions, services: Services
) -> None:
    admin = await _as(client, sessions, services, "admin")
    token = await _csrf(admin)
    form = {"csrf": token, "name": "Dana", "role": "counsellor", "languages": "kk", "gender": ""}
    response, page = await admin.post("/console/staff/invite", {**form, "timezone": "Asia/Almaty"})
    assert response.status == 200 and response.headers["Cache-Control"] == "no-store"
    found = re.search(r"<code>/staff ([^<]+)</code>", page)
    assert found, page
    invite = found.group(1)
    async with sessions() as db:
        dana = (await db.scalars(select(Staff).order_by(Staff.id.desc()))).first()
        assert dana is not None and dana.timezone == "Asia/Almaty" and dana.languages == "kk"
        assert invite not in repr(dana.__dict__) and dana.invite_hash is not None
        audited = await db.scalar(select(AuditEvent).where(AuditEvent.action == "staff-invited"))
        assert audited is not None and audited.detail == {"member": dana.code}
    _, roster = await admin.get("/console/staff")
    assert invite not in roster and "Dana" in roster and dana.code in roster
    response, page = await admin.post(
        "/console/staff/invite", {**form, "name": " ", "timezone": "Mars/Base", "role": "x"}
    )
    assert response.status == 400
    assert "Type a name of 1 to 100 characters." in page and "Choose a role." in page
    assert "Type a time zone" in page and 'value="Mars/Base"' in page


async def test_role_languages_and_gender_change_and_are_audited(
    client: Client, sessions: Sessions, services: Services
) -> None:
    boss = await member(sessions, services, "admin")
    aigul = await member(sessions, services)
    admin = await signed_in(client, sessions, services, boss)
    token = await _csrf(admin)
    path = f"/console/staff/{aigul.code}"
    body = {"csrf": token, "role": "supervisor", "languages": "ky", "gender": "female"}
    response, _ = await admin.post(path, body)
    assert response.status == 303
    async with sessions() as db:
        changed = await db.get_one(Staff, aigul.id)
        assert (changed.role, changed.languages, changed.gender) == ("supervisor", "ky", "female")
        assert await db.scalar(select(AuditEvent).where(AuditEvent.action == "staff-changed"))
    response, page = await admin.post(path, {**body, "languages": ""})
    assert response.status == 400 and "Choose at least one language." in page
    # Never oneself: the last admin cannot demote themselves by a slip.
    response, _ = await admin.post(f"/console/staff/{boss.code}", body)
    assert response.status == 400


async def test_deactivating_signs_the_member_out_and_requeues_their_cases(
    client: Client, sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    boss = await member(sessions, services, "admin")
    aigul = await member(sessions, services)
    case = await raise_for(await person(sessions, services), "high", "self_harm")
    async with sessions() as db, db.begin():
        found = await db.get_one(Escalation, case.id)
        found.staff_id, found.status = aigul.id, "claimed"
    theirs = await signed_in(client, sessions, services, aigul)
    admin = await signed_in(client, sessions, services, boss)
    path = f"/console/staff/{aigul.code}/deactivate"
    response, page = await admin.get(path)
    assert response.status == 200 and "Their 1 open cases go back to the queue" in page
    response, _ = await admin.post(path, {"csrf": await _csrf(admin)})
    assert response.status == 303
    response, _ = await theirs.get("/console/")
    assert response.headers["Location"] == "/console/signed-out"
    async with sessions() as db:
        requeued = await db.get_one(Escalation, case.id)
        assert requeued.status == "open" and requeued.staff_id != aigul.id
        gone = await db.get_one(Staff, aigul.id)
        assert gone.deactivated_at is not None
        assert not await console_sessions.end_all(db, services, gone)
        assert await db.scalar(select(AuditEvent).where(AuditEvent.action == "staff-deactivated"))


async def test_supervisors_put_members_on_and_off_duty(
    client: Client, sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    boss = await member(sessions, services, "supervisor", on_duty=False)
    aigul = await member(sessions, services, on_duty=False)
    waiting = await raise_for(await person(sessions, services), "high")
    browser = await signed_in(client, sessions, services, boss)
    token = await _csrf(browser)
    response, _ = await browser.post(
        f"/console/staff/{aigul.code}/duty", {"csrf": token, "on": "1"}
    )
    assert response.status == 303
    _, page = await browser.get("/console/supervision")
    on_duty = page.split("<caption>On duty</caption>")[1].split("</table>")[0]
    assert aigul.code in on_duty
    await browser.post(f"/console/staff/{aigul.code}/duty", {"csrf": token, "on": "0"})
    async with sessions() as db:
        assert not (await db.get_one(Staff, aigul.id)).on_duty
        actions = list(await db.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
    # As after /duty: the case waiting for someone went to her at once.
    assert actions[-5:] == [
        "on-duty",
        "assigned",
        "staff-put-on-duty",
        "off-duty",
        "staff-taken-off-duty",
    ]
    async with sessions() as db:
        assert (await db.get_one(Escalation, waiting.id)).staff_id == aigul.id
    counsellor = await signed_in(client, sessions, services, aigul)
    response, _ = await counsellor.post(
        f"/console/staff/{aigul.code}/duty", {"csrf": await _csrf(counsellor), "on": "1"}
    )
    assert response.status == 403


async def test_supervisors_add_and_remove_shifts_and_counsellors_may_not(
    client: Client, sessions: Sessions, services: Services
) -> None:
    boss = await member(sessions, services, "supervisor")
    aigul = await member(sessions, services, on_duty=False)
    browser = await signed_in(client, sessions, services, boss)
    token = await _csrf(browser)
    path = f"/console/staff/{aigul.code}/rota"
    typed = {"csrf": token, "weekday": "3", "starts": "22:00", "ends": "06:00"}
    response, _ = await browser.post(path, typed)
    assert response.status == 303 and "note=rota" in response.headers["Location"]
    _, page = await browser.get("/console/supervision?note=rota")
    assert "Wednesday 22:00–06:00" in page and "Saved." in page
    async with sessions() as db:
        slot = await db.scalar(select(DutySlot).where(DutySlot.staff_id == aigul.id))
        assert slot is not None and (slot.weekday, slot.starts, slot.ends) == (3, "22:00", "06:00")
    # A wrong time is shown beside its field, with what was typed kept.
    response, page = await browser.post(path, {**typed, "starts": "25:00", "ends": "06:00"})
    assert response.status == 400
    field = f'id="shift-{aigul.code}-starts"'
    assert f'{field} name="starts" value="25:00"' in page
    assert f'id="shift-{aigul.code}-starts-error">Type a time like 09:00.' in page
    counsellor = await signed_in(client, sessions, services, aigul)
    response, _ = await counsellor.post(path, {**typed, "csrf": await _csrf(counsellor)})
    assert response.status == 403
    remove = f"{path}/{slot.id}/remove"
    response, _ = await counsellor.post(remove, {"csrf": await _csrf(counsellor)})
    assert response.status == 403
    response, _ = await browser.post(remove, {"csrf": token})
    assert response.status == 303
    response, _ = await browser.post(remove, {"csrf": token})  # a second click
    assert response.status == 303
    response, _ = await browser.post(path, {"weekday": "3", "starts": "09:00", "ends": "17:00"})
    assert response.status == 403  # no CSRF token
    async with sessions() as db:
        assert await db.scalar(select(DutySlot).where(DutySlot.staff_id == aigul.id)) is None
        actions = list(await db.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
    assert actions.count("rota-slot-added") == 1 and actions.count("rota-slot-removed") == 1


async def test_admins_add_edit_verify_and_deactivate_services(
    client: Client, sessions: Sessions, services: Services, hands: object
) -> None:
    admin = await _as(client, sessions, services, "admin")
    token = await _csrf(admin)
    typed = {
        "csrf": token,
        "name": "Legal aid centre",
        "category": "legal_aid",
        "country": "KZ",
        "contact": "",
        "languages": "ru",
        "region": "Almaty",
    }
    # Every mistake is shown at once, each beside its field, with what was typed kept.
    response, page = await admin.post("/console/services/new", {**typed, "region": "x" * 129})
    assert response.status == 400
    assert "Type a contact of 1 to 300 characters." in page and "At most 128 characters." in page
    assert 'id="service-contact-error"' in page and 'id="service-region-error"' in page
    assert 'value="Legal aid centre"' in page
    response, page = await admin.post("/console/services/new", typed)
    assert response.status == 400 and 'value="Almaty"' in page
    # Countries and languages read in words, not codes.
    assert '<option value="KZ" selected>Kazakhstan</option>' in page
    assert '<option value="other">Another country</option>' in page
    response, _ = await admin.post("/console/services/new", {**typed, "contact": "+7 700"})
    assert response.status == 303
    async with sessions() as db:
        service = await db.scalar(select(Service).where(Service.name == "Legal aid centre"))
        assert service is not None
    path = f"/console/services/{service.id}"
    response, page = await admin.get(path)
    assert 'value="+7 700"' in page
    response, _ = await admin.post(path, {**typed, "contact": "+7 701", "hours": "9-18"})
    assert response.status == 303
    _, listed = await admin.get("/console/services?country=KZ&category=legal_aid")
    assert "+7 701" in listed and "9-18" in listed
    assert "Legal help · Kazakhstan · Almaty" in listed and "<dd>Русский</dd>" in listed
    _, other = await admin.get("/console/services?country=KG")
    assert "Legal aid centre" not in other
    here = "/console/services?country=KZ"
    response, _ = await admin.post(path + "/verify", {"csrf": token, "here": here})
    assert response.headers["Location"] == here + "&note=saved"
    await admin.post(path + "/deactivate", {"csrf": token})
    async with sessions() as db:
        checked = await db.get_one(Service, service.id)
        assert checked.verified_on == services.clock().date() and not checked.active
        actions = set(await db.scalars(select(AuditEvent.action)))
    assert {"service_added", "service_edited", "service_verified"} <= actions
    assert "service_deactivated" in actions
    counsellor = await _as(client, sessions, services, "counsellor")
    _, page = await counsellor.get("/console/services")
    assert "Legal aid centre" not in page and "/console/services/new" not in page
    response, _ = await counsellor.post(path + "/reactivate", {"csrf": await _csrf(counsellor)})
    assert response.status == 403
