"""What a person meets after onboarding: help, settings, stale buttons, odd input, groups."""

from __future__ import annotations

import pytest

from bot.sandbox.emulator import BotApiEmulator
from tests.support.chat import tap_on
from tests.support.harness import InProcessBot
from tests.support.onboarding import onboard_english
from tests.support.tables import table_rows

MENU_EN = "What would you like to do?"


async def test_help_answers_mid_onboarding_and_returns_to_the_same_question(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot
) -> None:
    emu, _ = emulator
    user = emu.add_user(5552001, "Test")
    await user.send("/start")
    # Before consent nothing can be handed to a counsellor, but 112 and "continue" work.
    [help_message] = await user.send("/help")
    assert "112" in help_message.text
    assert user.buttons() == ["Continue where I was", "Clear this chat"]
    await user.tap("Continue where I was")
    for button in ["English", "Agree", "Myself", "18 or older", "Female"]:
        await user.tap(button)
    await user.send("/help")
    assert user.buttons() == [
        "Talk to a counsellor now",
        "A calming exercise",
        "Grounding: back to the here and now",
        "Continue where I was",
        "Clear this chat",
    ]
    replies = await user.tap("Continue where I was")
    assert replies[-1].text.startswith("Which country do you live in now?")
    for button in ["Kazakhstan", "Evening (19:00)"]:
        await user.tap(button)
    last = user.last_message()
    assert last is not None and last.text == MENU_EN


async def test_help_after_onboarding_offers_a_counsellor_and_a_calming_exercise(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str
) -> None:
    emu, _ = emulator
    user = emu.add_user(5552002, "Test")
    await onboard_english(user)
    await user.send("/help")
    assert user.buttons() == [
        "Talk to a counsellor now",
        "A calming exercise",
        "Grounding: back to the here and now",
        "Continue where I was",
        "Clear this chat",
    ]
    replies = await user.tap("Talk to a counsellor now")
    assert any("A counsellor will write to you here" in m.text for m in replies)
    [case] = await table_rows(database_url, "escalations")
    assert (case["severity"], case["reason"], case["status"]) == (
        "medium",
        "asked-for-counsellor",
        "open",
    )


async def test_a_button_from_an_old_message_gets_an_apology_and_the_current_question(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot
) -> None:
    emu, _ = emulator
    user = emu.add_user(5552003, "Test")
    await onboard_english(user)
    old_menu = user.last_message()
    assert old_menu is not None and old_menu.text == MENU_EN
    await user.send("/settings")
    replies = await tap_on(emu, user, old_menu, "Check in now")
    assert replies[0].text == "Sorry, that button belongs to an earlier message."
    assert replies[-1].text == "What would you like to change?"


async def test_typed_text_where_a_button_is_expected_is_asked_again_gently(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot
) -> None:
    emu, _ = emulator
    user = emu.add_user(5552004, "Test")
    await user.send("/start")
    await user.tap("English")
    # Before consent: a pointer to the buttons and to /help.
    [reask] = await user.send("hello?")
    assert reask.text.startswith("Please choose one of the buttons below.")
    await user.tap("Agree")
    for button in ["Myself", "18 or older"]:
        await user.tap(button)
    # After it, typed words may be what the person needed to say: a person can read them.
    note, again = await user.send("hello?")
    assert note.text.startswith("I cannot answer what you wrote myself, but a person can")
    assert [b["text"] for b in note.buttons()] == ["Talk to a counsellor now"]
    assert again.text.startswith("What is your gender?")
    assert user.buttons() == ["Female", "Male", "Prefer not to say"]
    # Typing a button's own text counts as pressing it.
    replies = await user.send("Male")
    assert replies[-1].text.startswith("Which country do you live in now?")


@pytest.mark.parametrize(
    "text",
    [
        "x" * 4096,
        "😊🌱👩‍👧",
        "\x00\x07 bell and null",
        "\u202eRTL override \u200f",
        "مرحبا بكم",
    ],
    ids=["4096-chars", "emoji", "control-chars", "rtl-marks", "arabic"],
)
async def test_odd_text_gets_a_sensible_reply_and_no_traceback(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, text: str
) -> None:
    emu, _ = emulator
    user = emu.add_user(5552005, "Test")
    await onboard_english(user)
    replies = await user.send(text)
    assert replies[0].text.startswith("I cannot answer what you wrote myself")
    assert replies[-1].text == MENU_EN
    assert "Traceback" not in bot.logs()


