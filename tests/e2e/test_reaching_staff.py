"""A case always reaches a person, end to end over the emulator: going on duty brings what
waits, /cases lists it, a Kyrgyz speaker reaches a Russian-speaking counsellor, nobody on
duty means supervisors and admins are told, a missed deadline is chased, "felt unsafe" is
for supervisors only, /forget with an open case leaves a stub, forged buttons are refused,
and counsellors read the case in their own words and time zone."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from bot.i18n import texts
from bot.jobs import chase_once
from bot.sandbox.driver import SimUser
from bot.sandbox.emulator import BotApiEmulator
from bot.sandbox.models import RecordedMessage
from tests.support.chat import forge, wait_for_bot
from tests.support.harness import InProcessBot
from tests.support.onboarding import onboard_in
from tests.support.staff import linked
from tests.support.tables import table_rows


def say(bot: InProcessBot, locale: str, message: str) -> str:
    return bot.assembly.services.catalogs.gettext(locale, message)


async def the_case(database_url: str) -> dict[str, Any]:
    [case] = await table_rows(database_url, "escalations")
    return case


async def code_of(database_url: str) -> str:
    [person] = await table_rows(database_url, "participants")
    return str(person["code"])


def about(member: SimUser, code: str) -> list[RecordedMessage]:
    return [m for m in member.messages() if m.sender == "bot" and code in m.text]


async def test_a_case_raised_off_duty_reaches_the_counsellor_who_goes_on_duty(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str
) -> None:
    emu, _ = emulator
    counsellor = await linked(emu, bot, 5558001, "Aigul", languages=("en",))
    person = emu.add_user(5558002, "Madina")
    await onboard_in(person, "en")
    answer = await person.send("I want to die")
    assert any(texts.REPLY_OFF_DUTY in m.text for m in answer)  # honest: nobody is on duty
    code = await code_of(database_url)
    assert about(counsellor, code) == []

    on_duty, waiting, case = await counsellor.send("/duty")
    assert on_duty.text == texts.STAFF_ON_DUTY
    assert waiting.text == texts.STAFF_WAITING % {"count": "1"}
    assert code in case.text and case.buttons()[0]["text"] == texts.CASE_CLAIM
    [listing] = await counsellor.send("/cases")
    assert listing.text.startswith(texts.STAFF_CASES_TITLE) and code in listing.text
    await counsellor.tap(texts.CASE_CLAIM)
    assert (await the_case(database_url))["status"] == "claimed"


async def test_a_kyrgyz_speaker_reaches_the_russian_speaking_counsellor_on_duty(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str
) -> None:
    emu, _ = emulator
    counsellor = await linked(emu, bot, 5558101, "Gulnara", languages=("ru",), on_duty=True)
    welcome = counsellor.messages()[1].text
    assert welcome.startswith("Вы подключены: консультант S-")  # the role in her language
    person = emu.add_user(5558102, "Aida", language_code="ky")
    await onboard_in(person, "ky", country="KG")
    answer = await person.send("өлгүм келет")
    on_duty = say(bot, "ky", texts.REPLY_ON_DUTY).split("%(")[0]
    assert any(on_duty in m.text for m in answer), "told in Kyrgyz that someone is there"
    assert not any(say(bot, "ky", texts.REPLY_OFF_DUTY) in m.text for m in answer)
    code = await code_of(database_url)
    [notice] = about(counsellor, code)
    assert say(bot, "ru", texts.REASON_WORDS["suicide"]) in notice.text
    assert "Кыргызча" in notice.text or "ky" in notice.text
    assert (await the_case(database_url))["staff_id"] is not None


async def test_with_nobody_on_duty_every_supervisor_and_admin_is_told_and_chased(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str
) -> None:
    emu, _ = emulator
    counsellor = await linked(emu, bot, 5558201, "Aigul", languages=("en",))
    supervisor = await linked(emu, bot, 5558202, "Saule", "supervisor", ("en",))
    admin = await linked(emu, bot, 5558203, "Dana", "admin", ("en",))
    person = emu.add_user(5558204, "Madina")
    await onboard_in(person, "en")
    await person.send("my brother threatens to kill me")
    code = await code_of(database_url)
    assert about(supervisor, code) and about(admin, code)
    assert about(counsellor, code) == []

    # The high deadline (an hour) passes with nobody acknowledging: they are told again.
    told = len(about(supervisor, code))
    bot.assembly.clock.advance(timedelta(minutes=61))
    await chase_once(bot.assembly.sessionmaker, bot.assembly.services)
    await wait_for_bot(supervisor, len(supervisor.messages()) - 1)
    assert len(about(supervisor, code)) > told
    assert (await the_case(database_url))["overdue_at"] is not None


async def test_a_missed_deadline_reaches_the_supervisors_off_duty(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str
) -> None:
    emu, _ = emulator
    counsellor = await linked(emu, bot, 5558301, "Aigul", languages=("en",), on_duty=True)
    supervisors = [
        await linked(emu, bot, 5558302 + i, name, "supervisor", ("en",))
        for i, name in enumerate(["Saule", "Dana"])
    ]
    person = emu.add_user(5558310, "Madina")
    await onboard_in(person, "en")
    await person.send("I want to die")
    code = await code_of(database_url)
    assert about(counsellor, code)
    assert all(about(boss, code) == [] for boss in supervisors)

    bot.assembly.clock.advance(timedelta(minutes=61))
    await chase_once(bot.assembly.sessionmaker, bot.assembly.services)
    await wait_for_bot(supervisors[0], len(supervisors[0].messages()))
    for boss in supervisors:
        [chase] = about(boss, code)
        assert texts.CASE_OVERDUE in chase.text


async def test_felt_unsafe_reaches_only_the_supervisor_who_alone_may_resolve(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str
) -> None:
    emu, _ = emulator
    counsellor = await linked(emu, bot, 5558401, "Aigul", languages=("en",), on_duty=True)
    supervisor = await linked(emu, bot, 5558402, "Saule", "supervisor", ("en",))
    person = emu.add_user(5558403, "Madina")
    await onboard_in(person, "en")
    await person.send("I want to die")
    code = await code_of(database_url)
    await counsellor.tap(texts.CASE_CLAIM)
    before = len(person.messages())
    await counsellor.send(f"/reply {code} Hello, I am here.")
    await wait_for_bot(person, before)
    await person.tap(texts.RELAY_END)
    await person.tap(texts.FEEDBACK_RATINGS[1])
    seen_by_counsellor = len(counsellor.messages())
    await person.tap(texts.FEEDBACK_YES)  # something felt unsafe
    assert person.messages()[-1].text == texts.FEEDBACK_UNSAFE_THANKS

    [warning] = [m for m in about(supervisor, code) if "⚠️" in m.text]
    assert warning.text == texts.STAFF_UNSAFE % {"code": code}
    assert not any("⚠️" in m.text for m in counsellor.messages()[seen_by_counsellor:])
    [shown] = await counsellor.send(f"/case {code}")
    assert texts.CASE_FELT_UNSAFE not in shown.text

    # The case is the supervisor's now: the counsellor's Resolve is refused.
    [refused] = await counsellor.tap(texts.CASE_RESOLVE)
    assert refused.text == texts.STAFF_NOT_YOURS % {"code": code}
    assert (await the_case(database_url))["status"] != "resolved"
    [seen] = await supervisor.send(f"/case {code}")
    assert texts.CASE_FELT_UNSAFE in seen.text
    await supervisor.tap(texts.CASE_RESOLVE)
    await supervisor.tap(texts.CASE_OUTCOMES["escalated_for_safety"])
    resolved = await the_case(database_url)
    assert (resolved["status"], resolved["outcome"]) == ("resolved", "escalated_for_safety")


async def test_forget_with_an_open_case_asks_first_then_leaves_a_stub(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str
) -> None:
    emu, _ = emulator
    counsellor = await linked(emu, bot, 5558501, "Aigul", languages=("en",), on_duty=True)
    person = emu.add_user(5558502, "Madina")
    await onboard_in(person, "en")
    await person.send("I want to die")
    code = await code_of(database_url)
    [notice] = about(counsellor, code)

    [asked] = await person.send("/forget")
    assert asked.text.startswith("A counsellor is looking at what you wrote")
    await person.tap("Yes, delete everything")
    told = await wait_for_bot(counsellor, len(counsellor.messages()) - 1)
    assert told[-1].text == texts.STAFF_PERSON_ERASED % {"code": code}
    stub = await the_case(database_url)
    assert (stub["participant_id"], stub["status"], stub["outcome"]) == (None, "resolved", "erased")
    assert stub["evidence_enc"] is None and stub["severity"] == "high"
    assert await table_rows(database_url, "participants") == []

    # The Claim button on the old notice now says what happened, instead of nothing.
    [data] = [b["callback_data"] for b in notice.buttons() if b["text"] == texts.CASE_CLAIM]
    before = len(counsellor.messages())
    emu.world.person_taps(counsellor.person, counsellor.id, notice.message_id, data)
    [answer] = await wait_for_bot(counsellor, before)
    assert answer.text == texts.STAFF_CASE_ERASED


async def test_forged_buttons_for_a_colleagues_case_are_refused(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str
) -> None:
    emu, _ = emulator
    first = await linked(emu, bot, 5558601, "Aigul", languages=("en",), on_duty=True)
    second = await linked(emu, bot, 5558602, "Gulnara", languages=("en",), on_duty=True)
    person = emu.add_user(5558603, "Madina")
    await onboard_in(person, "en")
    await person.send("I want to die")
    code = await code_of(database_url)
    owner, forger = (first, second) if about(first, code) else (second, first)
    await owner.tap(texts.CASE_CLAIM)
    case = await the_case(database_url)
    for prefix in ("case:claim:", "case:resolve:"):
        await forge(emu, forger, f"{prefix}{case['id']}")
        assert forger.messages()[-1].text == texts.STAFF_NOT_YOURS % {"code": code}
    after = await the_case(database_url)
    assert (after["status"], after["staff_id"]) == ("claimed", case["staff_id"])


async def test_counsellors_read_the_case_in_words_in_their_language_and_time_zone(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str
) -> None:
    emu, _ = emulator
    counsellor = await linked(
        emu, bot, 5558701, "Aigul", languages=("ru",), on_duty=True, timezone="Asia/Almaty"
    )
    person = emu.add_user(5558702, "Madina", language_code="uz")
    await onboard_in(person, "uz", role="caregiver", child_age="13-17", country="UZ")
    await person.send("oʻlgim kelyapti")
    code = await code_of(database_url)
    [shown] = await counsellor.send(f"/case {code}")
    text = shown.text
    assert say(bot, "ru", texts.REASON_WORDS["suicide"]) in text
    assert "suicide." not in text  # never a rule id
    assert say(bot, "ru", texts.ROLE_CAREGIVER) % {"band": "13-17"} in text
    assert say(bot, "ru", texts.AGE_BANDS["adult"]) in text
    assert "Asia/Almaty" in text
    opened = (await the_case(database_url))["opened_at"]
    # Raw SQL hands back a timestamp as text on SQLite.
    opened = datetime.fromisoformat(str(opened)) if isinstance(opened, str) else opened
    almaty = (opened.replace(tzinfo=None) + timedelta(hours=5)).strftime("%H:%M")  # UTC+5
    assert almaty in text
