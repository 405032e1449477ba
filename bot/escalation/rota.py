"""The weekly on-call rota: each member's shifts, and going on and off duty.

A slot is a weekday and a time from and to, in the member's own timezone (UTC when
unset); an end before the start runs past midnight into the next day. `apply_rota`, run
every tick, puts a member on duty while a shift runs and takes them off when it ends, but
only if the rota put them on: `Staff.duty_by_rota`. Duty set by hand stays as set:

- going on duty by hand (`/duty`, the console) clears the flag, so the shift's end leaves
  them on;
- going off by hand during a shift sets it, so the rota does not put them back on before
  the next shift starts; the shift's end clears it.

`/duty` and the rota go on and off duty the same way (`start_duty`, `end_duty`): waiting
cases reach the member at once, and they are told in their language.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.services import Services
from bot.escalation import cases
from bot.escalation import staff as staff_members
from bot.i18n import texts
from bot.outbox import messages
from bot.spec.calendar import known_zone
from bot.spec.severity import RANK
from bot.storage.models import DutySlot, Staff

ROTA_ON = "duty.rota_on"
ROTA_OFF = "duty.rota_off"
WEEKDAYS = range(1, 8)
# A staff member's week rarely needs more; the bound keeps a slip from filling the table.
SLOTS_MOST = 28
_CLOCK = re.compile(r"([01]\d|2[0-3]):[0-5]\d")


def zone_of(member: Staff) -> ZoneInfo:
    """A zone that stopped existing (tzdata removed it) reads as UTC, not as an error
    every minute."""
    name = member.timezone
    return ZoneInfo(name) if name and known_zone(name) else ZoneInfo("UTC")


def in_shift(slots: Sequence[DutySlot], zone: ZoneInfo, now: datetime) -> bool:
    """Whether `now` falls in one of `slots`, read in `zone`. A shift includes its start
    and not its end; one past midnight continues into the next weekday."""
    local = now.astimezone(zone)
    day, clock = local.isoweekday(), local.strftime("%H:%M")
    yesterday = 7 if day == 1 else day - 1
    for slot in slots:
        if slot.starts < slot.ends:
            if slot.weekday == day and slot.starts <= clock < slot.ends:
                return True
        elif (slot.weekday == day and clock >= slot.starts) or (
            slot.weekday == yesterday and clock < slot.ends
        ):
            return True
    return False


class SlotError(ValueError):
    """Why a slot cannot be added: `field` is the form field it belongs beside."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class SlotForm:
    weekday: str = ""
    starts: str = ""
    ends: str = ""


def check(form: SlotForm) -> dict[str, str]:
    """Field → the (untranslated) reason it is refused; empty when the slot is fine."""
    errors = {}
    if not form.weekday.isdigit() or int(form.weekday) not in WEEKDAYS:
        errors["weekday"] = texts.ROTA_ERROR_WEEKDAY
    for field, value in (("starts", form.starts), ("ends", form.ends)):
        if not _CLOCK.fullmatch(value):
            errors[field] = texts.ROTA_ERROR_TIME
    if "starts" not in errors and form.starts == form.ends:
        errors["ends"] = texts.ROTA_ERROR_SAME
    return errors


async def slots_of(db: AsyncSession, member: Staff) -> list[DutySlot]:
    rows = await db.scalars(
        select(DutySlot)
        .where(DutySlot.staff_id == member.id)
        .order_by(DutySlot.weekday, DutySlot.starts)
    )
    return list(rows)


async def add_slot(db: AsyncSession, member: Staff, form: SlotForm) -> DutySlot:
    """A new weekly slot; raises `SlotError` naming the first field at fault."""
    errors = check(form)
    if errors:
        field, message = next(iter(errors.items()))
        raise SlotError(field, message)
    if len(await slots_of(db, member)) >= SLOTS_MOST:
        raise SlotError("weekday", texts.ROTA_ERROR_TOO_MANY)
    slot = DutySlot(
        staff_id=member.id, weekday=int(form.weekday), starts=form.starts, ends=form.ends
    )
    db.add(slot)
    await db.flush()
    return slot


async def remove_slot(db: AsyncSession, member: Staff, slot_id: int) -> bool:
    """False when the member has no such slot (removed already, or someone else's)."""
    result = await db.execute(
        delete(DutySlot).where(DutySlot.id == slot_id, DutySlot.staff_id == member.id)
    )
    return bool(getattr(result, "rowcount", 0))


async def on_shift(db: AsyncSession, member: Staff, now: datetime) -> bool:
    return in_shift(await slots_of(db, member), zone_of(member), now)


async def start_duty(db: AsyncSession, services: Services, member: Staff, action: str) -> None:
    """On duty, audited as `action`: told so, then handed every waiting case they may take."""
    member.on_duty = True
    await cases.audit(db, None, member, action, None, services.clock())
    waiting = await cases.waiting(db, member)
    # Urgent cases go out ahead of the queue: the words that introduce them go with them.
    urgent = any(RANK[case.severity] >= RANK["high"] for case in waiting)
    priority = messages.PRIORITY_CRISIS if urgent else messages.PRIORITY_COUNSELLOR
    await _tell(db, services, member, texts.STAFF_ON_DUTY, priority)
    if waiting:
        said = _translated(services, member, texts.STAFF_WAITING) % {"count": str(len(waiting))}
        await staff_members.send(db, services, member, said, priority=priority)
        await cases.hand_over(db, services, member, waiting)


async def by_hand(db: AsyncSession, services: Services, member: Staff, on: bool) -> None:
    """Duty set by hand (`/duty`, or a supervisor in the console) is the member's: the rota
    neither ends it nor, within the shift running, undoes going off."""
    if on:
        member.duty_by_rota = False
        await start_duty(db, services, member, "on-duty")
    else:
        member.duty_by_rota = await on_shift(db, member, services.clock())
        await end_duty(db, services, member, "off-duty")


async def end_duty(db: AsyncSession, services: Services, member: Staff, action: str) -> None:
    member.on_duty = False
    await cases.audit(db, None, member, action, None, services.clock())
    await _tell(db, services, member, texts.STAFF_OFF_DUTY, messages.PRIORITY_COUNSELLOR)


def _translated(services: Services, member: Staff, text: str) -> str:
    return services.catalogs.gettext(staff_members.interface_locale(member), text)


async def _tell(
    db: AsyncSession, services: Services, member: Staff, text: str, priority: int
) -> None:
    await staff_members.send(
        db, services, member, _translated(services, member, text), priority=priority
    )


async def apply_rota(db: AsyncSession, services: Services, now: datetime) -> tuple[int, int]:
    """Put on duty those whose shift runs and the rota has not had its say on, and take off
    those it put on whose shift has ended. Returns how many went on and off."""
    by_member: defaultdict[int, list[DutySlot]] = defaultdict(list)
    for slot in await db.scalars(select(DutySlot)):
        by_member[slot.staff_id].append(slot)
    went_on = went_off = 0
    for member in await staff_members.linked(db):
        slots = by_member.get(member.id, [])
        # Without slots the rota has no say, unless they went since it put the member on.
        if not slots and not member.duty_by_rota:
            continue
        if in_shift(slots, zone_of(member), now):
            if not member.on_duty and not member.duty_by_rota:
                member.duty_by_rota = True
                await start_duty(db, services, member, ROTA_ON)
                went_on += 1
        elif member.duty_by_rota:
            member.duty_by_rota = False
            if member.on_duty:
                await end_duty(db, services, member, ROTA_OFF)
                went_off += 1
    return went_on, went_off
