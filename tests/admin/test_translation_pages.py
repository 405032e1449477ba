"""The translations page over HTTP, on each database: every flow's status in every
language, a reviewer's mark (only in a language they speak), PO files downloaded and
uploaded with the checks of `qadam flows import-po`, and a bad file that changes nothing.
Also the revisions of content that is not a flow (risk rules), approved in the console."""

from __future__ import annotations

import io
import re

from aiohttp import FormData
from babel.messages.pofile import read_po, write_po
from sqlalchemy import select

from bot.app import content_revisions as revisions
from bot.app.content_revisions import CLI
from bot.domain.services import Services
from bot.storage.models import AuditEvent
from tests.admin.test_console import Browser, Client, signed_in
from tests.admin.test_content_pages import _as, _everything
from tests.app.console.conftest import ROOT
from tests.escalation.conftest import Sessions, member

PAGE = "/console/translations"
BREATHING = (ROOT / "flows" / "breathing.yaml").read_text(encoding="utf-8")
KK_TITLE = "  kk: Баяу тыныс алу\n"


def _cell(page: str, name: str, language: str) -> str:
    """The status a flow's row shows in one language's column."""
    found = re.search(
        rf'data-label="{language}" class="status-(\w+)"><a href="{PAGE}/\w+/{name}">', page
    )
    assert found, page
    return found.group(1)


def _counts(page: str, status: str) -> list[int]:
    row = re.search(rf"Flows: {status}</th>(.*?)</tr>", page, re.S)
    assert row, page
    return [int(n) for n in re.findall(r">(\d+)</td>", row.group(1))]


async def _upload(
    browser: Browser, data: bytes, do: str, filename: str = "kk.po"
) -> tuple[int, str]:
    form = FormData()
    form.add_field("csrf", await browser.csrf(PAGE))
    form.add_field("do", do)
    form.add_field("po", data, filename=filename, content_type="text/x-gettext-translation")
    response, page = await browser.post(PAGE + "/import", form)  # type: ignore[arg-type]
    return response.status, page


async def test_the_table_shows_each_flow_in_each_language_with_counts(
    client: Client, sessions: Sessions, services: Services
) -> None:
    async with sessions() as db, db.begin():
        # Checked in English only, so a text can lose its Kazakh, as an old import might.
        await revisions.publish(
            db,
            {"breathing": BREATHING.replace(KK_TITLE, "", 1)},
            author=CLI,
            now=services.clock(),
            locales=("en",),
        )
    browser = await _as(client, sessions, services, "editor")
    _, content = await browser.get("/console/content")
    assert f'href="{PAGE}"' in content
    response, page = await browser.get(PAGE)
    assert response.status == 200
    languages = re.findall(r'<th scope="col" lang="(\w+)">', page)
    assert languages == ["ru", "kk", "ky", "uz", "tg"]
    assert _cell(page, "breathing", "Kazakh") == "missing"
    assert f'href="{PAGE}/kk/breathing">missing</a> <span class="count">(1)</span>' in page
    assert _cell(page, "breathing", "Russian") == "unreviewed"
    flows = len(services.library.flows)
    missing, unreviewed = _counts(page, "missing"), _counts(page, "unreviewed")
    assert missing == [0, 1, 0, 0, 0] and unreviewed == [flows, flows - 1, flows, flows, flows]

    response, texts = await browser.get(f"{PAGE}/kk/breathing")
    assert response.status == 200 and "texts without a translation: 1" in texts
    assert "not translated yet" in texts and "Медленное дыхание" in texts
    # Texts that are missing cannot be marked reviewed: there is no button to.
    assert "mark it reviewed" not in texts

    for path in (PAGE, f"{PAGE}/kk/breathing", f"{PAGE}/kk.po"):
        counsellor = await _as(client, sessions, services, "counsellor")
        response, _ = await counsellor.get(path)
        assert response.status == 403
    response, _ = await browser.get(f"{PAGE}/en/breathing")
    assert response.status == 404
    response, _ = await browser.get(f"{PAGE}/kk/risk")
    assert response.status == 404


