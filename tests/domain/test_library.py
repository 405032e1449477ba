"""/library shows the modules meant for the person, what they did, and what to try next;
/myplan reads back their own encrypted plan."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import conversations
from bot.domain import participants
from bot.domain.messaging import split_for_telegram
from bot.domain.services import Services
from bot.engine.session import Reply
from bot.library import plan
from bot.library import screen as library
from bot.outbox.queue import decode_payload
from bot.storage.models import Answer, OutboxMessage, Participant
from tests.domain.conftest import NOW, make_services


def module(name: str, topic: str, order: int, audience: str = "") -> str:
    return f"""
spec: 1
flow: {name}
title: "Module {name}"
library: {{topic: {topic}, order: {order}, minutes: 2}}
{audience}
start: q
steps:
  q:
    ask: "Was this helpful?"
    options:
      - {{value: "yes", text: "Yes"}}
      - {{value: "no", text: "No"}}
    save: helpful
    end: true
"""


PLAN = """
spec: 1
flow: safety-plan
title: "Safety plan"
start: signs
steps:
  signs:
    ask: "What are your warning signs?"
    input: text
    store: true
    retain_days: 0
    save: plan_warning_signs
    go: people
  people:
    ask: "Who can help?"
    input: text
    store: true
    retain_days: 0
    save: plan_people
    end: true
"""


def _flows(tmp_path: Path) -> Path:
    folder = tmp_path / "flows"
    folder.mkdir()
    (folder / "breathe.yaml").write_text(module("breathe", "calm", 1))
    (folder / "ground.yaml").write_text(module("ground", "calm", 2))
    (folder / "sleep.yaml").write_text(module("sleep", "sleep", 1))
    (folder / "child.yaml").write_text(
        module("child", "parenting", 1, "audience: {role: [caregiver]}")
    )
    (folder / "safety-plan.yaml").write_text(PLAN)
    return folder


async def _last_text(db: AsyncSession, services: object) -> tuple[str, list[str]]:
    row = (await db.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc()))).first()
    assert row is not None
    payload = decode_payload(services.cipher, row)  # type: ignore[attr-defined]
    keyboard = payload.get("reply_markup", {}).get("inline_keyboard", [])
    return payload["text"], [b[0]["text"] for b in keyboard]


async def test_topics_progress_and_the_suggestion_follow_what_was_done(
    sessions: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    services = make_services(_flows(tmp_path))
    async with sessions() as db, db.begin():
        person = await participants.enrol(db, services, 1, 1)
        person.role, person.consented_at = "self", NOW
        await library.show(db, services, person)
        text, buttons = await _last_text(db, services)
        assert "Suggested next: Module breathe" in text
        # Caregiver modules are not offered to someone checking in for themselves.
        assert buttons == ["★ Module breathe", "Calming down", "Sleep"]

        await conversations.start(db, services, person, "breathe")
        session = await conversations.load_session(db, services, person)
        assert session is not None
        await conversations.reply(
            db,
            services,
            person,
            await conversations.load_session(db, services, person),
            Reply(at=NOW, choice=0, seq=session.seq),
        )
        await library.show(db, services, person)
        text, buttons = await _last_text(db, services)
        assert "You have tried 1 exercise." in text
        assert "Suggested next: Module ground" in text

        await library.show(db, services, person, "calm")
        text, buttons = await _last_text(db, services)
        assert buttons == ["✓ Module breathe · 2 min", "Module ground · 2 min", "All topics"]


async def test_a_caregiver_sees_the_parenting_topic(
    sessions: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    services = make_services(_flows(tmp_path))
    async with sessions() as db, db.begin():
        person = await participants.enrol(db, services, 2, 2)
        person.role, person.consented_at = "caregiver", NOW
        await library.show(db, services, person)
        _, buttons = await _last_text(db, services)
        assert buttons[-1] == "Supporting your child"


async def test_the_safety_plan_is_kept_encrypted_without_expiry_and_read_back(
    sessions: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    services = make_services(_flows(tmp_path))
    async with sessions() as db, db.begin():
        person = await participants.enrol(db, services, 3, 3)
        person.consented_at = NOW
        await plan.show(db, services, person)
        text, buttons = await _last_text(db, services)
        assert text.startswith("You have not made a safety plan yet") and buttons == [
            "Make my plan",
            "Clear this chat",
        ]

        await conversations.start(db, services, person, "safety-plan")
        await conversations.reply(
            db,
            services,
            person,
            await conversations.load_session(db, services, person),
            Reply(at=NOW, text="I stop eating"),
        )
        await conversations.reply(
            db,
            services,
            person,
            await conversations.load_session(db, services, person),
            Reply(at=NOW, text="My sister Dana"),
        )
        rows = (await db.scalars(select(Answer).where(Answer.flow == "safety-plan"))).all()
        assert all(r.value is None and r.expires_at is None for r in rows)
        assert all(b"Dana" not in (r.text_enc or b"") for r in rows)

        await plan.show(db, services, person)
        text, buttons = await _last_text(db, services)
        assert text == (
            "My safety plan\nLast changed on March 1, 2026\n\nWarning signs:\nI stop eating"
            "\n\nPeople who can help:\nMy sister Dana"
        )
        # Dates are written the way the person's language writes them, in their time zone.
        person.locale, person.timezone = "kk", "Asia/Almaty"
        await plan.show(db, services, person)
        text, _ = await _last_text(db, services)
        assert "2026\u202fж. 1 наурыз" in text

        # Changing the plan replaces the old words instead of keeping every version.
        person.locale = "en"
        await conversations.start(db, services, person, "safety-plan")
        await conversations.reply(
            db,
            services,
            person,
            await conversations.load_session(db, services, person),
            Reply(at=NOW, text="I stop calling"),
        )
        await conversations.reply(
            db,
            services,
            person,
            await conversations.load_session(db, services, person),
            Reply(at=NOW, text="x" * 4096),
        )
        rows = (await db.scalars(select(Answer).where(Answer.flow == "safety-plan"))).all()
        assert len(rows) == 2
        before = len((await db.scalars(select(OutboxMessage))).all())
        await plan.show(db, services, person)
        outbox = (await db.scalars(select(OutboxMessage).order_by(OutboxMessage.id))).all()
        pages = [decode_payload(services.cipher, row)["text"] for row in outbox[before:]]
        # Too long for one Telegram message: sent as several, each within the limit.
        assert len(pages) == 3 and all(len(page) <= 4096 for page in pages)
        assert pages[0].endswith("Warning signs:\nI stop calling")
        assert "".join(pages[1:]).count("x") == 4096
        assert buttons == ["Change my plan", "Clear this chat"]


def test_long_texts_are_split_within_telegrams_limit() -> None:
    parts = ["a" * 3000, "b" * 1000, "c" * 5000]
    pages = split_for_telegram(parts)
    assert [len(page) for page in pages] == [3000 + 2 + 1000, 4096, 904]
    assert "".join(p.replace("\n\n", "") for p in pages) == "".join(parts)


async def type_in(db: AsyncSession, services: Services, person: Participant, reply: Reply) -> None:
    session = await conversations.load_session(db, services, person)
    await conversations.reply(db, services, person, session, reply)
