"""The content editor and the simulator over HTTP: who may open them, the linter's
problems by line, a run tapped through in the person's language, htmx fragments, the
CSRF guard, and a database left exactly as it was."""

from __future__ import annotations

import html
import re
from typing import Any

from markupsafe import escape
from sqlalchemy import select

from bot.app import content_revisions as revisions
from bot.app.content_revisions import CLI
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


MENU = "/console/content/menu"
ASK = 'en: "What would you like to do?"'
NEW_ASK = 'en: "What shall we do now?"'
CALL = "If you are in danger right now, call 112."
BASE = re.compile(r'name="base" value="(\d+)"')


async def _opened(browser: Browser, path: str) -> tuple[str, str]:
    """The text in the editor and the revision it stands on."""
    _, page = await browser.get(path)
    text = re.search(r'name="text"[^>]*>(.*?)</textarea>', page, re.S)
    base = BASE.search(page)
    assert text and base, page
    return html.unescape(text.group(1)), base.group(1)


async def test_a_draft_is_saved_published_compared_and_rolled_back(
    client: Client, sessions: Sessions, services: Services
) -> None:
    ana = await member(sessions, services, "editor")
    browser = await signed_in(client, sessions, services, ana)
    other = await _as(client, sessions, services, "admin")
    text, live = await _opened(browser, MENU)
    token = await browser.csrf(MENU)
    edited = text.replace(ASK, NEW_ASK)
    _, page = await browser.post(MENU, {"csrf": token, "text": edited, "base": live, "do": "save"})
    assert "Draft saved as revision" in page and "You are editing your draft" in page
    again, draft = await _opened(browser, MENU)
    assert again == edited and draft != live

    # Someone who opened the published text before Ana saved is told who and when.
    form = {"csrf": await other.csrf(MENU), "text": text, "base": live, "do": "save"}
    _, page = await other.post(MENU, form)
    assert f"Not saved: Aigul ({ana.code}) saved a newer revision, {draft}, at" in page
    assert f'<a href="{MENU}?revision={draft}">Open revision {draft}</a>' in page

    _, page = await browser.post(
        MENU, {"csrf": token, "text": edited, "base": draft, "do": "publish"}
    )
    published = BASE.search(page)
    assert "Published: revision" in page and published
    _, listing = await browser.get(f"{MENU}/revisions?a={live}&b={published.group(1)}")
    assert 'data-label="Language">en</td>' in listing
    # Step by step, language by language, and within a text the words that changed.
    assert "What <del>would you like to</del> do?" in listing
    assert "What <ins>shall we</ins> do<ins> now</ins>?" in listing
    assert "choose (en)" in listing and "published now" in listing
    assert f'data-label="Who">Aigul ({ana.code})</td>' in listing
    assert 'data-label="Who">the files under flows/</td>' in listing
    # The first revision came from the files: it is said so, not listed key by key.
    assert "First revision, imported from files" in listing and "spec, flow" not in listing

    rollback = f"{MENU}/revisions/{live}/rollback"
    # One click only asks: it says what would go live, and changes nothing yet.
    assert f'<a class="button" href="{rollback}">Roll back to this</a>' in listing
    before = await _everything(sessions)
    _, asked = await browser.get(rollback)
    assert f"Roll menu back to revision {live}?" in asked
    assert "What <del>shall we</del> do<del> now</del>?" in asked
    assert "What <ins>would you like to</ins> do?" in asked
    assert f'<form method="post" action="{rollback}">' in asked and "Yes, roll back" in asked
    assert await _everything(sessions) == before
    response, _ = await browser.post(rollback, {})
    assert response.status == 403
    _, page = await browser.post(rollback, {"csrf": token})
    assert "Rolled back" in page
    assert (await _opened(other, MENU))[0] == text


