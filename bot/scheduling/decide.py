"""What the tick does with one due schedule row: a pure decision, tested without a database."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from bot.spec.calendar import QuietHours, Recurrence, parse_time, weekdays, zone

# After this many unanswered check-ins in a row, a signal is recorded for the counsellors.
MISSED_SIGNAL_AFTER = 3


@dataclass(frozen=True)
class Timing:
    # A check-in later than this (downtime, quiet hours) is skipped, not sent stale.
    grace: timedelta = timedelta(hours=2)
    # One gentle reminder this long after an unanswered check-in.
    nudge_after: timedelta = timedelta(hours=2)


@dataclass(frozen=True)
class Person:
    timezone: str | None
    quiet_hours: str | None
    reminders: str
    paused_until: datetime | None
    unreachable_at: datetime | None

    def held(self, now: datetime) -> bool:
        """Nothing scheduled goes to a person who stopped, paused or blocked the bot."""
        if self.reminders == "stopped" or self.unreachable_at is not None:
            return True
        return self.reminders == "paused" and (self.paused_until is None or self.paused_until > now)


@dataclass(frozen=True)
class Row:
    """The schedule columns the decision reads and writes."""

    local_time: str
    days: str
    every_days: int
    anchor: date
    due_at: datetime
    act: str
    act_at: datetime
    fired_at: datetime | None
    done_at: datetime | None
    missed_in_row: int
    # No occurrence at or after this moment: the weeks an individual plan agreed are over.
    until: datetime | None = None

    @property
    def waiting(self) -> bool:
        """The last check-in was sent and not yet answered."""
        return self.fired_at is not None and (self.done_at is None or self.done_at < self.fired_at)


Send = Literal["reminder", "nudge"]
Outcome = Literal["sent", "nudged", "deferred", "late", "quiet", "held", "dropped", "ended"]


@dataclass(frozen=True)
class Decision:
    row: Row
    send: Send | None = None
    silent: bool = False
    signal: bool = False
    outcomes: tuple[Outcome, ...] = ()


def decide(row: Row, person: Person, now: datetime, timing: Timing) -> Decision:
    """Handle a pending snooze or nudge, then the occurrence if it is due.

    The returned row always has `act_at` after `now`, so the tick never sees it twice.
    """
    tz = zone(person.timezone)
    quiet = QuietHours.parse(person.quiet_hours)
    situation = _Situation(now, tz, timing, quiet, person.held(now))
    decision = Decision(row)
    if row.act != "due" and row.act_at <= now:
        decision = _action(decision, situation)
    if decision.row.act == "due" and row.due_at <= now:
        decision = _occurrence(decision, situation)
    if decision.send is not None and quiet is not None:
        decision = replace(decision, silent=quiet.silent(now, tz))
    return decision


@dataclass(frozen=True)
class _Situation:
    now: datetime
    tz: ZoneInfo
    timing: Timing
    quiet: QuietHours | None
    held: bool

    def quiet_end(self) -> datetime | None:
        """When quiet hours end, if it is quiet now."""
        if self.quiet is None or not self.quiet.contains(self.now, self.tz):
            return None
        return self.quiet.end_after(self.now, self.tz)


def _with(decision: Decision, row: Row, outcome: Outcome, send: Send | None = None) -> Decision:
    return replace(decision, row=row, send=send, outcomes=(*decision.outcomes, outcome))


def _action(decision: Decision, now: _Situation) -> Decision:
    row = decision.row
    settled = replace(row, act="due", act_at=row.due_at)
    stale = now.now - row.act_at > now.timing.grace  # the bot was down when it was due
    if now.held or not row.waiting or stale:
        return _with(decision, settled, "dropped")
    quiet_end = now.quiet_end()
    if row.act == "nudge":
        # The gentle reminder is optional: never sent in quiet hours, never postponed.
        if quiet_end is not None:
            return _with(decision, settled, "dropped")
        return _with(decision, settled, "nudged", "nudge")
    # A snooze the person asked for: honoured after quiet hours while still fresh.
    if quiet_end is not None:
        if quiet_end - row.act_at <= now.timing.grace:
            return _with(decision, replace(row, act_at=quiet_end), "deferred")
        return _with(decision, settled, "dropped")
    return _with(decision, replace(settled, fired_at=now.now), "sent", "reminder")


def _occurrence(decision: Decision, now: _Situation) -> Decision:
    row = decision.row
    recurrence = Recurrence(
        parse_time(row.local_time), weekdays(row.days), row.every_days, row.anchor
    )
    following = recurrence.next_after(max(now.now, row.due_at), now.tz)
    if row.until is not None and row.due_at >= row.until:
        # Kept quiet until the plan's job removes the row (`individual.end_finished`).
        return _with(decision, _skip_to(row, following), "ended")
    if now.held:
        return _with(decision, _skip_to(row, following), "held")
    if now.now - row.due_at > now.timing.grace:
        return _with(decision, _skip_to(row, following), "late")
    quiet_end = now.quiet_end()
    if quiet_end is not None:
        if quiet_end - row.due_at > now.timing.grace or quiet_end >= following:
            return _with(decision, _skip_to(row, following), "quiet")
        return _with(decision, replace(row, act_at=quiet_end), "deferred")
    missed = row.missed_in_row + 1 if row.waiting else 0
    nudge_at = now.now + now.timing.nudge_after
    fired = replace(
        row,
        due_at=following,
        fired_at=now.now,
        missed_in_row=missed,
        act="nudge" if nudge_at < following else "due",
        act_at=min(nudge_at, following),
    )
    return Decision(
        fired,
        send="reminder",
        signal=missed == MISSED_SIGNAL_AFTER,
        outcomes=(*decision.outcomes, "sent"),
    )


def _skip_to(row: Row, following: datetime) -> Row:
    return replace(row, due_at=following, act="due", act_at=following)