async def test_a_message_with_no_readable_text_is_explained(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot
) -> None:
    emu, _ = emulator
    user = emu.add_user(5552006, "Test")
    await onboard_english(user)
    replies = await user.send("\u200b\u200f")
    assert replies[0].text == "I can only read text messages."
    assert replies[-1].text == MENU_EN
    assert "Traceback" not in bot.logs()


async def test_language_switches_and_the_next_message_is_in_the_new_language(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str
) -> None:
    emu, _ = emulator
    user = emu.add_user(5552007, "Test")
    await onboard_english(user)
    await user.send("/language")
    replies = await user.tap("Русский")
    assert [m.text for m in replies][-2:] == ["Сохранено.", "Что бы вы хотели сделать?"]
    [person] = await table_rows(database_url, "participants")
    assert person["locale"] == "ru"


async def test_settings_change_the_reminder_time(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str
) -> None:
    emu, _ = emulator
    user = emu.add_user(5552008, "Test")
    await onboard_english(user)
    await user.send("/settings")
    await user.tap("Reminder time")
    await user.tap("Morning (09:00)")
    [person] = await table_rows(database_url, "participants")
    assert person["checkin_time"] == "09:00"


async def test_forget_erases_everything_after_one_confirmation(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str
) -> None:
    emu, _ = emulator
    user = emu.add_user(5552009, "Test")
    await onboard_english(user)
    await user.send("/forget")
    replies = await user.tap("Yes, delete everything")
    assert any("Everything has been deleted" in m.text for m in replies)
    for table in ("participants", "flow_states", "answers", "escalations"):
        assert await table_rows(database_url, table) == [], table
    # Coming back starts afresh.
    await user.send("/start")
    assert user.buttons() == ["English", "Русский", "Қазақша", "Кыргызча", "Oʻzbekcha", "Тоҷикӣ"]


async def test_added_to_a_group_it_says_so_once_and_leaves(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot
) -> None:
    emu, _ = emulator
    user = emu.add_user(5552010, "Test")
    group = emu.add_to_group(-100777, "Family chat", by=user)
    replies = await user.send("/start", chat_id=group.id)
    said = [m for m in emu.messages(group.id) if m.sender == "bot"]
    assert len(said) == 1 and "only work in private chats" in said[0].text, replies
    assert group.bot_is_member is False


async def test_old_buttons_after_forget_start_afresh_for_each_person(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str
) -> None:
    emu, _ = emulator
    people = [emu.add_user(5552011, "One"), emu.add_user(5552012, "Two")]
    old_menus = []
    for user in people:
        await onboard_english(user)
        old_menus.append(user.last_message())
        await user.send("/forget")
        await user.tap("Yes, delete everything")
    for user, menu in zip(people, old_menus, strict=True):
        assert menu is not None
        replies = await tap_on(emu, user, menu, "Check in now")
        # Erased people are strangers again: onboarding starts, for each of them.
        assert user.buttons()[:2] == ["English", "Русский"], [m.text for m in replies]
    assert "Traceback" not in bot.logs()
    rows = await table_rows(database_url, "participants")
    assert len(rows) == 2 and all(row["consented_at"] is None for row in rows)


async def test_a_failed_button_acknowledgement_loses_no_answer(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str
) -> None:
    emu, _ = emulator
    user = emu.add_user(5552013, "Test")
    await user.send("/start")
    for button in ["English", "Agree", "Myself", "18 or older"]:
        await user.tap(button)
    emu.fail_next(
        "answerCallbackQuery",
        status=400,
        description="Bad Request: query is too old and response timeout expired",
    )
    replies = await user.tap("Female")
    assert replies[-1].text.startswith("Which country do you live in now?")
    [person] = await table_rows(database_url, "participants")
    assert person["gender"] == "female"
