"""The crisis card: contacts for the person's country in their language, never an
unverified number, the counsellor line that fits the reason, buttons, crisis priority."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import conversations, help, typed
from bot.app.context import App
from bot.app.crisis import (
    BACK,
    CALM,
    CALMING_FLOW,
    COUNSELLOR_FLOW,
    GROUNDING,
    GROUNDING_FLOW,
    INTROS,
    TALK,
    audience_of,
    card_buttons,
    intro_for,
    send_crisis_card,
)
from bot.app.entry import Sender
from bot.directory.contacts import CONTACTS_FILE, SERVICES_DIR, CrisisContacts, load_contacts
from bot.domain import participants
from bot.domain.messaging import CLEAR_CHAT
from bot.domain.services import Services
from bot.engine.session import Reply
from bot.i18n import texts
from bot.i18n.catalogs import Catalogs
from bot.outbox.messages import PRIORITY_CRISIS
from bot.outbox.queue import decode_payload
from bot.risk import RISK_DIR, load_rules
from bot.risk.model import CATEGORIES
from bot.storage.models import Answer, Escalation, OutboxMessage, Participant
from tests.domain.conftest import NOW, make_services

FLOWS = Path(__file__).resolve().parents[2] / "flows"
CONTACTS = load_contacts(FLOWS / SERVICES_DIR / CONTACTS_FILE)
CLEAR = ("Clear this chat", CLEAR_CHAT)
ALL_BUTTONS_EN = [
    ("Talk to a counsellor now", TALK),
    ("A calming exercise", CALM),
    ("Grounding: back to the here and now", GROUNDING),
    ("Main menu", BACK),
    CLEAR,
]


# The real flows load once: the card needs them only to see whether a flow is running.
BASE = dataclasses.replace(make_services(FLOWS), catalogs=Catalogs(("en", "ru")))


RULES = load_rules(FLOWS / RISK_DIR)
# Everyone here is enrolled already, so who wrote is never needed.
NOBODY = Sender(user_id=0, chat_id=0)


def app_with(contacts: CrisisContacts = CONTACTS) -> App:
    return App(BASE, RULES, contacts)


def with_kz_111_verified(days_ago: int) -> CrisisContacts:
    """The real contacts, as if staff had checked Kazakhstan's 111 `days_ago`."""
    kz = tuple(
        c.model_copy(update={"verified": NOW.date() - timedelta(days=days_ago)})
        if c.id == "kz-111"
        else c
        for c in CONTACTS.countries["KZ"]
    )
    return CrisisContacts({**CONTACTS.countries, "KZ": kz})


async def person(
    db: AsyncSession,
    services: Services,
    user: int,
    *,
    locale: str = "en",
    country: str | None = "KZ",
    consented: bool = True,
    **profile: str,
) -> Participant:
    found = await participants.enrol(db, services, user, user)
    found.locale, found.country = locale, country
    found.consented_at = NOW if consented else None
    for field, value in profile.items():
        setattr(found, field, value)
    return found


async def the_card(db: AsyncSession, services: Services) -> tuple[OutboxMessage, dict[str, Any]]:
    [row] = (await db.scalars(select(OutboxMessage))).all()
    return row, decode_payload(services.cipher, row)


def buttons(payload: dict[str, Any]) -> list[tuple[str, str]]:
    rows = payload.get("reply_markup", {}).get("inline_keyboard", [])
    return [(b["text"], b["callback_data"]) for row in rows for b in row]


async def test_help_in_english_for_kazakhstan(sessions: async_sessionmaker[AsyncSession]) -> None:
    app = app_with()
    services = app.services
    async with sessions() as db, db.begin():
        someone = await person(db, services, 501)
        await help.show(db, app, NOBODY, someone, None)
        row, payload = await the_card(db, services)
    text = payload["text"]
    assert row.priority == PRIORITY_CRISIS and row.method == "sendMessage"
    assert text.startswith("You are not alone.")
    assert "📞 112 — Emergency services\nDanger to life or health right now · 24/7 · free" in text
    # 111 and 150 exist in the file, but nobody has verified them yet.
    assert "111" not in text and "150" not in text
    assert texts.CRISIS_OFFER in text and texts.CRISIS_TOLD not in text
    assert text.endswith("What would help right now?")
    assert buttons(payload) == ALL_BUTTONS_EN


