"""Reading callback data back: only what a button of ours could carry, in bounds."""

from __future__ import annotations

import pytest

from bot.escalation import cases, feedback, relay
from bot.outbox import messages
from bot.outbox.callbacks import MAX_ID, fields, number, row_id
from bot.scheduling import reminders


@pytest.mark.parametrize(
    "text", ["-1", "+1", " 1", "1 ", "1_000", "٣", "²", "1.0", "0x1", "", "9" * 1000]
)
def test_only_plain_ascii_digits_are_numbers(text: str) -> None:
    assert number(text, 0, 10**6) is None


def test_numbers_are_held_to_their_bounds() -> None:
    assert number("07", 0, 10) == 7
    assert number("10", 0, 10) == 10
    assert number("11", 0, 10) is None
    assert number("0", 1, 10) is None
    assert row_id(str(MAX_ID)) == MAX_ID
    assert row_id(str(MAX_ID + 1)) is None


def test_fields_are_exactly_as_many_as_asked() -> None:
    assert fields("a:1:2", "a:", 2) == ["1", "2"]
    assert fields("a:1:2:3", "a:", 2) is None
    assert fields("a:1", "a:", 2) is None
    assert fields("b:1:2", "a:", 2) is None


def test_what_the_bot_writes_it_reads_back() -> None:
    assert messages.parse_answer_callback(messages.answer_callback(12, 3)) == (12, 3)
    assert reminders.parse(reminders.start_data(5)) == ("go", 5)
    assert reminders.parse(reminders.later_data(180)) == ("in", 180)
    assert relay.parse_end(f"{relay.END}9") == 9
    assert cases.parse_button(f"{cases.RESOLVE}4") == (cases.RESOLVE, 4, None)
    assert cases.parse_button(cases.outcome_button(4, "referred")) == (cases.RESOLVE, 4, "referred")
    assert cases.parse_button(f"{cases.RESOLVE}4:made-up") is None
    assert feedback.parse(f"{feedback.RATE}4:3") == ("r", 4, "3")
    assert feedback.parse(f"{feedback.UNSAFE}4:y") == ("u", 4, "y")


@pytest.mark.parametrize(
    "data", ["r:in:-100000020", "r:in:61", "r:go:0", "r:go:-5", f"r:go:{MAX_ID + 1}", "r:x:60"]
)
def test_a_reminder_button_offers_only_its_own_snoozes(data: str) -> None:
    assert reminders.parse(data) is None
