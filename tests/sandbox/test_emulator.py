"""The emulator driven by a real aiogram Bot over HTTP, as the sandbox and e2e tests use it."""

from __future__ import annotations

import asyncio
import json
import time

import aiohttp
import pytest
from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramConflictError,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.types import (
    BotCommand,
    BotCommandScopeChat,
    BotCommandScopeDefault,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    ReplyKeyboardRemove,
)

from bot.sandbox import BotApiEmulator
from bot.sandbox.world import SandboxError
from tests.support.loopback import LoopbackSession


def keyboard(*pairs: tuple[str, str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=t, callback_data=d)] for t, d in pairs]
    )


async def test_get_me_identifies_the_bot_by_its_token(bot: Bot) -> None:
    me = await bot.get_me()
    assert me.id == 123456
    assert me.is_bot
    assert me.username == "qadam_sandbox_bot"


async def test_wrong_token_is_unauthorized(emulator: BotApiEmulator, api_url: str) -> None:
    other = Bot("123456:WRONG", session=LoopbackSession(api_url))
    try:
        with pytest.raises(TelegramUnauthorizedError):
            await other.get_me()
    finally:
        await other.session.close()


async def test_send_message_with_inline_keyboard_round_trips(
    emulator: BotApiEmulator, bot: Bot
) -> None:
    user = emulator.add_user(501, "Aigerim", language_code="kk")
    sent = await bot.send_message(
        user.id,
        "Choose a <b>language</b>",
        parse_mode="HTML",
        reply_markup=keyboard(("English", "lang:en"), ("Қазақша", "lang:kk")),
        disable_notification=True,
    )
    assert sent.chat.id == user.id
    assert sent.text == "Choose a language"
    assert sent.entities is not None
    assert (sent.entities[0].type, sent.entities[0].offset, sent.entities[0].length) == (
        "bold",
        9,
        8,
    )
    assert sent.reply_markup is not None
    assert sent.reply_markup.inline_keyboard[1][0].callback_data == "lang:kk"

    recorded = emulator.messages(user.id)[-1]
    assert recorded.message_id == sent.message_id
    assert recorded.sender == "bot"
    assert recorded.disable_notification
    assert user.buttons() == ["English", "Қазақша"]
    assert user.last_message() is recorded


async def test_message_ids_increase_per_chat(emulator: BotApiEmulator, bot: Bot) -> None:
    a = emulator.add_user(1, "A")
    b = emulator.add_user(2, "B")
    first = await bot.send_message(a.id, "one")
    second = await bot.send_message(a.id, "two")
    other = await bot.send_message(b.id, "one")
    assert second.message_id == first.message_id + 1
    assert other.message_id == 1


async def test_remove_keyboard_is_accepted_and_recorded(emulator: BotApiEmulator, bot: Bot) -> None:
    user = emulator.add_user(1, "A")
    sent = await bot.send_message(user.id, "Done", reply_markup=ReplyKeyboardRemove())
    assert sent.reply_markup is None
    assert emulator.messages(user.id)[0].reply_markup == {"remove_keyboard": True}
    assert user.buttons() == []


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"chat_id": 999, "text": "hi"}, "chat not found"),
        ({"chat_id": 1, "text": "<b>unclosed", "parse_mode": "HTML"}, "can't parse entities"),
        ({"chat_id": 1, "text": "a <blink>b</blink>", "parse_mode": "HTML"}, "unsupported"),
        ({"chat_id": 1, "text": "x" * 4097}, "message is too long"),
        (
            {"chat_id": 1, "text": "hi", "reply_markup": keyboard(("Go", "x" * 65))},
            "BUTTON_DATA_INVALID",
        ),
    ],
)
async def test_send_message_is_checked_like_the_real_server(
    emulator: BotApiEmulator, bot: Bot, kwargs: dict[str, object], error: str
) -> None:
    emulator.add_user(1, "A")
    with pytest.raises(TelegramBadRequest, match=error):
        await bot.send_message(**kwargs)  # type: ignore[arg-type]
    assert emulator.messages(1) == []