async def test_help_in_russian_for_kazakhstan_with_a_verified_helpline(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    app = app_with(with_kz_111_verified(days_ago=30))
    services = app.services
    async with sessions() as db, db.begin():
        someone = await person(db, services, 502, locale="ru")
        await help.show(db, app, NOBODY, someone, None)
        _, payload = await the_card(db, services)
    text = payload["text"]
    assert text.startswith("Вы не одни.")
    assert "📞 112 — Экстренные службы" in text
    assert "📞 111 — Контакт-центр по вопросам семьи, женщин и детей" in text
    assert text.index("📞 112") < text.index("📞 111")
    assert "24/7 · бесплатно" in text
    assert "150" not in text
    assert [label for label, _ in buttons(payload)] == [
        "Поговорить с консультантом сейчас",
        "Упражнение, чтобы успокоиться",
        "Вернуться в «здесь и сейчас»",
        "Главное меню",
        "Очистить этот чат",
    ]


async def test_a_helpline_checked_400_days_ago_is_left_out(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    app = app_with(with_kz_111_verified(days_ago=400))
    services = app.services
    async with sessions() as db, db.begin():
        someone = await person(db, services, 503)
        await help.show(db, app, NOBODY, someone, None)
        _, payload = await the_card(db, services)
    assert "111" not in payload["text"] and "📞 112" in payload["text"]


async def test_another_country_gets_112_with_a_word_about_local_numbers(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    app = app_with()
    services = app.services
    async with sessions() as db, db.begin():
        en = await person(db, services, 504, country="other")
        ru = await person(db, services, 505, locale="ru", country=None)
        await help.show(db, app, NOBODY, en, None)
        await help.show(db, app, NOBODY, ru, None)
        rows = (await db.scalars(select(OutboxMessage).order_by(OutboxMessage.id))).all()
        english, russian = (decode_payload(services.cipher, row)["text"] for row in rows)
    assert "📞 112 — Emergency number" in english
    assert "call your local emergency number" in english
    assert "📞 112 — Экстренный номер" in russian
    assert "звоните по местному экстренному номеру" in russian
    assert all(row.priority == PRIORITY_CRISIS for row in rows)


async def test_after_a_risk_signal_the_card_says_a_counsellor_was_told(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    app = app_with()
    services = app.services
    async with sessions() as db, db.begin():
        someone = await person(db, services, 506, locale="ru")
        await send_crisis_card(db, app, someone, reason="risk", in_flow=False)
        row, payload = await the_card(db, services)
    assert row.priority == PRIORITY_CRISIS
    assert "Ваше сообщение передано консультанту, он напишет вам здесь" in payload["text"]
    assert "Если хотите поговорить с человеком" not in payload["text"]


async def test_a_risk_signal_before_consent_promises_no_counsellor(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    # No case is opened for someone who has not agreed yet: the card must not claim one.
    app = app_with()
    services = app.services
    async with sessions() as db, db.begin():
        someone = await person(db, services, 510, consented=False)
        await send_crisis_card(db, app, someone, reason="risk", in_flow=False)
        _, payload = await the_card(db, services)
    assert "📞 112" in payload["text"]
    assert "counsellor" not in payload["text"]
    assert buttons(payload) == [("Main menu", BACK), CLEAR]


async def test_before_choosing_a_language_the_card_speaks_the_telegram_one(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    app = app_with()
    services = app.services
    async with sessions() as db, db.begin():
        someone = await person(db, services, 511, consented=False)
        someone.locale = None
        await typed.typed_message(db, app, NOBODY, someone, "не хочу жить", "ru")
        _, payload = await the_card(db, services)
    assert payload["text"].startswith("Вы не одни.")


async def test_an_edited_message_is_screened_again(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    app = app_with()
    services = app.services
    async with sessions() as db, db.begin():
        someone = await person(db, services, 512)
        await typed.edited_message(db, app, someone, "I want to kill myself", None)
        row, payload = await the_card(db, services)
    assert row.priority == PRIORITY_CRISIS and "112" in payload["text"]


async def test_before_consent_the_card_has_the_numbers_and_a_way_back_only(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    app = app_with()
    services = app.services
    async with sessions() as db, db.begin():
        someone = await person(db, services, 507, country=None, consented=False)
        await conversations.start(db, services, someone, "onboarding")
        await db.execute(delete(OutboxMessage))
        await help.show(db, app, NOBODY, someone, None)
        _, payload = await the_card(db, services)
    assert "📞 112" in payload["text"]
    assert texts.CRISIS_OFFER not in payload["text"]
    assert buttons(payload) == [("Continue where I was", BACK), CLEAR]


async def test_in_the_middle_of_a_flow_the_way_back_continues_it(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    app = app_with()
    services = app.services
    async with sessions() as db, db.begin():
        someone = await person(db, services, 508)
        await conversations.start(db, services, someone, "daily-checkin")
        await db.execute(delete(OutboxMessage))
        await help.show(db, app, NOBODY, someone, None)
        _, payload = await the_card(db, services)
    assert buttons(payload)[-2:] == [("Continue where I was", BACK), CLEAR]


def test_adolescents_and_women_get_their_lines_first() -> None:
    assert audience_of(Participant(age_band="adolescent", gender="male")) == {
        "all",
        "children",
        "youth",
    }
    assert audience_of(Participant(age_band="adult", gender="female")) == {"all", "women"}
    assert audience_of(Participant()) == {"all"}
    assert card_buttons(consented=True, in_flow=False)[-1] == (texts.HELP_MENU, BACK)


async def test_an_adolescent_sees_the_youth_line_before_the_others(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    fresh = NOW.date() - timedelta(days=5)
    kz = tuple(c.model_copy(update={"verified": fresh}) for c in CONTACTS.countries["KZ"])
    app = app_with(CrisisContacts({**CONTACTS.countries, "KZ": kz}))
    services = app.services
    async with sessions() as db, db.begin():
        teen = await person(db, services, 509, age_band="adolescent", gender="male")
        await help.show(db, app, NOBODY, teen, None)
        _, payload = await the_card(db, services)
    text = payload["text"]
    assert text.index("📞 112") < text.index("📞 150") < text.index("📞 111")


def test_every_flow_the_card_offers_exists() -> None:
    for flow in (COUNSELLOR_FLOW, CALMING_FLOW, GROUNDING_FLOW):
        assert flow in BASE.library.flows, flow


async def said_to(db: AsyncSession, services: Services) -> list[dict[str, Any]]:
    rows = await db.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
    return [decode_payload(services.cipher, row) for row in rows]


async def test_a_medium_signal_is_thanked_passed_on_and_the_question_comes_back(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    app = app_with()
    services = app.services
    async with sessions() as db, db.begin():
        someone = await person(db, services, 520)
        await conversations.start(db, services, someone, "menu")
        await db.execute(delete(OutboxMessage))
        await typed.typed_message(db, app, NOBODY, someone, "I feel hopeless", None)
        ack, question = await said_to(db, services)
        [case] = await db.scalars(select(Escalation))
    assert case.severity == "medium"
    assert ack["text"].startswith(texts.SIGNAL_THANKS)
    assert texts.SIGNAL_PASSED_ON in ack["text"] and texts.REPLY_OFF_DUTY in ack["text"]
    assert buttons(ack) == [("Talk to a counsellor now", TALK)]
    assert question["text"] == "What would you like to do?"  # no "please choose" first


async def test_a_medium_signal_in_a_typed_answer_is_thanked_and_the_flow_goes_on(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    app = app_with()
    services = app.services
    async with sessions() as db, db.begin():
        someone = await person(db, services, 521)
        await conversations.start(db, services, someone, "safety-plan")
        privacy = await conversations.load_session(db, services, someone)
        assert privacy is not None
        start = Reply(at=NOW, choice=0, seq=privacy.seq)  # "start": the warning-signs step
        await conversations.reply(db, services, someone, privacy, start)
        await typed.typed_message(db, app, NOBODY, someone, "I stop sleeping", None)
        before = await conversations.load_session(db, services, someone)  # coping
        await typed.typed_message(db, app, NOBODY, someone, "I feel hopeless", None)
        after = await conversations.load_session(db, services, someone)
        said = await said_to(db, services)
    assert before is not None and after is not None and after.step != before.step
    assert any(texts.SIGNAL_THANKS in message["text"] for message in said)


async def test_words_with_no_flow_to_answer_are_acknowledged_before_the_menu(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    app = app_with()
    services = app.services
    async with sessions() as db, db.begin():
        someone = await person(db, services, 522)
        await typed.typed_message(db, app, NOBODY, someone, "😢😢😢", None)
        first, menu = (await said_to(db, services))[:2]
    assert first["text"] == texts.UNPLACED
    assert menu["text"] == "What would you like to do?"


async def test_before_consent_a_medium_signal_promises_nobody(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    app = app_with()
    services = app.services
    async with sessions() as db, db.begin():
        someone = await person(db, services, 523, consented=False)
        await typed.typed_message(db, app, NOBODY, someone, "I feel hopeless", None)
        ack = (await said_to(db, services))[0]
        assert list(await db.scalars(select(Escalation))) == []
    assert ack["text"] == f"{texts.SIGNAL_THANKS}\n\n{texts.SIGNAL_HELP}"
    assert buttons(ack) == []


async def on_warning_signs(db: AsyncSession, services: Services, someone: Participant) -> None:
    await conversations.start(db, services, someone, "safety-plan")
    privacy = await conversations.load_session(db, services, someone)
    assert privacy is not None
    start = Reply(at=NOW, choice=0, seq=privacy.seq)
    await conversations.reply(db, services, someone, privacy, start)
    await db.execute(delete(OutboxMessage))


async def test_warning_signs_in_the_safety_plan_are_saved_and_passed_on_quietly(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    app = app_with()
    services = app.services
    async with sessions() as db, db.begin():
        someone = await person(db, services, 530)
        await on_warning_signs(db, services, someone)
        await typed.typed_message(db, app, NOBODY, someone, "I don't want to live anymore", None)
        said = await said_to(db, services)
        [case] = await db.scalars(select(Escalation))
        [kept] = await db.scalars(select(Answer).where(Answer.var == "plan_warning_signs"))
        session = await conversations.load_session(db, services, someone)
    assert case.severity == "low"
    assert kept.text_enc is not None
    assert session is not None and session.step == "coping"
    assert all(row.get("text", "").find("📞") < 0 for row in said)  # no crisis card


async def test_explicit_intent_in_the_safety_plan_still_brings_the_card(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    app = app_with()
    services = app.services
    async with sessions() as db, db.begin():
        someone = await person(db, services, 531)
        await on_warning_signs(db, services, someone)
        await typed.typed_message(db, app, NOBODY, someone, "I want to kill myself", None)
        row, payload = await the_card(db, services)
    assert row.priority == PRIORITY_CRISIS and "📞" in payload["text"]


async def test_violence_at_home_gets_its_own_card_with_phone_safety(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    app = app_with()
    services = app.services
    async with sessions() as db, db.begin():
        someone = await person(db, services, 540)
        await typed.typed_message(db, app, NOBODY, someone, "my husband beats me", None)
        _, payload = await the_card(db, services)
    assert payload["text"].startswith(texts.CRISIS_INTRO_ABUSE)
    assert texts.CRISIS_PHONE_SAFETY in payload["text"]
    assert "hurt yourself" not in payload["text"]


async def test_a_parent_afraid_of_hurting_a_child_is_told_to_step_away(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    app = app_with()
    services = app.services
    async with sessions() as db, db.begin():
        someone = await person(db, services, 541, locale="ru")
        await typed.typed_message(
            db, app, NOBODY, someone, "I am afraid I will hurt my child", None
        )
        _, payload = await the_card(db, services)
    assert payload["text"].startswith("Спасибо, что сказали об этом")
    assert "ребёнок в безопасности" in payload["text"]


def test_every_category_has_an_opening_and_suicide_comes_first() -> None:
    assert {category for category, _ in INTROS} == set(CATEGORIES)
    assert intro_for(["abuse", "suicide"]) == texts.CRISIS_INTRO
    assert intro_for([]) == texts.CRISIS_INTRO
