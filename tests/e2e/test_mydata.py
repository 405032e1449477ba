"""/mydata: a person sees in their chat what Qadam holds, and gets the whole as a file
with their answers and their own words to a counsellor, and no Telegram identity."""

from __future__ import annotations

import json

from sqlalchemy import select

from bot.app import mydata
from bot.i18n import texts
from bot.sandbox.emulator import BotApiEmulator
from bot.spec.clock import Clock
from bot.storage.models import (
    Base,
    CarePlan,
    Measure,
    Participant,
    Referral,
    ScheduledFlow,
    Service,
    Signal,
)
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
    assert held["answers"] and held["reminders"]
    [case] = held["cases"]
    assert [m["text"] for m in case["my_messages"]] == ["спасибо, мне уже легче"]
    assert "Я рядом." not in raw  # the counsellor's words are theirs, not the person's
    assert str(PERSON) not in raw and USERNAME not in raw and "Madina" not in raw
    assert f"{texts.MYDATA_ANSWERS}" not in summary.text  # in their language, not English


def _tables_about_a_person() -> set[str]:
    """Every table with a column that points at a person."""
    return {
        table.name
        for table in Base.metadata.tables.values()
        if any(
            key.column.table.name == "participants"
            for column in table.columns
            for key in column.foreign_keys
        )
    } | {"participants"}


async def test_mydata_carries_every_table_that_holds_something_about_the_person(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str, clock: Clock
) -> None:
    # A new table about a person must be shown, or said to be about reaching them.
    assert _tables_about_a_person() == set(mydata.SECTIONS) | mydata.NOT_ABOUT_THEM
    emu, _ = emulator
    person = emu.add_user(5583004, "Madina")
    await onboard_in(person, "en")
    await person.send("I want to die")
    # What a counsellor and the jobs add over weeks, written as they write it.
    now = clock.now()
    async with bot.assembly.sessionmaker() as db, db.begin():
        participant = await db.scalar(select(Participant))
        assert participant is not None
        pid = participant.id
        service = Service(
            category="health", country="KG", name="City clinic", languages="en", contact="112"
        )
        db.add(service)
        await db.flush()
        db.add_all(
            [
                Referral(participant_id=pid, service_id=service.id, sent_at=now, outcome="reached"),
                Signal(participant_id=pid, kind="missed_checkins", value=3, created_at=now),
                ScheduledFlow(participant_id=pid, flow="checkin-mood", due_at=now),
                CarePlan(participant_id=pid, checkin_flow="checkin-mood", every_days=7),
                Measure(
                    participant_id=pid,
                    instrument="phq9",
                    answers=[1] * 9,
                    total=9,
                    score=9,
                    band="mild",
                    taken_at=now,
                ),
            ]
        )

    summary, document = await person.send("/mydata")
    raw = (document.file_data or b"").decode()
    held = json.loads(raw)
    # Counted as it happened: she did not ask, the bot asked for her; check-ins named.
    assert "Times you asked for a counsellor: 0" in summary.text
    assert "after your words or answers: 1" in summary.text
    assert "Scheduled check-ins: Daily mood check-in (19:00), " in summary.text
    assert {section for section in mydata.SECTIONS.values() if not held[section]} == set()
    [case] = held["cases"]
    assert case["my_words"] == "I want to die" and case["opened_by"] == "your words"
    assert held["referrals"][0]["service"] == "City clinic"
    assert held["referrals"][0]["outcome"] == "reached"
    assert held["care_plan"]["check_in"] == "checkin-mood" and held["safety_plan"] is None
    assert "5583004" not in raw
