"""The content editor and the simulator over HTTP: who may open them, the linter's
problems by line, a run tapped through in the person's language, htmx fragments, the
CSRF guard, and a database left exactly as it was."""

from __future__ import annotations

import re
from typing import Any

from markupsafe import escape
from sqlalchemy import select

from bot.domain.services import Services
from bot.storage.models import Base
from tests.admin.test_console import Browser, Client, signed_in
from tests.app.console.conftest import ROOT
from tests.escalation.conftest import Sessions, member

PAGE = "/console/content/breathing"
TEXT = (ROOT / "flows" / "breathing.yaml").read_text(encoding="utf-8")
TEEN_KK = {"age_band": "adolescent", "gender": "female", "role": "self", "locale": "kk"}
KAZAKH_TEEN = "Келіңіз, бір минутта бірге тынышталайық."


async def _as(client: Client, sessions: Sessions, services: Services, role: str) -> Browser:
    return await signed_in(client, sessions, services, await member(sessions, services, role))


async def _everything(sessions: Sessions) -> dict[str, list[Any]]:
    async with sessions() as db:
        return {
            table.name: sorted(map(tuple, (await db.execute(select(table))).all()), key=repr)
            for table in Base.metadata.sorted_tables
        }


async def test_counsellors_and_supervisors_are_refused(
    client: Client, sessions: Sessions, services: Services
) -> None:
    for role in ("counsellor", "supervisor"):
        browser = await _as(client, sessions, services, role)
        _, queue = await browser.get("/console/")
        assert 'href="/console/content"' not in queue
        for path in ("/console/content", PAGE):
            response, page = await browser.get(path)
            assert response.status == 403 and "This page is for editors and admins." in page
        token = await browser.csrf()
        response, page = await browser.post(PAGE, {"csrf": token, "text": TEXT, "do": "start"})
        assert response.status == 403 and KAZAKH_TEEN not in page


async def test_an_admin_checks_a_text_and_sees_the_line_of_each_problem(
    client: Client, sessions: Sessions, services: Services
) -> None:
    browser = await _as(client, sessions, services, "admin")
    response, listing = await browser.get("/console/content")
    assert response.status == 200 and f'href="{PAGE}"' in listing and "Slow breathing" in listing
    assert 'href="/console/content" aria-current="page"' in listing
    response, page = await browser.get(PAGE)
    assert response.status == 200 and str(escape(TEXT)) in page
    assert '<textarea id="flow-text" name="text"' in page

    token = await browser.csrf(PAGE)
    broken = TEXT.replace("start: intro", "start: intr", 1)
    line = TEXT[: TEXT.index("start: intro")].count("\n") + 1
    response, page = await browser.post(PAGE, {"csrf": token, "text": broken, "do": "check"})
    assert response.status == 200
    assert f'data-line="{line}"' in page and f"Line {line}</a>" in page
    assert "no step &#39;intr&#39;" in page
    # The text comes back as typed, for a browser without JavaScript.
    assert str(escape(broken)) in page

    response, page = await browser.post(PAGE, {"csrf": token, "text": TEXT, "do": "check"})
    assert "No problems found." in page and "data-line" not in page

    response, _ = await browser.post(PAGE, {"text": TEXT, "do": "check"})
    assert response.status == 403
    response, page = await browser.get("/console/content/no-such-flow")
    assert response.status == 404


async def test_the_simulator_runs_a_draft_as_a_kazakh_teenager_and_writes_nothing(
    client: Client, sessions: Sessions, services: Services
) -> None:
    browser = await _as(client, sessions, services, "admin")
    token = await browser.csrf(PAGE)
    before = await _everything(sessions)
    draft = TEXT.replace(KAZAKH_TEEN, "Бірге баяу тыныс алайық.", 1)
    form = {"csrf": token, "text": draft, "runs": "draft", **TEEN_KK}
    hx = {"HX-Request": "true"}
    response, fragment = await browser.post(PAGE, {**form, "do": "start"}, hx)
    assert response.status == 200 and "<html" not in fragment
    assert 'id="results"' in fragment and 'lang="kk"' in fragment
    assert "Бірге баяу тыныс алайық." in fragment and KAZAKH_TEEN not in fragment
    taps = re.findall(r'name="tap" value="(c:\d+)">([^<]+)<', fragment)
    assert taps, fragment

    # A tap comes back with the taps so far; the loaded flow still says the old text.
    first, label = taps[0]
    pairs = [*form.items(), ("tap", first)]
    _, fragment = await browser.post(PAGE, pairs, hx)
    assert re.search(r'class="from-person"><span[^>]*>[^<]*</span>' + re.escape(label), fragment)
    assert f'name="taken" value="{first}"' in fragment
    _, loaded = await browser.post(PAGE, {**form, "runs": "loaded", "do": "start"}, hx)
    assert KAZAKH_TEEN in loaded
    # Check keeps the run going on the text as it is now; without one, there is none.
    going = [*form.items(), ("taken", first), ("do", "check")]
    _, checked = await browser.post(PAGE, going, hx)
    assert "No problems found." in checked and f'name="taken" value="{first}"' in checked
    _, checked = await browser.post(PAGE, {**form, "do": "check"}, hx)
    assert "No problems found." in checked and "from-bot" not in checked

    assert await _everything(sessions) == before


async def test_enter_in_the_answer_field_answers(
    client: Client, sessions: Sessions, services: Services
) -> None:
    """Enter sends the form with its first button, Check; what was typed still answers."""
    browser = await _as(client, sessions, services, "admin")
    draft = TEXT.replace("start: intro", "start: idea", 1).replace(
        "steps:\n", 'steps:\n  idea:\n    ask: "Your idea?"\n    input: text\n    go: intro\n', 1
    )
    form = {"csrf": await browser.csrf(PAGE), "text": draft, **TEEN_KK}
    _, page = await browser.post(PAGE, {**form, "do": "start"})
    assert "Your idea?" in page and 'name="typed"' in page
    _, page = await browser.post(PAGE, {**form, "do": "check", "typed": "a walk"})
    assert 'name="taken" value="t:a walk"' in page and KAZAKH_TEEN in page
