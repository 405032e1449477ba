"""The content editor keeps its texts as content revisions, on each database: a member's
draft, a save over someone else's newer one refused naming them, publishing refused at the
lines to fix or put in force (a safety change only once a second member approves), the
revisions compared step by step and language by language, and a rollback. Every change is
audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import content_revisions as revisions
from bot.app.console import content_editor
from bot.app.console.content_editor import Checked, Done, Source
from bot.app.console.reading import Reader, Refused
from bot.domain.services import Services
from bot.storage.models import AuditEvent, Staff
from tests.app.console.conftest import ROOT
from tests.escalation.conftest import NOW

ASK = 'en: "What would you like to do?"'
NEW_ASK = 'en: "What shall we do now?"'
CALL = "If you are in danger right now, call 112."


def member(services: Services, code: str, role: str = "editor") -> Reader:
    return Reader(services, Staff(code=code, role=role, languages="en", console_locale="en"))


async def _seeded(db: AsyncSession) -> None:
    await revisions.seed_if_empty(db, ROOT / "flows", NOW, None)


async def _opened(tr: Reader, db: AsyncSession, name: str) -> Source:
    opened = await content_editor.source(tr, db, name)
    assert isinstance(opened, Source)
    return opened


async def test_a_draft_is_kept_apart_and_a_stale_save_names_its_author(
    sessions: async_sessionmaker[AsyncSession], services: Services
) -> None:
    ana, ben = member(services, "S-ANA"), member(services, "S-BEN", "admin")
    async with sessions() as db, db.begin():
        await _seeded(db)
        live = await _opened(ana, db, "menu")
        assert not live.draft and ASK in live.text
        saved = await content_editor.save(
            ana, db, "menu", live.text.replace(ASK, NEW_ASK), live.base_id
        )
        assert isinstance(saved, Done) and saved.revision is not None
        assert "Nothing changed for anyone" in saved.message
        # Ana comes back to her draft; the bot still says what is published.
        again = await _opened(ana, db, "menu")
        assert again.draft and NEW_ASK in again.text and again.base_id == saved.revision.id
        assert ASK in (await _opened(ben, db, "menu")).text
        stale = await content_editor.save(ben, db, "menu", live.text, live.base_id)
        audited = (await db.scalars(select(AuditEvent.action))).all()
    assert isinstance(stale, Refused) and stale.reason == "conflict"
    assert "S-ANA saved a newer revision, " in stale.message
    assert content_editor.SAVED in audited


async def test_publish_is_refused_at_the_lines_to_fix(
    sessions: async_sessionmaker[AsyncSession], services: Services
) -> None:
    ana = member(services, "S-ANA")
    async with sessions() as db, db.begin():
        await _seeded(db)
        opened = await _opened(ana, db, "menu")
        text = opened.text
        broken = text.replace("go: {flow: breathing}", "go: {flow: breathin}", 1)
        refused = await content_editor.publish(ana, db, "menu", broken, opened.base_id)
        live = await revisions.live_text(db, "menu")
    assert isinstance(refused, Checked)
    line = broken[: broken.index("go: {flow: breathin}")].count("\n") + 1
    assert [m.line for m in refused.marks] == [line]
    assert "breathin" in refused.marks[0].message
    assert live is not None and live[1] == text


async def test_a_published_menu_text_is_live(
    sessions: async_sessionmaker[AsyncSession], services: Services
) -> None:
    ana = member(services, "S-ANA")
    async with sessions() as db, db.begin():
        await _seeded(db)
        opened = await _opened(ana, db, "menu")
        done = await content_editor.publish(
            ana, db, "menu", opened.text.replace(ASK, NEW_ASK), opened.base_id
        )
        live = await revisions.live_text(db, "menu")
        audited = (await db.scalars(select(AuditEvent.action))).all()
    assert isinstance(done, Done) and done.message.startswith("Published: revision")
    assert live is not None and NEW_ASK in live[1] and live[0].author == "S-ANA"
    assert content_editor.PUBLISHED in audited


async def test_a_safety_change_waits_for_a_second_member(
    sessions: async_sessionmaker[AsyncSession], services: Services
) -> None:
    ana, ben = member(services, "S-ANA"), member(services, "S-BEN", "admin")
    async with sessions() as db, db.begin():
        await _seeded(db)
        opened = await _opened(ana, db, "counsellor")
        text = opened.text
        changed = text.replace(CALL, "If you are in danger, call 112 now.")
        done = await content_editor.publish(ana, db, "counsellor", changed, opened.base_id)
        assert isinstance(done, Done) and done.revision is not None
        assert "waiting for a second staff member's approval" in done.message
        live = await revisions.live_text(db, "counsellor")
        assert live is not None and live[1] == text
        pending = await content_editor.waiting(ben, db)
        assert not isinstance(pending, Refused)
        assert [p.revision.id for p in pending] == [done.revision.id]
        own = await content_editor.approve(ana, db, "counsellor", done.revision.id)
        assert isinstance(own, Refused) and "cannot approve your own change" in own.message
        approved = await content_editor.approve(ben, db, "counsellor", done.revision.id)
        assert isinstance(approved, Done) and "is published" in approved.message
        live = await revisions.live_text(db, "counsellor")
    assert live is not None and live[1] == changed and live[0].approved_by == "S-BEN"


async def test_revisions_compare_and_roll_back(
    sessions: async_sessionmaker[AsyncSession], services: Services
) -> None:
    ana = member(services, "S-ANA", "admin")
    async with sessions() as db, db.begin():
        await _seeded(db)
        first = await _opened(ana, db, "menu")
        assert first.base_id is not None
        done = await content_editor.publish(
            ana, db, "menu", first.text.replace(ASK, NEW_ASK), first.base_id
        )
        assert isinstance(done, Done) and done.revision is not None
        listed = await content_editor.history(ana, db, "menu")
        assert not isinstance(listed, Refused)
        assert listed[0].revision.live and listed[0].revision.summary is not None
        assert listed[0].revision.summary.parts == ("choose",)
        changes = await content_editor.compare(ana, db, "menu", first.base_id, done.revision.id)
        assert not isinstance(changes, Refused)
        assert [(c.part, c.language) for c in changes] == [("choose", "en")]
        back = await content_editor.rollback(ana, db, "menu", first.base_id)
        live = await revisions.live_text(db, "menu")
    assert isinstance(back, Done) and back.message.startswith("Rolled back")
    assert live is not None and live[1] == first.text


@pytest.mark.parametrize("role", ["counsellor", "supervisor"])
async def test_only_editors_and_admins_change_content(
    sessions: async_sessionmaker[AsyncSession], services: Services, role: str
) -> None:
    tr = member(services, "S-CO", role)
    async with sessions() as db, db.begin():
        await _seeded(db)
        live = await revisions.live_text(db, "menu")
        assert live is not None
        for refused in (
            await content_editor.source(tr, db, "menu"),
            await content_editor.save(tr, db, "menu", live[1], live[0].id),
            await content_editor.publish(tr, db, "menu", live[1], live[0].id),
            await content_editor.history(tr, db, "menu"),
            await content_editor.approve(tr, db, "menu", live[0].id),
            await content_editor.rollback(tr, db, "menu", live[0].id),
        ):
            assert isinstance(refused, Refused) and refused.reason == "forbidden"
