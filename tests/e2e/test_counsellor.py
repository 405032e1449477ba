"""The safety core end to end over the emulator: risky words, the crisis reply, a
counsellor told, claiming, the anonymous relay both ways, and resolving."""

from __future__ import annotations

import time

from bot.sandbox.emulator import BotApiEmulator
from tests.support.chat import wait_for_bot
from tests.support.harness import InProcessBot
from tests.support.onboarding import onboard_russian
from tests.support.staff import invite
from tests.support.tables import table_rows

PERSON = 5556001
COUNSELLOR = 5556002


async def test_risky_words_reach_a_counsellor_and_the_relay_works_both_ways(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str
) -> None:
    emu, _ = emulator
    invitation = await invite(bot, "Aigul", "counsellor", ("ru", "kk"), "female")
    counsellor = emu.add_user(COUNSELLOR, "Aigul", username="aigul_counsels")
    [linked] = await counsellor.send(invitation)
    assert "S-" in linked.text
    [duty] = await counsellor.send("/duty")
    assert "на смене" in duty.text  # staff read the bot in their first language

    person = emu.add_user(PERSON, "Madina", last_name="Secret", username="madina_private")
    await onboard_russian(person)
    before, started = len(person.messages()), time.monotonic()
    person_sees = await person.send("я больше не хочу жить")
    first = next(m for m in person.messages()[before:] if m.sender == "bot")
    assert time.monotonic() - started < 2.0, "the crisis reply must come within two seconds"
    assert "112" in first.text
    assert "Сейчас на смене есть консультант" in first.text  # told honestly: someone is there
    assert person_sees and person.buttons()

    notices = await wait_for_bot(counsellor, 2)
    [participant] = await table_rows(database_url, "participants")
    code = participant["code"]
    notice = notices[-1]
    # The reason in words in the counsellor's language, never a rule id.
    assert code in notice.text and "мысли о суициде" in notice.text
    assert "suicide." not in notice.text
    await counsellor.tap("Взять")
    before = len(person.messages())
    await counsellor.send(f"/reply {code} Здравствуйте, я консультант. Я рядом.")
    got = await wait_for_bot(person, before)
    assert got[-1].text == "Ваш консультант:\n\nЗдравствуйте, я консультант. Я рядом."
    before = len(counsellor.messages())
    # Their answer goes to the counsellor, not to a flow: nothing comes back in their chat.
    emu.world.person_says(person.person, "спасибо, мне страшно")
    back = await wait_for_bot(counsellor, before)
    assert any("спасибо, мне страшно" in m.text and code in m.text for m in back)

    # The person ends the conversation; the counsellor is told, the person asked how it went.
    before = len(counsellor.messages())
    await person.tap("Завершить разговор")
    told = await wait_for_bot(counsellor, before)
    assert any(f"{code} завершил(а) разговор" in m.text for m in told)
    assert "Был ли разговор полезен для вас?" in person.messages()[-1].text
    await person.tap("Да, помог")
    await person.tap("Нет")
    assert person.messages()[-1].text == "Спасибо. Это помогает нам работать лучше."

    # A note on the case, and the case as the counsellor sees it.
    [saved] = await counsellor.send(f"/note {code} Предложить встречу с психологом")
    assert saved.text == f"Заметка к {code} сохранена."
    [shown] = await counsellor.send(f"/case {code}")
    assert (
        "Предложить встречу с психологом" in shown.text and "«я больше не хочу жить»" in shown.text
    )

    # Resolve from the case message: it asks how the case ended, and records the answer.
    [asked] = await counsellor.tap("Закрыть")
    assert asked.text == f"Как завершилось обращение {code}? Выберите, чтобы закрыть его."
    [case] = await table_rows(database_url, "escalations")
    assert case["status"] == "claimed"
    [done] = await counsellor.tap("Направлен(а) в службу")
    assert done.text == f"Обращение {code} закрыто: Направлен(а) в службу."
    [case] = await table_rows(database_url, "escalations")
    assert case["status"] == "resolved" and case["severity"] == "high"  # a wish to die
    assert case["outcome"] == "referred"
    assert (case["rating"], bool(case["felt_unsafe"])) == (3, False)
    actions = [row["action"] for row in await table_rows(database_url, "audit_log")]
    assert actions[-8:] == [
        "claimed",
        "wrote",
        "ended",
        "feedback",
        "feedback",
        "noted",
        "viewed",
        "resolved",
    ]

    # Nothing staff received names the person.
    for message in counsellor.messages():
        for secret in ("Madina", "Secret", "madina_private", str(PERSON)):
            assert secret not in message.text
