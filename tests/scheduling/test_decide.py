"""The tick's decision for one schedule row, with an injected clock: no database, no sleeps."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.scheduling.decide import MISSED_SIGNAL_AFTER, Person, Row, Timing, decide

TIMING = Timing(grace=timedelta(hours=2), nudge_after=timedelta(hours=2))
# 14:00 in Almaty (UTC+5), a Friday.
NOON_ISH = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
ACTIVE = Person("Asia/Almaty", None, "active", None, None)


def _row(due: datetime = NOON_ISH, **changes: object) -> Row:
    row = Row(
        local_time="14:00",
        days="1234567",
        every_days=1,
        anchor=date(2026, 11, 1),
        due_at=due,
        act="due",
        act_at=due,
        fired_at=None,
        done_at=None,
        missed_in_row=0,
    )
    return replace(row, **changes)  # type: ignore[arg-type]


def test_due_on_time_sends_and_moves_to_tomorrow_with_a_nudge_in_between() -> None:
    decision = decide(_row(), ACTIVE, NOON_ISH, TIMING)
    assert decision.send == "reminder" and not decision.silent
    assert decision.row.fired_at == NOON_ISH
    assert decision.row.due_at == NOON_ISH + timedelta(days=1)
    assert (decision.row.act, decision.row.act_at) == ("nudge", NOON_ISH + TIMING.nudge_after)


def test_the_same_row_handled_twice_sends_once() -> None:
    first = decide(_row(), ACTIVE, NOON_ISH, TIMING)
    again = decide(first.row, ACTIVE, NOON_ISH, TIMING)
    assert again.send is None and again.row == first.row


def test_within_grace_after_downtime_fires_once_older_is_skipped() -> None:
    late = decide(_row(), ACTIVE, NOON_ISH + timedelta(minutes=90), TIMING)
    assert late.send == "reminder"
    stale = decide(_row(), ACTIVE, NOON_ISH + timedelta(hours=2, minutes=1), TIMING)
    assert stale.send is None and stale.outcomes == ("late",)
    assert stale.row.due_at == NOON_ISH + timedelta(days=1)


def test_days_of_downtime_skip_to_the_next_future_occurrence() -> None:
    now = NOON_ISH + timedelta(days=3, hours=5)
    decision = decide(_row(), ACTIVE, now, TIMING)
    assert decision.send is None
    assert decision.row.due_at == NOON_ISH + timedelta(days=4)


def test_quiet_hours_wait_for_their_end_when_still_fresh() -> None:
    # 07:00 local check-in; quiet hours until 08:00 local: waits one hour, then goes.
    due = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
    row = _row(due, local_time="07:00")
    waiting = decide(row, ACTIVE, due, TIMING)
    assert waiting.send is None and waiting.outcomes == ("deferred",)
    assert waiting.row.act_at == datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
    assert waiting.row.due_at == due
    sent = decide(waiting.row, ACTIVE, waiting.row.act_at, TIMING)
    assert sent.send == "reminder"
    assert sent.row.due_at == due + timedelta(days=1)


def test_quiet_hours_drop_a_check_in_that_would_be_stale() -> None:
    due = datetime(2026, 11, 19, 18, 0, tzinfo=UTC)  # 23:00 local: nine hours of quiet left
    decision = decide(_row(due, local_time="23:00"), ACTIVE, due, TIMING)
    assert decision.send is None and decision.outcomes == ("quiet",)
    assert decision.row.due_at == due + timedelta(days=1)


def test_changed_quiet_hours_cover_now() -> None:
    person = replace(ACTIVE, quiet_hours="13:00-18:00")
    decision = decide(_row(), person, NOON_ISH, TIMING)
    assert decision.send is None and decision.outcomes == ("quiet",)
    off = replace(ACTIVE, quiet_hours="off")
    assert decide(_row(), off, NOON_ISH, TIMING).send == "reminder"


def test_the_hour_before_quiet_hours_is_silent() -> None:
    due = datetime(2026, 11, 20, 16, 30, tzinfo=UTC)  # 21:30 local
    decision = decide(_row(due, local_time="21:30"), ACTIVE, due, TIMING)
    assert decision.send == "reminder" and decision.silent


@pytest.mark.parametrize(
    "person",
    [
        replace(ACTIVE, reminders="stopped"),
        replace(ACTIVE, reminders="paused", paused_until=None),
        replace(ACTIVE, reminders="paused", paused_until=NOON_ISH + timedelta(days=2)),
        replace(ACTIVE, unreachable_at=NOON_ISH - timedelta(days=1)),
    ],
    ids=["stopped", "paused-until-resumed", "paused-for-a-week", "blocked-the-bot"],
)
def test_held_people_get_nothing_and_their_schedule_moves_on(person: Person) -> None:
    decision = decide(_row(), person, NOON_ISH, TIMING)
    assert decision.send is None and decision.outcomes == ("held",)
    assert decision.row.due_at > NOON_ISH


def test_a_pause_that_ended_lets_check_ins_through() -> None:
    person = replace(ACTIVE, reminders="paused", paused_until=NOON_ISH - timedelta(minutes=1))
    assert decide(_row(), person, NOON_ISH, TIMING).send == "reminder"


def test_one_gentle_reminder_when_unanswered() -> None:
    fired = decide(_row(), ACTIVE, NOON_ISH, TIMING).row
    later = fired.act_at
    nudged = decide(fired, ACTIVE, later, TIMING)
    assert nudged.send == "nudge"
    assert (nudged.row.act, nudged.row.act_at) == ("due", fired.due_at)
    assert decide(nudged.row, ACTIVE, later + timedelta(minutes=5), TIMING).send is None


def test_no_nudge_after_the_check_in_was_answered() -> None:
    fired = decide(_row(), ACTIVE, NOON_ISH, TIMING).row
    answered = replace(fired, done_at=NOON_ISH + timedelta(minutes=3))
    decision = decide(answered, ACTIVE, fired.act_at, TIMING)
    assert decision.send is None and decision.outcomes == ("dropped",)


def test_no_nudge_in_quiet_hours() -> None:
    due = datetime(2026, 11, 20, 15, 30, tzinfo=UTC)  # 20:30 local; the nudge would be 22:30
    fired = decide(_row(due, local_time="20:30"), ACTIVE, due, TIMING).row
    decision = decide(fired, ACTIVE, fired.act_at, TIMING)
    assert decision.send is None and decision.outcomes == ("dropped",)


def test_snooze_sends_again_at_its_time() -> None:
    fired = decide(_row(), ACTIVE, NOON_ISH, TIMING).row
    snoozed = replace(fired, act="snooze", act_at=NOON_ISH + timedelta(hours=1))
    assert decide(snoozed, ACTIVE, NOON_ISH + timedelta(minutes=59), TIMING).send is None
    again = decide(snoozed, ACTIVE, NOON_ISH + timedelta(hours=1), TIMING)
    assert again.send == "reminder"
    assert again.row.act == "due" and again.row.act_at == fired.due_at


def test_snooze_into_quiet_hours_waits_or_is_dropped() -> None:
    due = datetime(2026, 11, 20, 16, 0, tzinfo=UTC)  # 21:00 local
    fired = decide(_row(due, local_time="21:00"), ACTIVE, due, TIMING).row
    into_night = replace(fired, act="snooze", act_at=due + timedelta(hours=3))  # 00:00 local
    decision = decide(into_night, ACTIVE, into_night.act_at, TIMING)
    assert decision.send is None and decision.outcomes == ("dropped",)
    person = replace(ACTIVE, quiet_hours="23:30-00:30")
    short = decide(into_night, person, into_night.act_at, TIMING)
    assert short.outcomes == ("deferred",)
    assert short.row.act_at == datetime(2026, 11, 20, 19, 30, tzinfo=UTC)


def test_missed_check_ins_in_a_row_raise_one_signal() -> None:
    row, now = _row(), NOON_ISH
    signals = []
    for _ in range(MISSED_SIGNAL_AFTER + 2):
        decision = decide(row, ACTIVE, now, TIMING)
        assert decision.send in ("reminder", "nudge")
        if decision.send == "reminder":
            signals.append(decision.signal)
        row, now = decision.row, decision.row.act_at
        nudge = decide(row, ACTIVE, now, TIMING)
        row, now = nudge.row, nudge.row.act_at
    assert row.missed_in_row == MISSED_SIGNAL_AFTER + 1
    assert signals == [False] * MISSED_SIGNAL_AFTER + [True, False]


def test_an_answer_resets_the_missed_count() -> None:
    row = _row(missed_in_row=2, fired_at=NOON_ISH - timedelta(days=1))
    answered = replace(row, done_at=NOON_ISH - timedelta(hours=20))
    assert decide(answered, ACTIVE, NOON_ISH, TIMING).row.missed_in_row == 0
    assert decide(row, ACTIVE, NOON_ISH, TIMING).row.missed_in_row == 3


def test_every_decision_leaves_the_row_for_a_later_tick() -> None:
    """Whatever the row and the moment, the tick never finds the same row due again."""
    rng = random.Random(4)
    zones = ["Asia/Almaty", "Asia/Bishkek", "Europe/Berlin", "UTC"]
    for _ in range(3000):
        due = NOON_ISH + timedelta(minutes=rng.randint(-3000, 0))
        fired = rng.choice([None, due - timedelta(days=1)])
        row = _row(
            due,
            local_time=f"{rng.randint(0, 23):02d}:{rng.choice([0, 30]):02d}",
            days=rng.choice(["1234567", "12345", "6"]),
            every_days=rng.choice([1, 7, 14]),
            act=rng.choice(["due", "nudge", "snooze"]),
            act_at=due + timedelta(minutes=rng.randint(0, 120)),
            fired_at=fired,
        )
        person = Person(
            rng.choice(zones),
            rng.choice([None, "off", "13:00-15:00", "21:00-07:00"]),
            rng.choice(["active", "paused", "stopped"]),
            None,
            None,
        )
        now = max(row.act_at, due) + timedelta(minutes=rng.randint(0, 600))
        decision = decide(row, person, now, TIMING)
        assert decision.row.act_at > now, (row, person, now, decision)


def test_a_nudge_or_snooze_missed_in_downtime_is_not_sent_late() -> None:
    fired = decide(_row(), ACTIVE, NOON_ISH, TIMING).row
    for act in ("nudge", "snooze"):
        pending = replace(fired, act=act)
        decision = decide(pending, ACTIVE, pending.act_at + timedelta(hours=3), TIMING)
        assert decision.send is None and decision.outcomes == ("dropped",)


def test_an_occurrence_after_a_plans_last_day_is_not_sent() -> None:
    last = decide(_row(until=NOON_ISH + timedelta(hours=1)), ACTIVE, NOON_ISH, TIMING)
    assert last.send == "reminder"  # the last one before the end still comes
    ended = decide(_row(until=NOON_ISH), ACTIVE, NOON_ISH, TIMING)
    assert ended.send is None and ended.outcomes == ("ended",)
    assert ended.row.act_at > NOON_ISH
