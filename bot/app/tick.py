"""The scheduler's tick: claim due rows, queue reminders, advance, all in one transaction.

Due work lives in the database (`schedules.act_at`, `scheduled_flows.due_at`), never only
in memory, so a restart loses nothing. Rows are claimed with FOR UPDATE SKIP LOCKED on
PostgreSQL: several processes may tick at once and each row is handled by one of them.
A batch's reminders, its rows' new due times and any signals commit together, so a
process killed mid-tick either sent a batch's reminders and advanced its rows, or
neither. SQLite has one writer at a time; it serves one process.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import datetime
from typing import Any

import structlog
from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import conversations
from bot.domain import participants
from bot.domain.services import Services
from bot.escalation import trends
from bot.outbox import messages
from bot.outbox.queue import Call, enqueue_many
from bot.scheduling import reminders
from bot.scheduling.decide import Decision, Person, Row, Timing, decide
from bot.spec.calendar import QuietHours, zone
from bot.storage.models import Participant, Schedule, ScheduledFlow, Signal, table_of

log = structlog.get_logger()

BATCH = 1000
_ROW_FIELDS = tuple(Row.__dataclass_fields__)
# What a decision may change; the rest of the row is the schedule's definition.
_CHANGED = ("due_at", "act", "act_at", "fired_at", "missed_in_row")
_PERSON_FIELDS = tuple(Person.__dataclass_fields__)


async def tick(
    sessionmaker: async_sessionmaker[AsyncSession],
    services: Services,
    timing: Timing,
    now: Callable[[], datetime] | None = None,
    batch: int = BATCH,
) -> Counter[str]:
    """Handle everything due at `now()` (default: the services' clock); returns counts."""
    moment = (now or services.clock)()
    counts: Counter[str] = Counter()
    for step in (_schedules, _one_offs):
        while True:
            async with sessionmaker() as db, db.begin():
                claimed = await step(db, services, timing, moment, batch, counts)
            if claimed < batch:
                break
    if counts:
        log.info("schedule.tick", **counts)
    return counts


async def _schedules(
    db: AsyncSession,
    services: Services,
    timing: Timing,
    now: datetime,
    batch: int,
    counts: Counter[str],
) -> int:
    s, p = Schedule, Participant
    rows = (
        await db.execute(
            select(
                s.id,
                s.participant_id,
                s.kind,
                s.flow,
                *(getattr(s, name) for name in _ROW_FIELDS),
                p.key,
                p.chat_enc,
                p.locale,
                p.discreet,
                *(getattr(p, name) for name in _PERSON_FIELDS),
            )
            .join(p, p.id == s.participant_id)
            .where(s.act_at <= now)
            .order_by(s.act_at, s.id)
            .limit(batch)
            .with_for_update(of=s, skip_locked=True)
        )
    ).all()
    changes: list[dict[str, Any]] = []
    signals: list[dict[str, Any]] = []
    sends: dict[int, list[tuple[Any, Decision]]] = defaultdict(list)
    for found in rows:
        data = found._mapping
        decision = decide(
            Row(**{name: data[name] for name in _ROW_FIELDS}),
            Person(**{name: data[name] for name in _PERSON_FIELDS}),
            now,
            timing,
        )
        counts.update(decision.outcomes)
        changes.append({"row_id": found.id, **_changed(decision.row)})
        if decision.send is not None:
            sends[found.participant_id].append((found, decision))
        if decision.signal:
            signals.append(
                {
                    "participant_id": found.participant_id,
                    "kind": "missed_checkins",
                    "value": {"schedule": found.kind, "in_row": decision.row.missed_in_row},
                    "created_at": now,
                }
            )
    if changes:
        # Core executemany, not the ORM's bulk update: this is the fan-out's hot path.
        table = table_of(Schedule)
        statement = (
            update(table)
            .where(table.c.id == bindparam("row_id"))
            .values({name: bindparam(name) for name in _CHANGED})
        )
        await db.execute(statement, changes)
    if signals:
        await db.execute(insert(Signal), signals)
        log.info("signal.missed_checkins", people=len(signals))
        # In the batch's transaction: a case commits with its signal, or neither does.
        await trends.missed_checkins(db, services, {s["participant_id"] for s in signals})
    await enqueue_many(
        db, services.cipher, [_reminder(services, due) for due in sends.values()], now
    )
    return len(rows)


def _changed(row: Row) -> dict[str, Any]:
    return {name: getattr(row, name) for name in _CHANGED}


def _reminder(services: Services, due: list[tuple[Any, Decision]]) -> Call:
    """One message per person, however many of their check-ins fell due together."""
    first, decision = due[0]
    chat = participants.chat_from(services, first.key, first.chat_enc)
    # A nudge and the next occurrence of the same check-in can fall due together.
    items = list({row.id: reminders.Due(row.id, row.kind, row.flow) for row, _ in due}.values())
    again = all(d.send == "nudge" for _, d in due)
    payload = reminders.payload(
        services,
        chat,
        first.locale,
        items,
        again=again,
        silent=decision.silent,
        discreet=first.discreet == "on",
    )
    recipient = participants.recipient_of(first.participant_id)
    return Call(
        recipient, first.participant_id, "sendMessage", payload, messages.PRIORITY_SCHEDULED
    )


async def _one_offs(
    db: AsyncSession,
    services: Services,
    timing: Timing,
    now: datetime,
    batch: int,
    counts: Counter[str],
) -> int:
    """Flows a `schedule` step asked for: started at their time, subject to quiet hours."""
    found = (
        await db.execute(
            select(ScheduledFlow, Participant)
            .join(Participant, Participant.id == ScheduledFlow.participant_id)
            .where(ScheduledFlow.status == "pending", ScheduledFlow.due_at <= now)
            .order_by(ScheduledFlow.due_at, ScheduledFlow.id)
            .limit(batch)
            .with_for_update(of=ScheduledFlow, skip_locked=True)
        )
    ).all()
    for job, person in found:
        tz = zone(person.timezone)
        quiet = QuietHours.parse(person.quiet_hours)
        held = Person(**{name: getattr(person, name) for name in _PERSON_FIELDS}).held(now)
        end = quiet.end_after(now, tz) if quiet and quiet.contains(now, tz) else None
        if held or now - job.due_at > timing.grace or (end and end - job.due_at > timing.grace):
            job.status, outcome = "dropped", "dropped"
        elif end is not None:
            job.due_at, outcome = end, "deferred"
        else:
            await conversations.start(db, services, person, job.flow)
            job.status, outcome = "started", "started"
        counts[f"flow-{outcome}"] += 1
    return len(found)
