"""Local-time arithmetic for schedules: pure functions of UTC instants and IANA zones.

Each occurrence is one local date at one local time, so a daylight-saving change can
neither skip nor double it: a time that does not exist that day (clocks jump forward)
fires at the same moment shifted by the jump; a time that happens twice (clocks go
back) fires at its first occurrence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

EVERY_DAY = "1234567"
DEFAULT_QUIET = "22:00-08:00"
# Far enough for any weekly or fortnightly cadence with some days switched off.
_SEARCH_DAYS = 60


def zone(name: str | None) -> ZoneInfo:
    """The person's zone; an unknown or missing name falls back to UTC rather than fail."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def known_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def parse_time(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def weekdays(days: str | None) -> frozenset[int]:
    """ISO weekday digits ("12345" is Monday to Friday); none valid means every day."""
    chosen = frozenset(int(c) for c in (days or "") if c in EVERY_DAY)
    return chosen or frozenset(range(1, 8))


def at_local(day: date, clock: time, tz: ZoneInfo) -> datetime:
    """`clock` on `day` in `tz`, as UTC.

    fold=0: a repeated hour counts once, at its first occurrence. A time inside a
    spring-forward gap converts to the moment the jump skipped to, still on this date.
    """
    return datetime.combine(day, clock, tzinfo=tz).astimezone(UTC)


@dataclass(frozen=True)
class Recurrence:
    local_time: time
    days: frozenset[int]
    every_days: int = 1
    anchor: date | None = None

    def next_after(self, after: datetime, tz: ZoneInfo) -> datetime:
        """The first occurrence strictly after `after` (UTC)."""
        start = after.astimezone(tz).date() - timedelta(days=1)
        for offset in range(_SEARCH_DAYS):
            day = start + timedelta(days=offset)
            if self._on(day):
                moment = at_local(day, self.local_time, tz)
                if moment > after:
                    return moment
        raise ValueError("no occurrence within 60 days: check the schedule's days")

    def _on(self, day: date) -> bool:
        if self.every_days <= 1 or self.anchor is None:
            return day.isoweekday() in self.days
        # Every N days from the anchor; when that day is switched off, the first allowed
        # day after it within the same cycle.
        into_cycle = (day - self.anchor).days % self.every_days
        cycle_start = day - timedelta(days=into_cycle)
        for shift in range(self.every_days):
            candidate = cycle_start + timedelta(days=shift)
            if candidate.isoweekday() in self.days:
                return candidate == day
        return False


@dataclass(frozen=True)
class QuietHours:
    """A local window when nothing scheduled is sent; it may wrap midnight."""

    start: time
    end: time

    @classmethod
    def parse(cls, text: str | None) -> QuietHours | None:
        """ "22:00-08:00"; None (unset) is the default window; "off" means no quiet hours."""
        value = text or DEFAULT_QUIET
        if value == "off":
            return None
        first, second = value.split("-")
        start, end = parse_time(first), parse_time(second)
        return None if start == end else cls(start, end)

    def contains(self, moment: datetime, tz: ZoneInfo) -> bool:
        local = moment.astimezone(tz).time()
        if self.start < self.end:
            return self.start <= local < self.end
        return local >= self.start or local < self.end

    def end_after(self, moment: datetime, tz: ZoneInfo) -> datetime:
        """When the quiet hours around `moment` end (UTC)."""
        day = moment.astimezone(tz).date()
        for offset in range(3):
            end = at_local(day + timedelta(days=offset), self.end, tz)
            if end > moment:
                return end
        raise AssertionError("quiet hours end within two days")

    def silent(self, moment: datetime, tz: ZoneInfo) -> bool:
        """Inside quiet hours or in the hour before they begin: deliver without a sound."""
        return self.contains(moment, tz) or self.contains(moment + timedelta(hours=1), tz)