async def test_a_member_who_speaks_the_language_marks_a_flow_reviewed(
    client: Client, sessions: Sessions, services: Services
) -> None:
    aliya = await member(sessions, services, "editor", languages=("kk", "ru"))
    browser = await signed_in(client, sessions, services, aliya)
    _, texts = await browser.get(f"{PAGE}/kk/breathing")
    assert "Баяу тыныс алу" in texts and "Slow breathing" in texts and "Медленное дыхание" in texts
    assert "mark it reviewed" in texts
    token = await browser.csrf(f"{PAGE}/kk/breathing")
    response, _ = await browser.post(f"{PAGE}/kk/breathing/reviewed", {})
    assert response.status == 403  # no CSRF token

    response, page = await browser.post(f"{PAGE}/kk/breathing/reviewed", {"csrf": token})
    found = re.search(r"Marked reviewed: revision (\d+) records it", page)
    assert response.status == 200 and found, page
    _, table = await browser.get(PAGE)
    assert _cell(table, "breathing", "Kazakh") == "reviewed"
    assert _cell(table, "breathing", "Kyrgyz") == "unreviewed"

    async with sessions() as db:
        revision, text = await revisions.get(db, int(found.group(1)))
        mine = select(AuditEvent).where(AuditEvent.staff_id == aliya.id)
        audited = (await db.scalars(mine)).all()
    # Live at once: it changes no text anyone reads, so it needs no second approval.
    assert revision.live and revision.state == "approved" and revision.author == aliya.code
    assert revision.note == f"kk texts reviewed by {aliya.code}"
    assert "  kk: {reviewed: true}\n  ky: {reviewed: false}" in text
    assert text.replace("kk: {reviewed: true}", "kk: {reviewed: false}") == BREATHING
    assert [(a.action, a.detail) for a in audited if a.action.startswith("content.")] == [
        (
            "content.translation_reviewed",
            {"name": "breathing", "revision": revision.id, "state": "approved", "locale": "kk"},
        )
    ]
    _, again = await browser.post(f"{PAGE}/kk/breathing/reviewed", {"csrf": token})
    assert "already marked reviewed" in again


async def test_a_member_who_does_not_speak_the_language_is_refused(
    client: Client, sessions: Sessions, services: Services
) -> None:
    browser = await _as(client, sessions, services, "admin")  # speaks Russian only
    _, texts = await browser.get(f"{PAGE}/kk/breathing")
    assert "mark it reviewed" not in texts
    assert (
        "Only a staff member who speaks this language (Kazakh) can mark its texts reviewed" in texts
    )
    before = await _everything(sessions)
    token = await browser.csrf(f"{PAGE}/kk/breathing")
    response, page = await browser.post(f"{PAGE}/kk/breathing/reviewed", {"csrf": token})
    assert response.status == 403
    assert "Your languages: Russian." in page
    assert await _everything(sessions) == before


async def test_a_po_file_goes_out_and_comes_back_published(
    client: Client, sessions: Sessions, services: Services
) -> None:
    aliya = await member(sessions, services, "editor", languages=("kk",))
    browser = await signed_in(client, sessions, services, aliya)
    token = await browser.csrf(f"{PAGE}/kk/breathing")
    await browser.post(f"{PAGE}/kk/breathing/reviewed", {"csrf": token})

    response, _ = await browser.get(f"{PAGE}/kk.po")
    assert response.status == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="flows-kk.po"'
    catalog = read_po(io.BytesIO(await response.read()))
    assert str(catalog.locale) == "kk"
    title = catalog.get("Slow breathing", context="breathing.yaml:title")
    assert title is not None and title.string == "Баяу тыныс алу"
    assert catalog.get("Slow breathing", context="instruments/phq9.yaml:title") is None
    title.string = "Баяу тыныс алу жаттығуы"
    buffer = io.BytesIO()
    write_po(buffer, catalog)

    before = await _everything(sessions)
    status, page = await _upload(browser, buffer.getvalue(), "check")
    assert status == 200 and "No problems. Texts that would change (Kazakh): 1." in page
    assert "<code>breathing.yaml:title</code></td>" in page
    assert ">Баяу тыныс алу жаттығуы</td>" in page
    assert await _everything(sessions) == before

    # A closing quote deleted by mistake would have cut the last letter off the title.
    data = buffer.getvalue().decode()
    broken = data.replace('msgstr "Баяу тыныс алу жаттығуы"', 'msgstr "Баяу тыныс алу жаттығуы')
    line = data[: data.index('msgstr "Баяу тыныс алу жаттығуы"')].count("\n") + 1
    status, page = await _upload(browser, broken.encode(), "import")
    assert "Not imported, nothing changed. Problems: 1." in page
    assert f"kk.po: cannot read the PO file: line {line} is not a PO entry line" in page
    assert await _everything(sessions) == before

    status, page = await _upload(browser, buffer.getvalue(), "import")
    assert status == 200 and "Imported. Texts changed (Kazakh): 1." in page
    async with sessions() as db:
        live = await revisions.live_text(db, "breathing")
        mine = select(AuditEvent.action).where(AuditEvent.staff_id == aliya.id)
        actions = (await db.scalars(mine)).all()
    assert live is not None
    assert actions.count("content.po_import") == 1
    revision, text = live
    assert revision.author == aliya.code and revision.note == "kk texts imported from kk.po"
    assert "  kk: Баяу тыныс алу жаттығуы\n" in text
    # A changed text needs reading again.
    assert "  kk: {reviewed: false}" in text
    _, table = await browser.get(PAGE)
    assert _cell(table, "breathing", "Kazakh") == "unreviewed"