async def test_a_safety_change_waits_for_a_second_member(
    client: Client, sessions: Sessions, services: Services
) -> None:
    flow = "/console/content/counsellor"
    ana = await _as(client, sessions, services, "editor")
    ben = await _as(client, sessions, services, "admin")
    text, live = await _opened(ana, flow)
    changed = text.replace(CALL, "If you are in danger, call 112 now.")
    form = {"csrf": await ana.csrf(flow), "text": changed, "base": live, "do": "publish"}
    _, page = await ana.post(flow, form)
    waiting = BASE.search(page)
    assert "waiting for a second staff member&#39;s approval" in page and waiting
    approve = f"{flow}/revisions/{waiting.group(1)}/approve"
    # The author is not offered Approve; asked all the same, the server refuses.
    _, listing = await ana.get(f"{flow}/revisions")
    assert f'action="{approve}"' not in listing
    _, page = await ana.post(approve, {"csrf": form["csrf"]})
    assert "You cannot approve your own change" in page
    _, listing = await ben.get(f"{flow}/revisions")
    assert f'action="{approve}"' in listing
    _, listing = await ben.get("/console/content")
    assert f'href="{flow}/revisions#revision-{waiting.group(1)}"' in listing
    assert (await _opened(ben, flow))[0] == text
    _, page = await ben.post(approve, {"csrf": await ben.csrf(flow)})
    assert "Approved: revision" in page
    assert (await _opened(ben, flow))[0] == changed

    # The audit log says it in words, with the file and the revision, and filters by it.
    number = waiting.group(1)
    _, log = await ben.get("/console/audit?action=content.submit")
    assert f"content change sent for a second approval: counsellor, revision {number}" in log
    table = log.split("<table")[1].split("</table>")[0]
    assert "content published" not in table and "content.submit" not in table
    assert '<option value="content.publish">content published</option>' in log
    _, log = await ben.get("/console/audit?action=content.approve")
    assert f"content change approved and published: counsellor, revision {number}" in log


async def test_counsellors_see_no_revisions_and_change_none(
    client: Client, sessions: Sessions, services: Services
) -> None:
    browser = await _as(client, sessions, services, "counsellor")
    response, _ = await browser.get(f"{MENU}/revisions")
    assert response.status == 403
    token = await browser.csrf()
    before = await _everything(sessions)
    for action in ("rollback", "approve"):
        response, _ = await browser.post(f"{MENU}/revisions/1/{action}", {"csrf": token})
        assert response.status == 403
    response, _ = await browser.post(MENU, {"csrf": token, "text": TEXT, "do": "publish"})
    assert response.status == 403
    assert await _everything(sessions) == before


async def test_someone_elses_draft_opens_from_its_revision_and_runs_in_the_simulator(
    client: Client, sessions: Sessions, services: Services
) -> None:
    ana = await _as(client, sessions, services, "editor")
    ben = await _as(client, sessions, services, "admin")
    text, live = await _opened(ana, MENU)
    form = {"csrf": await ana.csrf(MENU), "text": text.replace(ASK, NEW_ASK), "base": live}
    _, page = await ana.post(MENU, {**form, "do": "save"})
    saved = BASE.search(page)
    assert saved and saved.group(1) != live
    draft = saved.group(1)

    # Ben opens the menu and finds what is published; the revisions page opens Ana's draft.
    assert (await _opened(ben, MENU))[1] == live
    _, listing = await ben.get(f"{MENU}/revisions")
    assert f'href="{MENU}?revision={draft}"' in listing
    opened, base = await _opened(ben, f"{MENU}?revision={draft}")
    assert base == draft and "What shall we do now?" in opened
    _, page = await ben.get(f"{MENU}?revision={draft}")
    assert f"You are editing revision {draft}, which is not published" in page
    assert 'name="opened" value="other"' in page

    token = await ben.csrf(MENU)
    run = {"csrf": token, "text": opened, "base": base, "runs": "draft", "do": "start"}
    run["opened"] = "other"
    _, fragment = await ben.post(MENU, run, {"HX-Request": "true"})
    assert "What shall we do now?" in fragment and "What would you like to do?" not in fragment
    # The page still says what the text stands on.
    assert f"You are editing revision {draft}, which is not published" in fragment
    _, loaded = await ben.post(MENU, {**run, "runs": "loaded"}, {"HX-Request": "true"})
    assert "What would you like to do?" in loaded

    response, _ = await ben.get(f"/console/content/breathing?revision={draft}")
    assert response.status == 404


RISK = "/console/content/risk/suicide"
CONTACTS = "/console/content/services/crisis-contacts"


