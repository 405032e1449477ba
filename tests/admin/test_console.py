"""The console over HTTP: signing in from a link, cookies, CSRF, rate limits, what each
member may open, the queue and taking the next case."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from aiohttp import ClientResponse
from aiohttp.test_utils import TestClient
from aiohttp.web import Application, Request

from admin.console.limits import Limits
from bot.app import team
from bot.app.console import language, signin
from bot.app.console import sessions as console_sessions
from bot.domain.services import Services
from bot.escalation import cases
from bot.storage.models import Escalation, Staff
from tests.app.console.conftest import Hands
from tests.escalation.conftest import Raise, Sessions, member, person

Client = TestClient[Request, Application]
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@dataclass
class Browser:
    """A browser's cookie jar kept by hand: the console's cookies are Secure, which
    aiohttp's own jar would not send to a test server on plain HTTP."""

    client: Client
    cookies: dict[str, str] = field(default_factory=dict)

    async def get(
        self, path: str, headers: dict[str, str] | None = None
    ) -> tuple[ClientResponse, str]:
        return await self._send("GET", path, None, dict(headers or {}))

    async def post(
        self,
        path: str,
        # Pairs where a field repeats (checkboxes).
        data: dict[str, str] | list[tuple[str, str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[ClientResponse, str]:
        return await self._send("POST", path, data or {}, dict(headers or {}))

    async def _send(
        self, method: str, path: str, data: Any, headers: dict[str, str]
    ) -> tuple[ClientResponse, str]:
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        response = await self.client.request(
            method, path, data=data, headers=headers, allow_redirects=False
        )
        for name, morsel in response.cookies.items():
            if morsel.value and morsel["max-age"] != "0":
                self.cookies[name] = morsel.value
            else:
                self.cookies.pop(name, None)
        return response, await response.text()

    async def csrf(self, path: str = "/console/") -> str:
        _, page = await self.get(path)
        found = CSRF.search(page)
        assert found, page
        return found.group(1)


async def _secret(sessions: Sessions, services: Services, who: Staff) -> str:
    async with sessions() as db, db.begin():
        link = await signin.issue(db, services, await db.get_one(Staff, who.id), "http://x")
    return link.removeprefix(f"http://x{signin.PATH}")


async def signed_in(
    client: Client, sessions: Sessions, services: Services, who: Staff, *, locale: str = "en"
) -> Browser:
    """A browser signed in as `who`, who reads the console in `locale` (the members these
    tests make read the bot in Russian)."""
    async with sessions() as db, db.begin():
        (await db.get_one(Staff, who.id)).console_locale = locale
    browser = Browser(client)
    path = signin.PATH + await _secret(sessions, services, who)
    token = await browser.csrf(path)
    response, _ = await browser.post(path, {"csrf": token})
    assert response.status == 303 and response.headers["Location"] == "/console/"
    return browser


async def test_a_link_shows_a_button_and_the_button_signs_in(
    client: Client, sessions: Sessions, services: Services
) -> None:
    aigul = await member(sessions, services)
    async with sessions() as db, db.begin():
        (await db.get_one(Staff, aigul.id)).console_locale = "en"
    browser = Browser(client)
    path = signin.PATH + await _secret(sessions, services, aigul)
    for _ in range(2):  # a link preview's GET leaves the link usable
        response, page = await browser.get(path)
        assert response.status == 200 and '<form method="post">' in page
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["Referrer-Policy"] == "no-referrer"
    token = CSRF.search(page)
    assert token is not None
    response, _ = await browser.post(path, {"csrf": token.group(1)})
    assert response.status == 303
    cookie = response.cookies[console_cookie := "qadam_console"]
    assert cookie["httponly"] and cookie["secure"] and cookie["samesite"] == "Strict"
    assert cookie["path"] == "/console"
    response, _ = await browser.get("/console")
    assert response.headers["Location"] == "/console/"
    response, page = await browser.get("/console/")
    assert response.status == 200, page
    assert "Open cases" in page and "Aigul" in page and console_cookie in browser.cookies


async def test_signing_in_needs_the_token_of_the_page_the_link_showed(
    client: Client, sessions: Sessions, services: Services
) -> None:
    aigul = await member(sessions, services)
    path = signin.PATH + await _secret(sessions, services, aigul)
    # Another site posting the link from its own page has neither the cookie nor the token.
    response, _ = await Browser(client).post(path, {"csrf": "guess"})
    assert response.status == 403
    assert "qadam_console" not in response.cookies
    await signed_in(client, sessions, services, aigul)  # the link still works


async def test_used_expired_and_unknown_links_say_to_send_console_again(
    client: Client, sessions: Sessions, services: Services, hands: Hands
) -> None:
    aigul = await member(sessions, services)
    used = await _secret(sessions, services, aigul)
    browser = Browser(client)
    token = await browser.csrf(signin.PATH + used)
    await browser.post(signin.PATH + used, {"csrf": token})
    expired = await _secret(sessions, services, aigul)
    hands.advance(signin.VALID_FOR)
    for secret in (used, expired, "not-a-link-the-bot-gave"):
        response, page = await Browser(client).get(signin.PATH + secret)
        assert response.status == 410
        assert "Send /console to the bot for a new link" in page
        assert "<form" not in page


async def test_a_used_link_posted_again_signs_nobody_in(
    client: Client, sessions: Sessions, services: Services
) -> None:
    aigul = await member(sessions, services)
    path = signin.PATH + await _secret(sessions, services, aigul)
    first, second = Browser(client), Browser(client)
    tokens = [await first.csrf(path), await second.csrf(path)]
    await first.post(path, {"csrf": tokens[0]})
    response, _ = await second.post(path, {"csrf": tokens[1]})
    assert response.status == 410 and "qadam_console" not in second.cookies


async def test_every_change_needs_the_sessions_csrf_token(
    client: Client, sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    aigul = await member(sessions, services)
    case = await raise_for(await person(sessions, services), "high")
    browser = await signed_in(client, sessions, services, aigul)
    for form in ({}, {"csrf": "forged"}):
        response, page = await browser.post("/console/queue/take", form)
        assert response.status == 403 and "The form has expired" in page
    other = await signed_in(client, sessions, services, aigul)
    response, _ = await browser.post("/console/queue/take", {"csrf": await other.csrf()})
    assert response.status == 403, "another session's token is refused"
    async with sessions() as db:
        assert (await db.get_one(Escalation, case.id)).status == "open"
    # htmx sends it as a header.
    response, _ = await browser.post(
        "/console/queue/take", headers={"X-CSRF-Token": await browser.csrf()}
    )
    assert response.status == 303
    assert response.headers["Location"] == f"/console/cases/{case.id}?note=claimed"


async def test_take_the_next_case_claims_it_and_shows_it(
    client: Client, sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    aigul = await member(sessions, services)
    medium = await raise_for(await person(sessions, services), "medium")
    critical = await raise_for(await person(sessions, services), "critical")
    browser = await signed_in(client, sessions, services, aigul)
    _, queue_page = await browser.get("/console/")
    assert queue_page.index(f"/console/cases/{critical.id}") < queue_page.index(
        f"/console/cases/{medium.id}"
    )
    response, _ = await browser.post("/console/queue/take", {"csrf": await browser.csrf()})
    response, page = await browser.get(response.headers["Location"])
    assert response.status == 200
    assert "You have claimed this case." in page and "thoughts of suicide" in page
    async with sessions() as db:
        found = await db.get_one(Escalation, critical.id)
        assert (found.status, found.staff_id) == ("claimed", aigul.id)
    await browser.post("/console/queue/take", {"csrf": await browser.csrf()})
    response, _ = await browser.post("/console/queue/take", {"csrf": await browser.csrf()})
    assert response.headers["Location"] == "/console/?note=none"
    _, page = await browser.get("/console/?note=none")
    assert "There is no case waiting that you may take." in page


async def test_a_counsellor_is_refused_a_colleagues_case_by_its_address(
    client: Client, sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    aigul = await member(sessions, services)
    dana = await member(sessions, services)
    case = await raise_for(await person(sessions, services), "high")
    async with sessions() as db, db.begin():
        await cases.claim(db, services, await db.get_one(Escalation, case.id), dana)
    browser = await signed_in(client, sessions, services, aigul)
    response, page = await browser.get(f"/console/cases/{case.id}")
    assert response.status == 403 and "Not yours to see" in page
    assert "thoughts of suicide" not in page
    response, _ = await browser.post(
        f"/console/cases/{case.id}/resolve",
        {"csrf": await browser.csrf(), "outcome": "supported"},
    )
    assert response.status == 403
    response, _ = await browser.get("/console/?show=all")
    assert response.status == 403, "all cases are for supervisors"
    response, _ = await browser.get("/console/cases/999999")
    assert response.status == 404
    theirs = await signed_in(client, sessions, services, dana)
    response, page = await theirs.get(f"/console/cases/{case.id}")
    assert response.status == 200 and "thoughts of suicide" in page


async def test_a_supervisor_sees_and_resolves_any_case(
    client: Client, sessions: Sessions, services: Services, raise_for: Raise
) -> None:
    dana = await member(sessions, services)
    boss = await member(sessions, services, role="supervisor", on_duty=False)
    case = await raise_for(await person(sessions, services), "high")
    async with sessions() as db, db.begin():
        await cases.claim(db, services, await db.get_one(Escalation, case.id), dana)
    browser = await signed_in(client, sessions, services, boss)
    _, page = await browser.get("/console/?show=all")
    assert f"/console/cases/{case.id}" in page and "Aigul" in page
    response, page = await browser.post(
        f"/console/cases/{case.id}/resolve", {"csrf": await browser.csrf()}
    )
    assert response.status == 409 and "Choose how the case ended." in page
    response, _ = await browser.post(
        f"/console/cases/{case.id}/resolve",
        {"csrf": await browser.csrf(), "outcome": "supported"},
    )
    assert response.status == 303
    async with sessions() as db:
        found = await db.get_one(Escalation, case.id)
        assert (found.status, found.outcome) == ("resolved", "supported")


async def test_a_deactivated_member_is_signed_out_on_their_next_request(
    client: Client, sessions: Sessions, services: Services
) -> None:
    aigul = await member(sessions, services)
    browser = await signed_in(client, sessions, services, aigul)
    async with sessions() as db, db.begin():
        await team.deactivate(db, services, aigul.code)
    response, _ = await browser.get("/console/")
    assert response.status == 303 and response.headers["Location"] == "/console/signed-out"
    response, _ = await browser.get("/console/queue/rows", {"HX-Request": "true"})
    assert response.status == 401 and response.headers["HX-Redirect"] == "/console/signed-out"
    _, page = await browser.get("/console/signed-out")
    assert "send /console to the bot" in page


async def test_an_idle_session_is_signed_out(
    client: Client, sessions: Sessions, services: Services, hands: Hands
) -> None:
    aigul = await member(sessions, services)
    browser = await signed_in(client, sessions, services, aigul)
    hands.advance(console_sessions.IDLE + timedelta(seconds=1))
    response, _ = await browser.get("/console/")
    assert response.headers["Location"] == "/console/signed-out"


async def test_sign_out_and_sign_out_everywhere(
    client: Client, sessions: Sessions, services: Services
) -> None:
    aigul = await member(sessions, services)
    phone = await signed_in(client, sessions, services, aigul)
    laptop = await signed_in(client, sessions, services, aigul)
    tablet = await signed_in(client, sessions, services, aigul)
    response, _ = await phone.post("/console/signout", {"csrf": await phone.csrf()})
    assert response.headers["Location"] == "/console/signed-out"
    assert "qadam_console" not in phone.cookies
    assert (await laptop.get("/console/"))[0].status == 200
    await laptop.post("/console/signout-everywhere", {"csrf": await laptop.csrf()})
    assert (await tablet.get("/console/"))[0].status == 303


async def test_sign_in_attempts_are_limited(
    client: Client, sessions: Sessions, services: Services, limits: Limits
) -> None:
    limits.per_client = 3
    aigul = await member(sessions, services)
    secret = await _secret(sessions, services, aigul)
    browser = Browser(client)
    for _ in range(3):
        assert (await browser.get(signin.PATH + "guess"))[0].status == 410
    response, page = await browser.get(signin.PATH + secret)
    assert response.status == 429 and "Too many attempts" in page


async def test_a_member_picks_the_console_language(
    client: Client, sessions: Sessions, services: Services
) -> None:
    aigul = await member(sessions, services)
    async with sessions() as db:
        assert language.of(services, await db.get_one(Staff, aigul.id)) == "ru"
    browser = await signed_in(client, sessions, services, aigul)
    _, page = await browser.get("/console/")
    assert '<html lang="en">' in page, "the language they read the bot in, at first"
    response, _ = await browser.post(
        "/console/language", {"csrf": await browser.csrf(), "locale": "kk", "back": "/console/"}
    )
    assert response.status == 303
    _, page = await browser.get("/console/")
    assert '<html lang="kk">' in page
    response, _ = await browser.post(
        "/console/language", {"csrf": await browser.csrf(), "locale": "xx"}
    )
    assert response.status == 400
