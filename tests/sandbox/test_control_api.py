"""The chat page's JSON API: people act, chats long-poll by version."""

from __future__ import annotations

import asyncio
import time

import aiohttp
import pytest
from aiogram import Bot
from aiogram.types import BufferedInputFile, InlineKeyboardButton, InlineKeyboardMarkup

from bot.sandbox import BotApiEmulator


async def test_person_added_writes_and_taps(
    emulator: BotApiEmulator, bot: Bot, api_url: str
) -> None:
    api = f"{api_url}/sandbox/api"
    async with aiohttp.ClientSession() as http:
        async with http.post(
            f"{api}/users", json={"first_name": "Dilnoza", "language_code": "uz"}
        ) as r:
            assert r.status == 201
            person = (await r.json())["user"]
        async with http.get(f"{api}/users") as r:
            listing = await r.json()
        assert [(u["first_name"], u["language_code"]) for u in listing["users"]] == [
            ("Dilnoza", "uz")
        ]

        async with http.get(f"{api}/chats/{person['id']}") as r:
            version = (await r.json())["version"]
        waiting = asyncio.create_task(
            http.get(f"{api}/chats/{person['id']}?since={version}&timeout=5")
        )
        await asyncio.sleep(0.2)
        assert not waiting.done(), "the long poll answered with nothing new"

        async with http.post(f"{api}/users/{person['id']}/messages", json={"text": "salom"}) as r:
            assert r.status == 201
        started = time.monotonic()
        async with await waiting as r:
            chat = await r.json()
        assert time.monotonic() - started < 2
        assert chat["version"] > version
        assert [(m["sender"], m["text"]) for m in chat["messages"]] == [("user", "salom")]
        [update] = await bot.get_updates(timeout=0)
        assert update.message is not None and update.message.from_user is not None
        assert (update.message.text, update.message.from_user.language_code) == ("salom", "uz")

        markup = InlineKeyboardMarkup(
            inline_keyboard=[[InlineKeyboardButton(text="Yes", callback_data="yes")]]
        )
        sent = await bot.send_message(person["id"], "Ready?", reply_markup=markup)
        tap = {"message_id": sent.message_id, "callback_data": "yes"}
        async with http.post(f"{api}/users/{person['id']}/taps", json=tap) as r:
            assert r.status == 201
        bad_tap = {"message_id": sent.message_id, "callback_data": "no"}
        async with http.post(f"{api}/users/{person['id']}/taps", json=bad_tap) as r:
            assert r.status == 400
            assert "no button" in (await r.json())["error"]
        updates = await bot.get_updates(offset=update.update_id + 1, timeout=0)
        assert [u.callback_query.data for u in updates if u.callback_query] == ["yes"]


@pytest.mark.parametrize(
    ("path", "body"),
    [("/users", {"first_name": ""}), ("/users/1/messages", {"text": "   "})],
)
async def test_bad_requests_are_refused(
    emulator: BotApiEmulator, api_url: str, path: str, body: dict[str, str]
) -> None:
    emulator.add_user(1, "A")
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{api_url}/sandbox/api{path}", json=body) as r,
    ):
        assert r.status == 400
    assert emulator.messages(1) == []


async def test_a_photo_and_a_document_the_bot_sent_are_served_until_deleted(
    emulator: BotApiEmulator, bot: Bot, api_url: str
) -> None:
    api = f"{api_url}/sandbox/api"
    png = b"\x89PNG\r\n\x1a\n" + b"chart" * 10
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{api}/users", json={"first_name": "Madina"}) as r:
            person = (await r.json())["user"]
        photo = await bot.send_photo(
            person["id"], BufferedInputFile(png, "chart.png"), caption="Your mood"
        )
        document = await bot.send_document(
            person["id"], BufferedInputFile(b'{"answers": []}', "my data.json")
        )
        async with http.get(f"{api}/chats/{person['id']}") as r:
            shown = {m["message_id"]: m for m in (await r.json())["messages"]}
        assert shown[photo.message_id]["attachment"] == "photo"
        assert shown[photo.message_id]["file_name"] == "chart.png"
        assert shown[document.message_id]["file_name"] == "my data.json"

        file = f"{api}/chats/{person['id']}/messages/{photo.message_id}/file"
        async with http.get(file) as r:
            assert (r.status, r.content_type, await r.read()) == (200, "image/png", png)
        async with http.get(f"{api}/chats/{person['id']}/messages/{document.message_id}/file") as r:
            assert r.status == 200 and await r.read() == b'{"answers": []}'
            assert r.headers["Content-Disposition"] == 'attachment; filename="my_data.json"'
            assert r.content_type == "application/octet-stream"

        # A "photo" that is not a picture is never shown as a page of this address.
        odd = await bot.send_photo(
            person["id"], BufferedInputFile(b"<script>x</script>", "page.html")
        )
        async with http.get(f"{api}/chats/{person['id']}/messages/{odd.message_id}/file") as r:
            assert r.content_type == "application/octet-stream"
            assert r.headers["Content-Disposition"].startswith("attachment;")

        await bot.delete_message(person["id"], photo.message_id)
        async with http.get(file) as r:
            assert r.status == 404
        async with http.get(f"{api}/chats/{person['id']}/messages/999/file") as r:
            assert r.status == 404
