"""Buttons a modified client forges, end to end over the emulator: every callback the bot
handles, with huge numbers, negatives, non-numbers, too many parts and names of things no
button offers, gets the stale-button reply and the question that waits; nothing fails."""

from __future__ import annotations

import pytest

from bot.i18n import texts
from bot.sandbox.driver import SimUser
from bot.sandbox.emulator import BotApiEmulator
from tests.support.chat import forge
from tests.support.harness import InProcessBot
from tests.support.onboarding import onboard_in
from tests.support.staff import linked
from tests.support.tables import table_rows

HUGE = "9" * 30  # beyond any integer column, and far beyond any id
BEYOND_INTEGER = str(2**31)  # one past PostgreSQL's `integer`

# Every prefix a person's buttons carry, each with values no button of the bot ever had.
PERSON_FORGERIES = {
    "answer": [f"a:{HUGE}:0", f"a:0:{HUGE}", "a:-1:0", "a:0:-1", "a:x:0", "a:²:0", "a:1:2:3"],
    "reminder": [
        f"r:go:{HUGE}",
        f"r:go:{BEYOND_INTEGER}",
        "r:go:-1",
        "r:go:x",
        "r:in:-100000020",  # once "I will remind you in -1666667 hours"
        f"r:in:{HUGE}",
        "r:in:61",  # a snooze no reminder offers
        "r:in:60:1",
        "r:now:1",
    ],
    "pause": [f"pause:{HUGE}", "pause:-7", "pause:3", "pause:x", "pause:7:7", "pause:²"],
    "end conversation": [f"rl:end:{HUGE}", "rl:end:-1", "rl:end:x", "rl:end:1:2", "rl:end:1"],
    "feedback": [
        f"fb:r:{HUGE}:3",
        "fb:r:1:-3",
        "fb:r:1:9",
        "fb:u:1:maybe",
        "fb:r:1:3:3",
        "fb:x:1:3",
        "fb:r:1:3",  # well formed, but the person has no case 1
    ],
    "library": ["lib:t:no-such-topic", "lib:t:%(title)s", "lib:f:forget", "lib:f:onboarding"],
    "crisis card": ["h:nowhere", "h:talk:1"],
    "unknown": ["zz", "case:claim:1", "plan:make:1"],
}
STAFF_FORGERIES = [
    f"case:claim:{HUGE}",
    f"case:resolve:{BEYOND_INTEGER}",
    "case:claim:-1",
    "case:resolve:x",
    "case:claim:1:2",
    "case:resolve:²",
    "case:claim:4242",  # well formed, but there is no such case
    "a:0:0",  # a person's button, from a staff member
    "zz",
]


def failures(bot: InProcessBot) -> list[str]:
    return [
        line
        for line in bot.logs().splitlines()
        if "update.failed" in line or "Traceback" in line or '"level": "error"' in line
    ]


async def forged_is_stale(emu: BotApiEmulator, user: SimUser, data: str) -> None:
    answer = await forge(emu, user, data)
    assert answer[0].text == texts.STALE_BUTTON, f"{data!r} got {[m.text for m in answer]}"


@pytest.mark.parametrize("prefix", PERSON_FORGERIES)
async def test_a_persons_forged_buttons_are_stale(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str, prefix: str
) -> None:
    emu, _ = emulator
    person = emu.add_user(5559001, "Madina")
    await onboard_in(person, "en")
    for data in PERSON_FORGERIES[prefix]:
        await forged_is_stale(emu, person, data)
        # The way back: the question that waited is asked again, with live buttons.
        assert person.buttons()
    assert failures(bot) == []
    [held] = await table_rows(database_url, "participants")
    assert (held["reminders"], held["paused_until"]) == ("active", None)


async def test_a_forged_answer_cannot_pick_an_option_from_the_end(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot
) -> None:
    emu, _ = emulator
    person = emu.add_user(5559002, "Madina")
    await onboard_in(person, "en")
    question = person.last_message()
    assert question is not None
    last = question.buttons()[-1]["text"]
    seq = question.buttons()[0]["callback_data"].split(":")[1]
    await forged_is_stale(emu, person, f"a:{seq}:-1")  # once the last option
    assert last not in [m.text for m in person.messages()[-2:]]
    await person.tap(question.buttons()[0]["text"])  # the real buttons still work
    assert failures(bot) == []


async def test_a_staff_members_forged_buttons_are_stale(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str
) -> None:
    emu, _ = emulator
    counsellor = await linked(emu, bot, 5559101, "Aigul", languages=("en",), on_duty=True)
    for data in STAFF_FORGERIES:
        await forged_is_stale(emu, counsellor, data)
    assert failures(bot) == []
    assert await table_rows(database_url, "escalations") == []