async def test_get_updates_long_polls_and_honours_offset(
    emulator: BotApiEmulator, bot: Bot
) -> None:
    user = emulator.add_user(501, "Aigerim")
    poll = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.3)
    assert not poll.done(), "getUpdates answered before there was anything to deliver"

    started = time.monotonic()
    sending = asyncio.create_task(user.send("/start now", timeout=5))
    updates = await poll
    assert time.monotonic() - started < 2
    [update] = updates
    assert update.message is not None
    assert update.message.text == "/start now"
    assert update.message.from_user is not None
    assert update.message.from_user.language_code == "en"
    assert update.message.chat.type == "private"
    assert update.message.entities is not None
    assert (update.message.entities[0].type, update.message.entities[0].length) == (
        "bot_command",
        6,
    )

    # Not confirmed yet: delivered again. Confirmed by offset: gone for good.
    again = await bot.get_updates(timeout=0)
    assert [u.update_id for u in again] == [update.update_id]
    assert await bot.get_updates(offset=update.update_id + 1, timeout=0) == []
    assert emulator.pending_updates() == []

    await bot.send_message(user.id, "Welcome")
    replies = await sending
    assert [m.text for m in replies] == ["Welcome"]


async def test_get_updates_times_out_empty(bot: Bot) -> None:
    started = time.monotonic()
    assert await bot.get_updates(timeout=1) == []
    assert 0.9 <= time.monotonic() - started < 3


async def test_get_updates_honours_limit_and_allowed_updates(
    emulator: BotApiEmulator, bot: Bot
) -> None:
    user = emulator.add_user(1, "A")
    for text in ("one", "two", "three"):
        emulator.world.person_says(user.person, text)
    batch = await bot.get_updates(limit=2, timeout=0)
    assert [u.message.text for u in batch if u.message] == ["one", "two"]

    user.block()
    kinds = await bot.get_updates(
        offset=batch[-1].update_id + 1, allowed_updates=["my_chat_member"], timeout=0
    )
    assert [u.my_chat_member is not None for u in kinds] == [True]


async def test_a_second_poller_terminates_the_first(bot: Bot) -> None:
    first = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.2)
    second = asyncio.create_task(bot.get_updates(timeout=1))
    with pytest.raises(TelegramConflictError):
        await first
    assert await second == []


async def test_tap_makes_a_callback_query_and_the_answer_is_recorded(
    emulator: BotApiEmulator, bot: Bot
) -> None:
    user = emulator.add_user(501, "Aigerim")
    sent = await bot.send_message(user.id, "Language?", reply_markup=keyboard(("English", "en")))

    tapping = asyncio.create_task(user.tap("English", timeout=2))
    [update] = await bot.get_updates(timeout=5)
    query = update.callback_query
    assert query is not None
    assert query.data == "en"
    assert query.from_user.id == user.id
    assert query.message is not None
    assert query.message.message_id == sent.message_id

    assert await bot.answer_callback_query(query.id, text="Saved")
    assert await tapping == []  # the answer alone counts as the bot's reply
    [answer] = emulator.callback_answers()
    assert (answer.answer_text, answer.data) == ("Saved", "en")

    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_callback_query(query.id)


async def test_tap_on_a_missing_button_lists_the_buttons(
    emulator: BotApiEmulator, bot: Bot
) -> None:
    user = emulator.add_user(1, "A")
    await bot.send_message(user.id, "Language?", reply_markup=keyboard(("English", "en")))
    with pytest.raises(LookupError, match=r"'Deutsch'.*\['English'\]"):
        await user.tap("Deutsch")
    assert emulator.pending_updates() == []


