"""Content revisions on each database: checked publishing, a second approval for safety,
drafts refused over someone else's newer save, rollback, comparison, seed and reload."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import content_revisions as revisions
from bot.app.content_revisions import (
    CLI,
    NotPublishable,
    SelfApproval,
    StaleBase,
    UnknownRevision,
)
from bot.content import store, tree

NOW = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)
LOCALES = ("en", "ru")
MENU = """\
spec: 1
flow: menu
title: {en: Menu, ru: Меню}
start: choose
steps:
  choose:
    ask: {en: "What would you like to do?", ru: "Что бы вы хотели сделать?"}
    options:
      - {value: talk, text: {en: Talk, ru: Поговорить}, go: {flow: counsellor}}
      - {value: bye, text: {en: Bye, ru: Пока}, go: bye}
  bye:
    say: {en: "Bye", ru: "Пока"}
    end: true
"""
COUNSELLOR = """\
spec: 1
flow: counsellor
title: {en: Counsellor, ru: Консультант}
start: request
steps:
  request:
    escalate: {severity: medium, reason: asked-for-counsellor}
    say: {en: "A counsellor will write to you here.", ru: "Консультант напишет вам здесь."}
    end: true
"""
SEED = {"menu": MENU, "counsellor": COUNSELLOR}


@pytest.fixture
def seed(tmp_path: Path) -> Path:
    folder = tmp_path / "flows"
    tree.write(SEED, folder)
    return folder


async def seeded(db: AsyncSession, folder: Path) -> None:
    assert await revisions.seed_if_empty(db, folder, NOW, LOCALES) == 2


async def test_the_seed_is_published_once(
    sessions: async_sessionmaker[AsyncSession], seed: Path
) -> None:
    async with sessions() as db, db.begin():
        await seeded(db, seed)
        assert await revisions.seed_if_empty(db, seed, NOW, LOCALES) == 0
        found = await revisions.revisions(db)

    assert sorted(r.name for r in found) == ["counsellor", "menu"]
    assert all(r.live and r.author == "seed" and r.base_id is None for r in found)


async def test_a_broken_seed_is_refused_with_the_file_named(
    sessions: async_sessionmaker[AsyncSession], seed: Path
) -> None:
    (seed / "menu.yaml").write_text(MENU.replace("go: bye", "go: byee"), "utf-8")

    async with sessions() as db, db.begin():
        with pytest.raises(NotPublishable) as refused:
            await revisions.seed_if_empty(db, seed, NOW, LOCALES)
        assert await store.marker(db) == 0

    assert "menu.yaml: steps.choose.options[1].go" in str(refused.value)
    assert "did you mean 'bye'" in str(refused.value)


async def test_a_published_text_is_live_with_what_changed(
    sessions: async_sessionmaker[AsyncSession], seed: Path
) -> None:
    async with sessions() as db, db.begin():
        await seeded(db, seed)
        before = await store.marker(db)
        done = await revisions.publish(
            db,
            {
                "menu": MENU.replace("Что бы вы хотели сделать?", "Чем займёмся?"),
                "counsellor": COUNSELLOR,
            },
            author=CLI,
            now=NOW,
            locales=LOCALES,
            note="shorter",
        )
        live = await revisions.live_text(db, "menu")
        assert await store.marker(db) > before

    [rev] = done.live
    assert done.unchanged == ("counsellor",) and not done.waiting
    assert rev.summary is not None and rev.summary.parts == ("choose",)
    assert rev.summary.languages == ("ru",)
    assert live is not None and live[0].id == rev.id and "Чем займёмся?" in live[1]


async def test_a_broken_publish_changes_nothing(
    sessions: async_sessionmaker[AsyncSession], seed: Path
) -> None:
    async with sessions() as db, db.begin():
        await seeded(db, seed)
        marker = await store.marker(db)
        with pytest.raises(NotPublishable) as refused:
            await revisions.publish(
                db, {"menu": MENU.replace("ru: Пока}", "}")}, author=CLI, now=NOW, locales=LOCALES
            )
        assert await store.marker(db) == marker
        assert len(await revisions.revisions(db, "menu")) == 1

    assert "menu.yaml: steps.choose.options[1].text: no 'ru' text" in str(refused.value)


async def test_removing_a_flow_others_go_to_is_refused(
    sessions: async_sessionmaker[AsyncSession], seed: Path
) -> None:
    async with sessions() as db, db.begin():
        await seeded(db, seed)
        renamed = COUNSELLOR.replace("flow: counsellor", "flow: counsellors")
        with pytest.raises(NotPublishable) as refused:
            await revisions.publish(
                db, {"counsellor": renamed}, author=CLI, now=NOW, locales=LOCALES
            )

    assert "menu.yaml" in str(refused.value)


async def test_a_safety_critical_change_waits_for_another_staff_member(
    sessions: async_sessionmaker[AsyncSession], seed: Path
) -> None:
    calmer = COUNSELLOR.replace("will write to you here.", "will write to you here soon.")
    async with sessions() as db, db.begin():
        await seeded(db, seed)
        done = await revisions.publish(
            db, {"counsellor": calmer}, author="S-AAAA", now=NOW, locales=LOCALES
        )
        [waiting] = done.waiting
        assert not done.live and waiting.safety and waiting.state == "waiting"
        live = await revisions.live_text(db, "counsellor")
        assert live is not None and live[1] == COUNSELLOR

        for who in ("S-AAAA", CLI):
            with pytest.raises(SelfApproval) as refused:
                await revisions.approve(db, waiting.id, by=who, now=NOW, locales=LOCALES)
            assert "another admin" in str(refused.value)

        approved = await revisions.approve(db, waiting.id, by="S-BBBB", now=NOW, locales=LOCALES)
        live = await revisions.live_text(db, "counsellor")

    assert approved.live and approved.approved_by == "S-BBBB"
    assert live is not None and live[1] == calmer


async def test_a_draft_over_someone_elses_newer_save_is_refused_naming_them(
    sessions: async_sessionmaker[AsyncSession], seed: Path
) -> None:
    async with sessions() as db, db.begin():
        await seeded(db, seed)
        opened = await revisions.live_text(db, "menu")
        assert opened is not None
        base = opened[0].id
        theirs, problems = await revisions.save_draft(
            db,
            "menu",
            MENU.replace("Bye", "Goodbye"),
            base_id=base,
            author="S-AAAA",
            now=NOW,
            locales=LOCALES,
        )
        assert problems == [] and theirs.state == "draft" and not theirs.live
        mine, _ = await revisions.save_draft(
            db, "menu", MENU, base_id=theirs.id, author="S-AAAA", now=NOW, locales=LOCALES
        )
        with pytest.raises(StaleBase) as refused:
            await revisions.save_draft(
                db,
                "menu",
                MENU.replace("Talk", "Chat"),
                base_id=base,
                author="S-BBBB",
                now=NOW,
                locales=LOCALES,
            )
        live = await revisions.live_text(db, "menu")

    assert refused.value.newer_author == "S-AAAA" and refused.value.newer_id == mine.id
    assert "S-AAAA saved revision" in str(refused.value)
    assert live is not None and live[0].id == base, "drafts are never live"


async def test_a_draft_can_be_previewed_with_everything_live_around_it(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    flows = Path(__file__).resolve().parents[2] / "flows"
    async with sessions() as db, db.begin():
        await revisions.seed_if_empty(db, flows, NOW, None)
        opened = await revisions.live_text(db, "menu")
        assert opened is not None
        body = opened[1].replace("What would you like to do?", "What shall we do?")
        draft, _ = await revisions.save_draft(
            db,
            "menu",
            body,
            base_id=opened[0].id,
            author="S-AAAA",
            now=NOW,
            locales=("en",),
        )
        preview = await revisions.preview(db, draft.id, ("en",))
        live = await revisions.live_text(db, "menu")

    ask = preview.library.flow("menu").steps["choose"].ask
    assert ask is not None and ask["en"] == "What shall we do?"
    assert live is not None and live[0].id == opened[0].id


async def test_a_broken_draft_is_kept_with_its_problems(
    sessions: async_sessionmaker[AsyncSession], seed: Path
) -> None:
    async with sessions() as db, db.begin():
        await seeded(db, seed)
        opened = await revisions.live_text(db, "menu")
        assert opened is not None
        draft, problems = await revisions.save_draft(
            db,
            "menu",
            MENU.replace("go: bye", "go: byee"),
            base_id=opened[0].id,
            author="S-AAAA",
            now=NOW,
            locales=LOCALES,
        )
        with pytest.raises(NotPublishable):
            await revisions.publish_draft(db, draft.id, by="S-AAAA", now=NOW, locales=LOCALES)

    assert ("menu.yaml", "steps.choose.options[1].go") in [(p.file, p.where) for p in problems]


async def test_rollback_republishes_an_earlier_text(
    sessions: async_sessionmaker[AsyncSession], seed: Path
) -> None:
    async with sessions() as db, db.begin():
        await seeded(db, seed)
        first = await revisions.live_text(db, "menu")
        assert first is not None
        await revisions.publish(
            db, {"menu": MENU.replace("Bye", "Goodbye")}, author=CLI, now=NOW, locales=LOCALES
        )
        back = await revisions.rollback(
            db, "menu", first[0].id, author=CLI, now=NOW, locales=LOCALES
        )
        live = await revisions.live_text(db, "menu")
        with pytest.raises(UnknownRevision):
            await revisions.rollback(
                db, "counsellor", first[0].id, author=CLI, now=NOW, locales=LOCALES
            )

    [rev] = back.live
    assert (
        live is not None and live[1] == MENU and rev.note == f"rollback to revision {first[0].id}"
    )


async def test_two_revisions_compare_step_by_step_and_language_by_language(
    sessions: async_sessionmaker[AsyncSession], seed: Path
) -> None:
    async with sessions() as db, db.begin():
        await seeded(db, seed)
        first = await revisions.live_text(db, "menu")
        assert first is not None
        done = await revisions.publish(
            db,
            {"menu": MENU.replace('ru: "Пока"', 'ru: "До встречи"')},
            author=CLI,
            now=NOW,
            locales=LOCALES,
        )
        changes = await revisions.compare(db, "menu", first[0].id, done.live[0].id)

    assert [(c.part, c.path, c.language, c.before, c.after) for c in changes] == [
        ("bye", "steps.bye.say.ru", "ru", "Пока", "До встречи")
    ]


async def test_export_writes_what_is_published(
    sessions: async_sessionmaker[AsyncSession], seed: Path, tmp_path: Path
) -> None:
    async with sessions() as db, db.begin():
        await seeded(db, seed)
        await revisions.publish(
            db, {"menu": MENU.replace("Bye", "Goodbye")}, author=CLI, now=NOW, locales=LOCALES
        )
        names = await revisions.export(db, tmp_path / "out")

    assert names == ["counsellor", "menu"]
    assert tree.read_seed(tmp_path / "out") == {
        "counsellor": COUNSELLOR,
        "menu": MENU.replace("Bye", "Goodbye"),
    }
