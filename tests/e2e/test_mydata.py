"""/mydata: a person sees in their chat what Qadam holds, and gets the whole as a file
with their answers and their own words to a counsellor, and no Telegram identity."""

from __future__ import annotations

import json

from bot.i18n import texts
from bot.sandbox.emulator import BotApiEmulator
from tests.support.chat import wait_for_bot
from tests.support.harness import InProcessBot
from tests.support.onboarding import onboard_in
from tests.support.staff import linked
from tests.support.tables import table_rows

PERSON = 5583001
USERNAME = "madina_secret_handle"


async def test_mydata_holds_the_answers_and_own_words_and_no_telegram_id(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str
) -> None:
    emu, _ = emulator
    counsellor = await linked(emu, bot, 5583101, "Aigul", languages=("ru",), on_duty=True)
    person = emu.add_user(PERSON, "Madina", username=USERNAME)
    await onboard_in(
        person, "ru", role="caregiver", relationship="relative", child_age="13-17", country="KG"
    )
    await person.send("я больше не хочу жить")
    await counsellor.tap("Взять")
    [participant] = await table_rows(database_url, "participants")
    before = len(person.messages())
    await counsellor.send(f"/reply {participant['code']} Я рядом.")
    await wait_for_bot(person, before)
    before = len(counsellor.messages())
    emu.world.person_says(person.person, "спасибо, мне уже легче")
    await wait_for_bot(counsellor, before)

    got = await person.send("/mydata")
    summary, document = got[-2], got[-1]
    assert summary.text.startswith("Вот всё, что Qadam хранит о вас:")
    assert document.attachment == "document" and document.protect_content
    assert document.text == "Ваши данные из Qadam"
    assert document.file_data is not None
    raw = document.file_data.decode()
    held = json.loads(raw)
    assert held["profile"]["role"] == "caregiver" and held["profile"]["country"] == "KG"
    assert (held["profile"]["relationship"], held["profile"]["children"]) == ("relative", "13-17")
    assert held["profile"]["code"] == participant["code"]
    assert held["answers"] and held["schedules"]
    [case] = held["cases"]
    assert [m["text"] for m in case["my_messages"]] == ["спасибо, мне уже легче"]
    assert "Я рядом." not in raw  # the counsellor's words are theirs, not the person's
    assert str(PERSON) not in raw and USERNAME not in raw and "Madina" not in raw
    assert f"{texts.MYDATA_ANSWERS}" not in summary.text  # in their language, not English