async def test_edit_and_delete(emulator: BotApiEmulator, bot: Bot) -> None:
    user = emulator.add_user(1, "A")
    sent = await bot.send_message(user.id, "How are you?", reply_markup=keyboard(("Good", "5")))

    edited = await bot.edit_message_text(
        chat_id=user.id, message_id=sent.message_id, text="Thanks for answering"
    )
    assert not isinstance(edited, bool)
    assert edited.text == "Thanks for answering"
    assert edited.edit_date is not None
    record = emulator.messages(user.id)[0]
    assert record.edited
    assert record.reply_markup is None, "an edit without reply_markup drops the keyboard"

    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text(
            chat_id=user.id, message_id=sent.message_id, text="Thanks for answering"
        )

    await bot.edit_message_reply_markup(
        chat_id=user.id, message_id=sent.message_id, reply_markup=keyboard(("Again", "again"))
    )
    assert user.buttons() == ["Again"]

    assert await bot.delete_message(user.id, sent.message_id)
    assert record.deleted
    assert user.messages() == []
    assert emulator.messages(user.id) == [record]
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_message(user.id, sent.message_id)
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text(chat_id=user.id, message_id=sent.message_id, text="x")


async def test_429_carries_retry_after(emulator: BotApiEmulator, bot: Bot) -> None:
    user = emulator.add_user(1, "A")
    emulator.fail_next("sendMessage", status=429, retry_after=7)
    with pytest.raises(TelegramRetryAfter) as caught:
        await bot.send_message(user.id, "hi")
    assert caught.value.retry_after == 7
    assert emulator.messages(user.id) == []
    await bot.send_message(user.id, "hi")  # only the next call fails
    assert [m.text for m in emulator.messages(user.id)] == ["hi"]


async def test_5xx_is_a_server_error(emulator: BotApiEmulator, bot: Bot) -> None:
    emulator.fail_next("getUpdates", status=502)
    with pytest.raises(TelegramServerError, match="Bad Gateway"):
        await bot.get_updates(timeout=0)
    assert await bot.get_updates(timeout=0) == []


async def test_a_reset_before_processing_delivers_nothing(
    emulator: BotApiEmulator, bot: Bot
) -> None:
    user = emulator.add_user(1, "A")
    emulator.reset_next("sendMessage", chat_id=user.id)
    with pytest.raises(TelegramNetworkError):
        await bot.send_message(user.id, "hi")
    assert emulator.messages(user.id) == []
    await bot.send_message(user.id, "hi")  # only the next call is dropped
    assert [m.text for m in emulator.messages(user.id)] == ["hi"]


async def test_a_reset_after_processing_delivers_but_loses_the_answer(
    emulator: BotApiEmulator, bot: Bot
) -> None:
    user = emulator.add_user(1, "A")
    other = emulator.add_user(2, "B")
    emulator.reset_next("sendMessage", after=True, chat_id=user.id)
    await bot.send_message(other.id, "untouched")  # another chat is not affected
    with pytest.raises(TelegramNetworkError):
        await bot.send_message(user.id, "hi")
    assert [m.text for m in emulator.messages(user.id)] == ["hi"]


async def test_a_hang_after_processing_delivers_before_the_late_answer(
    emulator: BotApiEmulator, bot: Bot
) -> None:
    user = emulator.add_user(1, "A")
    emulator.hang_next("sendMessage", 5, after=True, chat_id=user.id)
    call = asyncio.create_task(bot.send_message(user.id, "hi"))
    for _ in range(200):
        if emulator.messages(user.id):
            break
        await asyncio.sleep(0.01)
    assert [m.text for m in emulator.messages(user.id)] == ["hi"]
    assert not call.done()  # delivered, still no answer
    emulator.clear_failures()
    call.cancel()
    with pytest.raises(asyncio.CancelledError):
        await call


