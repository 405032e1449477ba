"""The shapes of the reminder settings that flows may save."""

from __future__ import annotations

import pytest

from bot.engine.clocktime import parse_time, parse_timerange
from bot.engine.profile_values import value_problem


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("checkin_time", "09:00"),
        ("checkin_time", "23:59"),
        ("checkin_time", "off"),
        ("quiet_hours", "22:00-08:00"),
        ("quiet_hours", "08:00-22:00"),
        ("quiet_hours", "off"),
        ("checkin_days", "1234567"),
        ("checkin_days", "135"),
        ("checkin_days", "67"),
        ("checkin_days", "7"),
        ("timezone", "Asia/Almaty"),
        ("timezone", "Europe/Istanbul"),
        ("timezone", "UTC"),
        ("role", "anything"),  # not a reminder setting: not checked here
    ],
)
def test_fitting_values(field: str, value: object) -> None:
    assert value_problem(field, value) is None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("checkin_time", "9:00"),
        ("checkin_time", "24:00"),
        ("checkin_time", "09:60"),
        ("checkin_time", "no"),
        ("checkin_time", 540),  # YAML's reading of an unquoted 09:00
        ("checkin_time", False),  # YAML 1.1's reading of an unquoted off
        ("quiet_hours", "22:00"),
        ("quiet_hours", "22:00-22:00"),
        ("quiet_hours", "22-8"),
        ("quiet_hours", "22:00–08:00"),  # en dash: only the button text may have one
        ("checkin_days", ""),
        ("checkin_days", "0"),
        ("checkin_days", "8"),
        ("checkin_days", "11"),
        ("checkin_days", "21"),
        ("checkin_days", 12345),
        ("timezone", "Asia/Almati"),
        ("timezone", "Asia"),
        ("timezone", "../../etc/passwd"),
        ("timezone", ""),
        ("timezone", "asia/almaty "),
    ],
)
def test_values_that_do_not_fit(field: str, value: object) -> None:
    assert value_problem(field, value) is not None


@pytest.mark.parametrize("text", ["9:30", "２１", "9 pm", "24:00", "0"])
def test_what_time_inputs_save_always_fits(text: str) -> None:
    assert value_problem("checkin_time", parse_time(text)) is None


@pytest.mark.parametrize("text", ["22-8", "с 23 до 7", "10 30 11 30", "22:00–08:00"])
def test_what_timerange_inputs_save_always_fits(text: str) -> None:
    assert value_problem("quiet_hours", parse_timerange(text)) is None