async def test_a_bad_po_file_is_refused_with_its_errors_and_changes_nothing(
    client: Client, sessions: Sessions, services: Services
) -> None:
    browser = await _as(client, sessions, services, "editor")
    response, _ = await browser.get(f"{PAGE}/kk.po")
    catalog = read_po(io.BytesIO(await response.read()))
    say = next(m for m in catalog if m.context == "breathing.yaml:steps.intro.say")
    say.string = "Мәтін"
    catalog.delete("Slow breathing", context="breathing.yaml:title")
    catalog.add("Slow breathing", "Баяу", context="breathing.yaml:no.such.place")
    buffer = io.BytesIO()
    write_po(buffer, catalog)
    before = await _everything(sessions)

    status, page = await _upload(browser, buffer.getvalue(), "import")
    assert status == 200 and "Not imported, nothing changed. Problems: 1." in page
    assert "breathing.yaml:no.such.place: no such text in the flows (unknown msgctxt)" in page

    header = b'msgid ""\nmsgstr ""\n"Language: kk\\n"\n\n'
    status, page = await _upload(browser, header + b'msgid "Slow breathing"\nBaaau\n', "import")
    assert status == 200 and "Not imported, nothing changed. Problems: 1." in page
    assert "kk.po: cannot read the PO file: line 6 is not a PO entry line" in page
    assert "qadam-po-" not in page
    # A file's name is only ever a name beside the temporary copy of the flows.
    status, page = await _upload(browser, header + b'msgid "x"\nBaaau\n', "import", "flows")
    assert "upload.po: cannot read the PO file" in page and "qadam-po-" not in page

    status, page = await _upload(browser, b"", "import")
    assert "Choose a PO file to upload." in page
    assert await _everything(sessions) == before


async def test_a_risk_rule_change_is_approved_in_the_console(
    client: Client, sessions: Sessions, services: Services
) -> None:
    name = "risk/acute_need"
    async with sessions() as db, db.begin():
        body = (await revisions.live_text(db, name) or (None, ""))[1]
        published = await revisions.publish(
            db,
            {name: body.replace("nothing (?:left )?to eat", "nothing (?:left |at all )?to eat", 1)},
            author=CLI,
            now=services.clock(),
            locales=services.catalogs.locales,
        )
    [waiting] = published.waiting
    browser = await _as(client, sessions, services, "admin")
    _, listing = await browser.get("/console/content")
    link = f"/console/content/{name}/revisions#revision-{waiting.id}"
    assert f'href="{link}"' in listing
    response, page = await browser.get(link.partition("#")[0])
    assert response.status == 200 and f'id="revision-{waiting.id}"' in page
    # Risk rules open in the editor like flows, the waiting change too.
    assert f'href="/console/content/{name}?revision={waiting.id}"' in page
    token = await browser.csrf(link.partition("#")[0])
    # Approved only under its own name: the rights are checked by the name in the address.
    response, _ = await browser.post(
        f"/console/content/menu/revisions/{waiting.id}/approve", {"csrf": token}
    )
    assert response.status == 404
    response, page = await browser.post(
        f"/console/content/{name}/revisions/{waiting.id}/approve", {"csrf": token}
    )
    assert response.status == 200 and f"Approved: revision {waiting.id} is published." in page
    async with sessions() as db:
        live = await revisions.live_text(db, name)
    assert live is not None and live[0].id == waiting.id
    response, _ = await browser.get("/console/content/risk/no_such_rule/revisions")
    assert response.status == 404