async def test_403_for_one_chat_only(emulator: BotApiEmulator, bot: Bot) -> None:
    blocked = emulator.add_user(1, "A")
    other = emulator.add_user(2, "B")
    emulator.fail_next("sendMessage", status=403, chat_id=blocked.id)
    await bot.send_message(other.id, "fine")
    with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
        await bot.send_message(blocked.id, "hi")


async def test_blocking_the_bot_is_an_update_and_a_lasting_403(
    emulator: BotApiEmulator, bot: Bot
) -> None:
    user = emulator.add_user(1, "A")
    user.block()
    [update] = await bot.get_updates(timeout=0)
    assert update.my_chat_member is not None
    assert update.my_chat_member.new_chat_member.status == "kicked"
    for _ in range(2):
        with pytest.raises(TelegramForbiddenError, match="blocked by the user"):
            await bot.send_message(user.id, "hi")


async def test_unknown_method_is_404(bot: Bot, emulator: BotApiEmulator, api_url: str) -> None:
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{api_url}/bot{emulator.token}/sendTelepathy") as resp,
    ):
        assert resp.status == 404
        assert await resp.json() == {"ok": False, "error_code": 404, "description": "Not Found"}
    with pytest.raises(TelegramNotFound):
        await bot.get_chat_administrators(1)


async def test_an_auto_delete_timer_shows_in_get_chat_and_as_a_service_message(
    emulator: BotApiEmulator, bot: Bot
) -> None:
    user = emulator.add_user(1, "A")
    assert (await bot.get_chat(user.id)).message_auto_delete_time is None
    emulator.world.person_sets_auto_delete(user.person, 604800)
    chat = await bot.get_chat(user.id)
    assert (chat.id, chat.type, chat.message_auto_delete_time) == (1, "private", 604800)
    [update] = await bot.get_updates(timeout=0)
    assert update.message is not None and update.message.text is None
    changed = update.message.message_auto_delete_timer_changed
    assert changed is not None and changed.message_auto_delete_time == 604800
    with pytest.raises(SandboxError):
        emulator.world.person_sets_auto_delete(user.person, -1)


async def test_multipart_json_and_get_requests_are_understood(
    emulator: BotApiEmulator, api_url: str
) -> None:
    user = emulator.add_user(1, "A")
    base = f"{api_url}/bot{emulator.token}"
    markup = json.dumps({"inline_keyboard": [[{"text": "Go", "callback_data": "go"}]]})
    form = aiohttp.FormData({"chat_id": "1", "text": "multipart", "reply_markup": markup})
    form.add_field("unused_file", b"x", filename="x.bin")  # forces multipart/form-data
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{base}/sendMessage", data=form) as resp:
            assert (await resp.json())["result"]["reply_markup"]["inline_keyboard"][0][0][
                "callback_data"
            ] == "go"
        body = {"chat_id": 1, "text": "json", "disable_notification": True}
        async with http.post(f"{base}/sendMessage", json=body) as resp:
            assert resp.status == 200
        async with http.get(f"{base}/getMe") as resp:
            assert (await resp.json())["result"]["id"] == 123456
    assert [m.text for m in user.messages()] == ["multipart", "json"]
    assert user.messages()[1].disable_notification


async def test_the_menu_a_person_sees_is_the_most_specific_scope_in_their_language(
    emulator: BotApiEmulator, bot: Bot
) -> None:
    kazakh = emulator.add_user(1, "A", language_code="kk")
    german = emulator.add_user(2, "B", language_code="de-AT")
    staff = emulator.add_user(3, "C", language_code="kk")
    assert kazakh.menu() == []

    def menu(description: str) -> list[BotCommand]:
        return [BotCommand(command="help", description=description)]

    assert await bot.set_my_commands(menu("everyone"))
    assert await bot.set_my_commands(menu("Kazakh"), language_code="kk")
    assert await bot.set_my_commands(menu("staff"), scope=BotCommandScopeChat(chat_id=staff.id))
    assert kazakh.menu() == [("help", "Kazakh")]
    assert german.menu() == [("help", "everyone")]
    assert staff.menu() == [("help", "staff")]  # a chat's own menu comes first
    assert await bot.delete_my_commands(scope=BotCommandScopeChat(chat_id=staff.id))
    assert staff.menu() == [("help", "Kazakh")]
    got = await bot.get_my_commands(scope=BotCommandScopeDefault(), language_code="kk")
    assert [c.description for c in got] == ["Kazakh"]