async def test_every_content_file_is_listed_by_group_and_opens_in_the_editor(
    client: Client, sessions: Sessions, services: Services
) -> None:
    """Risk rules, crisis contacts and questionnaires are edited like flows, without the
    simulator, which only runs flows."""
    browser = await _as(client, sessions, services, "admin")
    _, listing = await browser.get("/console/content")
    headings = re.findall(r'<h2 id="group-[a-z]+">([^<]+)</h2>', listing)
    assert headings == ["Flows", "Questionnaires", "Risk rules", "Crisis contacts and services"]
    for path in (RISK, CONTACTS, "/console/content/instruments/phq9", PAGE):
        assert f'href="{path}"' in listing
    response, page = await browser.get(RISK)
    assert response.status == 200 and "Content file risk/suicide" in page
    assert "category: suicide" in page and 'name="base" value="' in page
    assert "Only flows run in the simulator." in page and 'name="runs"' not in page
    # A rule is not a flow: the way back names the page it leads to.
    assert '<a href="/console/content">Content</a>' in page and "All flows" not in page
    # The same linter as the command line, at the line of the file.
    text, _ = await _opened(browser, RISK)
    token = await browser.csrf(RISK)
    broken = text.replace("severity: critical", "severity: dire", 1)
    line = text[: text.index("severity: critical")].count("\n") + 1
    _, page = await browser.post(RISK, {"csrf": token, "text": broken, "do": "check"})
    assert f'data-line="{line}"' in page and "No problems found." not in page
    _, page = await browser.post(RISK, {"csrf": token, "text": text, "do": "check"})
    assert "No problems found." in page
    _, history = await browser.get(f"{RISK}/revisions")
    assert f'href="{RISK}"' in history and "All flows" not in history


async def test_a_crisis_contact_change_is_published_only_after_a_second_approval(
    client: Client, sessions: Sessions, services: Services
) -> None:
    ana = await _as(client, sessions, services, "editor")
    ben = await _as(client, sessions, services, "admin")
    text, live = await _opened(ana, CONTACTS)
    changed = text.replace("Emergency services", "Emergency services (police, ambulance)", 1)
    token = await ana.csrf(CONTACTS)
    _, page = await ana.post(CONTACTS, {"csrf": token, "text": changed, "base": live, "do": "save"})
    assert "Draft saved as revision" in page
    draft = BASE.search(page)
    assert draft
    form = {"csrf": token, "text": changed, "base": draft.group(1), "do": "publish"}
    _, page = await ana.post(CONTACTS, form)
    waiting = BASE.search(page)
    assert "waiting for a second staff member&#39;s approval" in page and waiting
    assert (await _opened(ben, CONTACTS))[0] == text
    _, listing = await ben.get(f"{CONTACTS}/revisions")
    assert f'href="{CONTACTS}?revision={waiting.group(1)}"' in listing
    approve = f"{CONTACTS}/revisions/{waiting.group(1)}/approve"
    _, page = await ben.post(approve, {"csrf": await ben.csrf(CONTACTS)})
    assert "Approved: revision" in page
    assert (await _opened(ana, CONTACTS))[0] == changed


async def test_an_unknown_console_address_answers_the_consoles_own_page(
    client: Client, sessions: Sessions, services: Services
) -> None:
    browser = await _as(client, sessions, services, "admin")
    for path in ("/console/content/risk/no-such-rule", "/console/no-such-page"):
        response, page = await browser.get(path)
        assert response.status == 404 and 'href="/console/content"' in page, path
        assert "<html" in page and "404: Not Found" not in page
    response, page = await browser.get("/console/content/risk/no-such-rule/revisions")
    assert response.status == 404 and "<html" in page


