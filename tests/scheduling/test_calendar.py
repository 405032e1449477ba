"""Local times to UTC across zones and daylight-saving changes; quiet hours."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta

import pytest

from bot.spec.calendar import QuietHours, Recurrence, weekdays, zone

DAILY_0900 = Recurrence(time(9, 0), weekdays("1234567"))


@pytest.mark.parametrize(
    ("zone_name", "utc_hour"),
    [
        # Kazakhstan moved to a single UTC+5 zone on 1 March 2024; tzdata knows it.
        ("Asia/Almaty", 4),
        ("Asia/Bishkek", 3),
        ("Asia/Tashkent", 4),
        ("Asia/Dushanbe", 4),
        ("UTC", 9),
    ],
)
def test_nine_local_is_the_right_utc_hour_in_each_zone(zone_name: str, utc_hour: int) -> None:
    after = datetime(2026, 11, 20, 0, 0, tzinfo=UTC)
    due = DAILY_0900.next_after(after, zone(zone_name))
    assert due.hour == utc_hour and due.minute == 0
    assert due.astimezone(zone(zone_name)).time() == time(9, 0)


def test_next_occurrence_is_strictly_after() -> None:
    due = DAILY_0900.next_after(datetime(2026, 11, 20, 9, 0, tzinfo=UTC), zone("UTC"))
    assert due == datetime(2026, 11, 21, 9, 0, tzinfo=UTC)


def test_unknown_zone_falls_back_to_utc() -> None:
    assert zone("Mars/Olympus") == zone("UTC")
    assert zone(None) == zone("UTC")


def _occurrences(
    recurrence: Recurrence, zone_name: str, start: datetime, days: int
) -> list[datetime]:
    tz = zone(zone_name)
    found, moment = [], start
    while moment < start + timedelta(days=days):
        moment = recurrence.next_after(moment, tz)
        found.append(moment)
    return found[:-1]


@pytest.mark.parametrize("local", [time(2, 30), time(1, 30), time(3, 0), time(9, 0)])
@pytest.mark.parametrize(
    "start", [datetime(2026, 3, 20, tzinfo=UTC), datetime(2026, 10, 15, tzinfo=UTC)]
)
def test_a_dst_change_neither_skips_nor_doubles(local: time, start: datetime) -> None:
    """Berlin springs forward on 29 March 2026 and falls back on 25 October 2026."""
    found = _occurrences(Recurrence(local, weekdays(None)), "Europe/Berlin", start, 20)
    local_dates = [moment.astimezone(zone("Europe/Berlin")).date() for moment in found]
    # One occurrence on every local date, none twice, none missing.
    first = local_dates[0]
    assert local_dates == [first + timedelta(days=k) for k in range(len(local_dates))]
    assert len(local_dates) >= 19
    gaps = {later - earlier for earlier, later in itertools.pairwise(found)}
    assert gaps <= {timedelta(hours=23), timedelta(hours=24), timedelta(hours=25)}


def test_a_time_that_does_not_exist_fires_once_after_the_jump() -> None:
    tz = zone("Europe/Berlin")
    due = Recurrence(time(2, 30), weekdays(None)).next_after(
        datetime(2026, 3, 28, 12, 0, tzinfo=UTC), tz
    )
    # 02:30 does not exist on 29 March: the clocks jump from 02:00 to 03:00.
    assert due == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert due.astimezone(tz).time() == time(3, 30)


def test_a_time_that_happens_twice_fires_at_the_first() -> None:
    tz = zone("Europe/Berlin")
    due = Recurrence(time(2, 30), weekdays(None)).next_after(
        datetime(2026, 10, 24, 12, 0, tzinfo=UTC), tz
    )
    assert due == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 02:30 CEST, not 02:30 CET
    following = Recurrence(time(2, 30), weekdays(None)).next_after(due, tz)
    assert following.astimezone(tz).date() == date(2026, 10, 26)


def test_weekdays_only() -> None:
    friday = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)  # after 09:00 on a Friday
    due = Recurrence(time(9, 0), weekdays("12345")).next_after(friday, zone("UTC"))
    assert due.date() == date(2026, 11, 23) and due.isoweekday() == 1


def test_weekdays_ignore_nonsense_and_default_to_every_day() -> None:
    assert weekdays("1x9") == frozenset({1})
    assert weekdays("") == weekdays(None) == frozenset(range(1, 8))


def test_weekly_from_the_anchor_and_shifted_past_a_day_off() -> None:
    anchor = date(2026, 11, 21)  # a Saturday
    weekly = Recurrence(time(9, 0), weekdays(None), 7, anchor)
    found = _occurrences(weekly, "UTC", datetime(2026, 11, 20, tzinfo=UTC), 30)
    assert [d.date() for d in found] == [anchor + timedelta(days=7 * k) for k in range(5)]
    weekdays_only = Recurrence(time(9, 0), weekdays("12345"), 7, anchor)
    shifted = _occurrences(weekdays_only, "UTC", datetime(2026, 11, 20, tzinfo=UTC), 30)
    # Saturday is off: the first allowed day of each week-long cycle, the Monday after.
    assert [d.date() for d in shifted][:2] == [date(2026, 11, 23), date(2026, 11, 30)]


def test_fortnightly() -> None:
    anchor = date(2026, 11, 25)
    fortnightly = Recurrence(time(19, 0), weekdays(None), 14, anchor)
    found = _occurrences(fortnightly, "Asia/Bishkek", datetime(2026, 11, 20, tzinfo=UTC), 45)
    local = [d.astimezone(zone("Asia/Bishkek")).date() for d in found]
    assert local == [anchor, anchor + timedelta(days=14), anchor + timedelta(days=28)]


def test_quiet_hours_default_and_wrapping_midnight() -> None:
    tz = zone("Asia/Almaty")
    quiet = QuietHours.parse(None)
    assert quiet == QuietHours(time(22, 0), time(8, 0))
    at = lambda h, m=0: datetime(2026, 11, 20, h, m, tzinfo=tz)  # noqa: E731
    assert quiet.contains(at(23), tz) and quiet.contains(at(3), tz) and quiet.contains(at(22), tz)
    assert not quiet.contains(at(8), tz) and not quiet.contains(at(21, 59), tz)
    assert quiet.end_after(at(23), tz) == datetime(2026, 11, 21, 8, 0, tzinfo=tz)
    assert quiet.end_after(at(3), tz) == datetime(2026, 11, 20, 8, 0, tzinfo=tz)


def test_quiet_hours_within_a_day_and_off() -> None:
    tz = zone("UTC")
    quiet = QuietHours.parse("13:00-15:30")
    assert quiet is not None
    assert quiet.contains(datetime(2026, 1, 1, 14, tzinfo=UTC), tz)
    assert not quiet.contains(datetime(2026, 1, 1, 16, tzinfo=UTC), tz)
    assert QuietHours.parse("off") is None
    assert QuietHours.parse("10:00-10:00") is None


def test_silent_in_the_hour_before_quiet_hours_and_during_them() -> None:
    tz = zone("Asia/Tashkent")
    quiet = QuietHours.parse("22:00-08:00")
    assert quiet is not None
    at = lambda h, m=0: datetime(2026, 11, 20, h, m, tzinfo=tz)  # noqa: E731
    assert not quiet.silent(at(20, 59), tz)
    assert quiet.silent(at(21, 1), tz) and quiet.silent(at(23), tz)
    assert not quiet.silent(at(8, 0), tz)
