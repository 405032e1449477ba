"""The case page over HTTP: what it shows, each of its forms (reply, note, transfer,
resolve, reopen, referral) coming back with what it did, its refusals, and that every view
of it, the polled conversation included, is audited."""

from __future__ import annotations

import re

from aiohttp.test_utils import TestClient
from aiohttp.web import Application, Request
from sqlalchemy import func, select

from bot.app.console import case_view
from bot.directory import local_services, referrals
from bot.directory.local_services import ServiceData
from bot.domain.services import Services
from bot.escalation import cases
from bot.outbox.queue import decode_payload
from bot.storage.models import AuditEvent, CaseMessage, Escalation, OutboxMessage, Participant
from tests.admin.test_console import Browser, signed_in
from tests.app.console.conftest import Hands
from tests.escalation.conftest import NOW, Raise, Sessions, member, person

Client = TestClient[Request, Application]
JOBS = ServiceData(
    "work", "KZ", "Job centre", "+7 727 111 11 11", ("ru", "en"), region="Almaty", hours="9-18"
)


async def _views(sessions: Sessions, case_id: int) -> int:
    async with sessions() as db:
        found = await db.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.escalation_id == case_id, AuditEvent.action == "viewed")
        )
    return found or 0


async def _texts_to(sessions: Sessions, services: Services, who: Participant) -> list[str]:
    async with sessions() as db:
        rows = await db.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.recipient == f"p:{who.id}")
            .order_by(OutboxMessage.id)
        )
        return [decode_payload(services.cipher, row)["text"] for row in rows]


async def _post(browser: Browser, case_id: int, form: str, **fields: str) -> tuple[int, str]:
    """Post one of the case page's forms with the page's token; (status, where it leads or
    the page that came back)."""
    token = await browser.csrf(f"/console/cases/{case_id}")
    response, page = await browser.post(
        f"/console/cases/{case_id}/{form}", {"csrf": token, **fields}
    )
    return response.status, response.headers.get("Location", page)