async def test_commands_chat_action_and_webhook(emulator: BotApiEmulator, bot: Bot) -> None:
    user = emulator.add_user(1, "A")
    commands = [BotCommand(command="help", description="Get help now")]
    assert await bot.set_my_commands(commands, language_code="ru")
    got = await bot.get_my_commands(language_code="ru")
    assert [(c.command, c.description) for c in got] == [("help", "Get help now")]
    assert await bot.get_my_commands() == []
    with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand(command="Bad Command", description="x")])

    assert await bot.send_chat_action(user.id, "typing")
    assert user.chat.last_chat_action == "typing"

    emulator.world.person_says(user.person, "queued")
    assert await bot.delete_webhook(drop_pending_updates=True)
    assert emulator.pending_updates() == []


async def test_groups_membership_and_leaving(emulator: BotApiEmulator, bot: Bot) -> None:
    user = emulator.add_user(1, "A")
    group = emulator.add_to_group(-100, "Counsellors", by=user)
    [joined] = await bot.get_updates(timeout=0)
    assert joined.my_chat_member is not None
    assert joined.my_chat_member.chat.type == "group"
    assert joined.my_chat_member.new_chat_member.status == "member"

    sending = asyncio.create_task(user.send("/help", chat_id=group.id, timeout=5))
    [said] = await bot.get_updates(offset=joined.update_id + 1, timeout=5)
    assert said.message is not None
    assert (said.message.chat.id, said.message.chat.title) == (-100, "Counsellors")
    await bot.send_message(group.id, "Hello group")
    assert [m.text for m in await sending] == ["Hello group"]

    with pytest.raises(TelegramBadRequest, match="private chats"):
        await bot.leave_chat(user.id)
    assert await bot.leave_chat(group.id)
    with pytest.raises(TelegramForbiddenError, match="not a member"):
        await bot.send_message(group.id, "still here?")


async def test_photos_documents_and_edits_arrive_as_telegram_sends_them(
    emulator: BotApiEmulator, bot: Bot
) -> None:
    user = emulator.add_user(502, "Dilnoza")
    photo = emulator.world.person_attaches(user.person, "photo", "под фото")
    emulator.world.person_attaches(user.person, "document", "")
    emulator.world.person_edits(user.person, photo.message_id, "другие слова")
    first, second, third = await bot.get_updates(timeout=0)

    assert first.message is not None and first.message.photo
    assert (first.message.text, first.message.caption) == (None, "под фото")
    assert second.message is not None and second.message.document is not None
    assert second.message.caption is None
    edited = third.edited_message
    assert edited is not None and edited.message_id == photo.message_id
    assert edited.caption == "другие слова" and edited.edit_date is not None
    assert emulator.messages(user.id)[0].text == "другие слова"


async def test_only_ones_own_messages_can_be_edited_and_captions_are_capped(
    emulator: BotApiEmulator, bot: Bot
) -> None:
    user = emulator.add_user(503, "Zarina")
    await bot.send_message(user.id, "From the bot")
    with pytest.raises(SandboxError, match="no message 1 of theirs"):
        emulator.world.person_edits(user.person, 1, "changed")
    with pytest.raises(SandboxError, match="at most 1024"):
        emulator.world.person_attaches(user.person, "photo", "x" * 1025)
    said = emulator.world.person_says(user.person, "hello")
    with pytest.raises(SandboxError, match="needs some text"):
        emulator.world.person_edits(user.person, said.message_id, "  ")