async def test_a_failed_publish_keeps_nothing_and_says_so(
    client: Client, sessions: Sessions, services: Services
) -> None:
    ana = await _as(client, sessions, services, "editor")
    ben = await _as(client, sessions, services, "admin")
    text, live = await _opened(ana, MENU)
    token = await ana.csrf(MENU)
    before = await _everything(sessions)
    broken = text.replace("start: choose", "start: chose", 1)
    assert broken != text
    form = {"csrf": token, "text": broken, "base": live, "do": "publish"}
    for _ in range(2):
        _, page = await ana.post(MENU, form)
        assert "Not published: nothing changed for anyone, and nothing was saved." in page
        assert "data-line=" in page and str(escape(broken)) in page
    assert await _everything(sessions) == before
    # The editor opens the published text, and Ben's save is not refused.
    _, page = await ana.get(MENU)
    assert f"You are editing the published text, revision {live}." in page
    other = {"csrf": await ben.csrf(MENU), "text": text.replace(ASK, NEW_ASK), "base": live}
    _, page = await ben.post(MENU, {**other, "do": "save"})
    assert "Draft saved as revision" in page


async def test_a_member_discards_their_own_draft(
    client: Client, sessions: Sessions, services: Services
) -> None:
    ana = await _as(client, sessions, services, "editor")
    ben = await _as(client, sessions, services, "admin")
    text, live = await _opened(ana, MENU)
    token = await ana.csrf(MENU)
    form = {"csrf": token, "text": text.replace(ASK, NEW_ASK), "base": live, "do": "save"}
    _, page = await ana.post(MENU, form)
    saved = BASE.search(page)
    assert saved
    draft = saved.group(1)
    _, page = await ana.get(MENU)
    assert f"You are editing your draft, revision {draft}." in page
    assert f'<a href="{MENU}?revision={live}">Open the published text, revision {live}</a>' in page
    discard = f"{MENU}/revisions/{draft}/discard"
    assert f'action="{discard}"' in page
    # Only the author discards it.
    _, page = await ben.post(discard, {"csrf": await ben.csrf(MENU)})
    assert "Only your own draft can be discarded." in page
    # Someone else's unpublished draft is offered to publish, not to "roll back" to.
    _, listing = await ben.get(f"{MENU}/revisions")
    publish = f"{MENU}/revisions/{draft}/rollback"
    assert f'<a class="button" href="{publish}">Publish this</a>' in listing
    _, asked = await ben.get(publish)
    assert f"Publish revision {draft} of menu?" in asked and "Yes, publish it" in asked
    _, page = await ana.post(discard, {"csrf": token})
    assert f"Draft {draft} discarded" in page and "discarded draft" in page
    assert await _opened(ana, MENU) == (text, live)
    # Ben, who opened the published text, saves without being told of Ana's draft.
    other = {"csrf": await ben.csrf(MENU), "text": text, "base": live, "do": "save"}
    _, page = await ben.post(MENU, {**other, "text": text.replace(ASK, 'en: "Next?"')})
    assert "Draft saved as revision" in page


async def test_the_russian_console_says_it_in_russian(
    client: Client, sessions: Sessions, services: Services
) -> None:
    browser = await _as(client, sessions, services, "admin")
    token = await browser.csrf()
    await browser.post("/console/language", {"csrf": token, "locale": "ru", "back": "/console/"})
    async with sessions() as db, db.begin():
        live = await revisions.live_text(db, "menu")
        assert live is not None
        changed = live[1].replace(ASK, NEW_ASK)
        await revisions.publish(
            db,
            {"menu": changed},
            author=CLI,
            now=services.clock(),
            locales=["en", "ru", "kk"],
            note="kk texts imported from kk.po",
        )
    _, queue = await browser.get("/console/")
    assert ">Открыть</button>" in queue and ">Открыто<" not in queue
    assert ">Сотрудники</a>" in queue and 'href="/console/translations">Переводы</a>' in queue
    _, listing = await browser.get(f"{MENU}/revisions")
    assert "загружено из файлов в папке flows/" in listing and "imported from files" not in listing
    assert "Казахский: тексты загружены из kk.po" in listing
    assert ">командная строка</td>" in listing
    token = await browser.csrf(MENU)
    _, page = await browser.post(f"{MENU}/revisions/{live[0].id}/rollback", {"csrf": token})
    assert f"возврат к редакции {live[0].id}" in page and "rollback to revision" not in page
    _, editor = await browser.get(PAGE)
    assert ">не выбрано</option>" in editor and "не задана" not in editor
    assert '<option value="other">Другая страна</option>' in editor