async def test_a_reply_and_a_note_come_back_to_the_page_and_the_note_stays_with_staff(
    client: Client, sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    aigul = await member(sessions, services)
    someone = await person(sessions, services)
    case = await raise_for(someone, "high")
    browser = await signed_in(client, sessions, services, aigul)
    _, page = await browser.get(f"/console/cases/{case.id}")
    assert "thoughts of suicide" in page and "не хочу жить" in page
    assert 'for="reply-text"' in page and 'for="note-text"' in page
    assert f'href="/console/people/{someone.code}"' in page

    status, location = await _post(browser, case.id, "reply", text="I am here with you.")
    assert (status, location) == (303, f"/console/cases/{case.id}?note=sent")
    _, page = await browser.get(location)
    assert "Sent: it goes out in a moment." in page and "I am here with you." in page
    assert any(
        "I am here with you." in text for text in await _texts_to(sessions, services, someone)
    )

    status, location = await _post(browser, case.id, "note", text="Call back tomorrow")
    assert location == f"/console/cases/{case.id}?note=noted"
    _, page = await browser.get(location)
    assert "Note saved." in page
    assert re.search(r'class="message note">.*?Call back tomorrow', page, re.S)
    assert not any("Call back" in text for text in await _texts_to(sessions, services, someone))
    async with sessions() as db:
        kinds = list(await db.scalars(select(CaseMessage.kind).order_by(CaseMessage.id)))
        found = await db.get_one(Escalation, case.id)
    assert kinds == ["to_person", "note"]
    assert (found.status, found.staff_id) == ("claimed", aigul.id), "a reply claims the case"

    status, page = await _post(browser, case.id, "reply", text="   ")
    assert status == 409 and "Write something first." in page


async def test_viewing_the_page_and_its_polled_conversation_is_audited(
    client: Client, sessions: Sessions, services: Services, raise_for: Raise, hands: Hands
) -> None:
    aigul = await member(sessions, services)
    case = await raise_for(await person(sessions, services), "high")
    browser = await signed_in(client, sessions, services, aigul)
    assert await _views(sessions, case.id) == 0
    _, page = await browser.get(f"/console/cases/{case.id}")
    assert f'hx-get="/console/cases/{case.id}/live"' in page
    assert await _views(sessions, case.id) == 1
    response, fragment = await browser.get(f"/console/cases/{case.id}/live", {"HX-Request": "1"})
    assert response.status == 200 and "Conversation" in fragment and "Timeline" in fragment
    assert "<form" not in fragment, "polling never replaces what is being typed"
    # The page polls every few seconds: one row stands for each stretch of looking.
    assert await _views(sessions, case.id) == 1
    hands.advance(case_view.VIEW_WINDOW)
    await browser.get(f"/console/cases/{case.id}/live", {"HX-Request": "1"})
    assert await _views(sessions, case.id) == 2


async def test_transfer_to_a_colleague_and_back_to_the_queue(
    client: Client, sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    aigul = await member(sessions, services)
    dana = await member(sessions, services)
    case = await raise_for(await person(sessions, services), "high")
    async with sessions() as db, db.begin():
        await cases.claim(db, services, await db.get_one(Escalation, case.id), aigul)
    browser = await signed_in(client, sessions, services, aigul)
    _, page = await browser.get(f"/console/cases/{case.id}")
    assert f'<option value="{dana.code}">' in page and f'<option value="{aigul.code}">' not in page
    status, page = await _post(browser, case.id, "transfer", to="NOBODY")
    assert status == 409 and "That colleague cannot take this case." in page

    status, location = await _post(browser, case.id, "transfer", to=dana.code)
    assert location == f"/console/cases/{case.id}?note=transferred"
    async with sessions() as db:
        found = await db.get_one(Escalation, case.id)
    assert (found.status, found.staff_id) == ("open", dana.id)
    _, page = await browser.get(location)
    assert "Handed on; your colleague has been told." in page

    theirs = await signed_in(client, sessions, services, dana)
    status, location = await _post(theirs, case.id, "transfer", to="")
    assert location == f"/console/cases/{case.id}?note=queued"
    async with sessions() as db:
        found = await db.get_one(Escalation, case.id)
    assert found.status == "open" and found.staff_id != dana.id
    _, page = await theirs.get(location)
    assert "Back in the queue." in page
    status, page = await _post(theirs, case.id, "transfer", to=aigul.code)
    assert status == 403, "no longer theirs to hand on"


async def test_resolve_with_an_outcome_then_reopen(
    client: Client, sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    aigul = await member(sessions, services)
    case = await raise_for(await person(sessions, services), "medium")
    browser = await signed_in(client, sessions, services, aigul)
    status, location = await _post(browser, case.id, "claim")
    _, page = await browser.get(location)
    assert "You have claimed this case." in page and 'name="outcome"' in page
    assert "/reopen" not in page

    status, location = await _post(browser, case.id, "resolve", outcome="referred")
    assert location == f"/console/cases/{case.id}?note=resolved"
    _, page = await browser.get(location)
    assert "The case is resolved." in page and "Referred to a service" in page
    assert f"/console/cases/{case.id}/reopen" in page and 'id="reply-text"' not in page
    status, page = await _post(browser, case.id, "reply", text="Hello")
    assert status == 409 and "The case is resolved; reopen it first." in page

    status, location = await _post(browser, case.id, "reopen")
    assert location == f"/console/cases/{case.id}?note=reopened"
    _, page = await browser.get(location)
    assert "The case is open again, and yours." in page
    async with sessions() as db:
        assert (await db.get_one(Escalation, case.id)).status != "resolved"


async def test_a_referral_from_the_case_reaches_the_person_and_shows_their_answer(
    client: Client, sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    aigul = await member(sessions, services, on_duty=False)  # not given the case at once
    someone = await person(sessions, services, country="KZ")
    case = await raise_for(someone, "medium")
    async with sessions() as db, db.begin():
        jobs = await local_services.add(db, JOBS, NOW)
        abroad = await local_services.add(
            db, ServiceData(**{**JOBS.__dict__, "country": "UZ"}), NOW
        )
    browser = await signed_in(client, sessions, services, aigul)
    _, page = await browser.get(f"/console/cases/{case.id}")
    assert "Job centre" in page and "Almaty" in page and "No referrals yet." in page
    assert "Claim the case to refer the person." in page and "/refer" not in page
    status, page = await _post(browser, case.id, "refer", service=str(jobs.id))
    assert status == 409 and "claim the case first" in page

    await _post(browser, case.id, "claim")
    _, page = await browser.get(f"/console/cases/{case.id}")
    assert f'name="service" value="{jobs.id}"' in page
    assert f'value="{abroad.id}"' not in page, "only services of the person's country"
    status, location = await _post(browser, case.id, "refer", service=str(jobs.id))
    assert location == f"/console/cases/{case.id}?note=referred"
    _, page = await browser.get(location)
    assert "Referral sent" in page and "not answered yet" in page
    [card] = [t for t in await _texts_to(sessions, services, someone) if "Job centre" in t]
    assert "+7 727 111 11 11" in card

    async with sessions() as db, db.begin():
        [sent] = await referrals.of_person(db, someone.id)
        referrals.record(sent, "reached", NOW)
    _, page = await browser.get(f"/console/cases/{case.id}")
    assert "reached it" in page
    status, page = await _post(browser, case.id, "refer", service="999999")
    assert status == 409 and "That service is not in the directory any more." in page


async def test_a_colleagues_or_a_missing_case_is_refused_for_the_page_fragment_and_forms(
    client: Client, sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    aigul = await member(sessions, services)
    dana = await member(sessions, services)
    case = await raise_for(await person(sessions, services), "high")
    async with sessions() as db, db.begin():
        await cases.claim(db, services, await db.get_one(Escalation, case.id), dana)
    browser = await signed_in(client, sessions, services, aigul)
    for path in (f"/console/cases/{case.id}", f"/console/cases/{case.id}/live"):
        response, page = await browser.get(path)
        assert response.status == 403 and "не хочу жить" not in page
    token = await browser.csrf()
    for form in ("reply", "note", "transfer", "refer", "claim"):
        response, page = await browser.post(
            f"/console/cases/{case.id}/{form}", {"csrf": token, "text": "x", "service": "1"}
        )
        assert response.status == 403, form
    response, _ = await browser.get("/console/cases/999999")
    assert response.status == 404
    response, _ = await browser.post("/console/cases/999999/note", {"csrf": token, "text": "x"})
    assert response.status == 404
    assert await _views(sessions, case.id) == 0, "nothing shown, nothing audited as seen"
    async with sessions() as db:
        assert list(await db.scalars(select(CaseMessage))) == []
