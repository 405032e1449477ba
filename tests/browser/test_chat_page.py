"""The sandbox chat page in headless Chromium, against the emulator and a real aiogram Bot."""

from __future__ import annotations

import pytest
from aiogram import Bot
from aiogram.types import BufferedInputFile, InlineKeyboardButton, InlineKeyboardMarkup
from playwright.async_api import Page, expect

from bot.app.chart_png import line_chart
from bot.sandbox import BotApiEmulator
from tests.browser.sandbox import add_person, shoot

pytestmark = pytest.mark.browser

SCREENSHOTS = "/tmp/qadam-sandbox-{}.png"


async def test_chat_page_round_trip(
    page: Page, console_url: str, emulator: BotApiEmulator, bot: Bot
) -> None:
    await page.goto(console_url)
    await expect(page.get_by_text("Offline sandbox.")).to_be_visible()
    await expect(page.get_by_text("No one yet")).to_be_visible()

    await add_person(page, "Madina", "ru")
    madina = page.get_by_role("button", name="Madina ru")
    await expect(madina).to_have_attribute("aria-current", "true")
    [person] = emulator.world.people.values()
    assert (person.first_name, person.language_code) == ("Madina", "ru")

    # Enter sends, and the person's bubble shows up; the bot gets the update.
    await page.get_by_role("textbox", name="Message").fill("/start")
    await page.get_by_role("textbox", name="Message").press("Enter")
    log = page.get_by_role("log")
    await expect(log.locator(".bubble-user .bubble-text")).to_have_text("/start")
    await expect(page.get_by_role("textbox", name="Message")).to_have_value("")
    [update] = await bot.get_updates(timeout=5)
    assert update.message is not None and update.message.from_user is not None
    assert (update.message.text, update.message.from_user.language_code) == ("/start", "ru")

    # The bot's text is shown as text, never as markup.
    hostile = 'Hi <img src=x onerror="window.pwned=1"> & welcome'
    await bot.send_message(person.id, hostile)
    await expect(log.locator(".bubble-bot").first.locator(".bubble-text")).to_have_text(hostile)
    assert await log.locator("img").count() == 0

    markup = InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text="Talk to a counsellor", callback_data="talk")],
            [InlineKeyboardButton(text="Not now", callback_data="later")],
        ]
    )
    sent = await bot.send_message(
        person.id, "Would you like <b>some support</b>?", parse_mode="HTML", reply_markup=markup
    )
    offer = log.locator(f'[data-message-id="{sent.message_id}"]')
    await expect(offer.locator("strong")).to_have_text("some support")
    await page.screenshot(path=SCREENSHOTS.format("desktop"), full_page=True)

    await offer.get_by_role("button", name="Talk to a counsellor").click()
    [tapped] = await bot.get_updates(offset=update.update_id + 1, timeout=5)
    assert tapped.callback_query is not None
    assert tapped.callback_query.data == "talk"
    assert tapped.callback_query.message is not None
    assert tapped.callback_query.message.message_id == sent.message_id

    await bot.answer_callback_query(tapped.callback_query.id, text="A counsellor will write")
    await expect(page.get_by_role("status")).to_have_text("A counsellor will write")

    # Edits and deletions show up live.
    await bot.edit_message_text(
        chat_id=person.id, message_id=sent.message_id, text="A counsellor will write to you here."
    )
    await expect(offer.locator(".bubble-text")).to_have_text("A counsellor will write to you here.")
    await expect(offer.locator(".bubble-meta")).to_contain_text("edited")
    await expect(offer.get_by_role("button")).to_have_count(0)
    await bot.delete_message(person.id, sent.message_id)
    await expect(offer.locator(".bubble-text")).to_have_text("Message deleted")

    await page.set_viewport_size({"width": 390, "height": 844})
    await page.screenshot(path=SCREENSHOTS.format("phone"), full_page=True)


async def test_switching_people_switches_chats(
    page: Page, console_url: str, emulator: BotApiEmulator, bot: Bot
) -> None:
    first = emulator.add_user(11, "Aziza")
    second = emulator.add_user(12, "Bekzat", language_code="kk")
    await bot.send_message(first.id, "For Aziza")
    await bot.send_message(second.id, "For Bekzat")

    await page.goto(console_url)
    log = page.get_by_role("log")
    await expect(log).to_contain_text("For Aziza")
    await page.get_by_role("button", name="Bekzat kk").click()
    await expect(log).to_contain_text("For Bekzat")
    await expect(log).not_to_contain_text("For Aziza")

    # A person added elsewhere (here, by a test) appears without a reload.
    emulator.add_user(13, "Charos", language_code="uz")
    await expect(page.get_by_role("button", name="Charos uz")).to_be_visible()


async def test_a_chart_shows_in_the_chat_and_a_document_is_a_link(
    page: Page, console_url: str, emulator: BotApiEmulator, bot: Bot
) -> None:
    person = emulator.add_user(14, "Dilnoza")
    plot = line_chart([(0, 2), (1, 3), (2, 4)], (0, 2), (1, 5))
    await bot.send_photo(person.id, BufferedInputFile(plot.png, "chart.png"), caption="Your mood")
    await bot.send_document(person.id, BufferedInputFile(b"{}", "my-data.json"))

    await page.goto(console_url)
    log = page.get_by_role("log")
    chart = log.get_by_role("img", name="Your mood")
    await expect(chart).to_be_visible()
    # Drawn, not a broken image: the browser decoded the PNG the bot uploaded.
    width = await chart.evaluate("image => image.complete && image.naturalWidth")
    assert width == 640
    link = log.get_by_role("link", name="my-data.json")
    await expect(link).to_have_attribute("download", "my-data.json")
    await shoot(page, "sandbox-chart")
