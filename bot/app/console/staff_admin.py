"""Staff management from the console: the roster with each member's load, inviting,
changing role, languages and gender, a new invite, deactivating, putting members on and
off duty, and each member's weekly shifts on the rota. Admins manage staff; supervisors
and admins run the duty rota. Every change is audited with who made it; `bot.app.team`
does what the command line does too."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from babel.dates import get_day_names
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import team
from bot.app.console import texts_admin as TA
from bot.app.console.access import manages_staff, supervises
from bot.app.console.reading import Reader, Refused, When
from bot.domain.services import Services
from bot.escalation import cases, rota
from bot.escalation import staff as staff_members
from bot.spec.calendar import known_zone
from bot.spec.locales import ALL_LOCALES
from bot.storage.models import Escalation, Staff

GENDERS = ("female", "male")
NAME_MOST = 100


@dataclass(frozen=True)
class Row:
    code: str
    name: str
    role: str
    languages: tuple[str, ...]
    gender: str | None
    timezone: str | None
    on_duty: bool
    linked: bool
    invite_until: When | None
    deactivated: When | None
    open_cases: int


@dataclass(frozen=True)
class MemberForm:
    """What an admin typed about a member, kept to show again beside its errors."""

    name: str = ""
    role: str = "counsellor"
    languages: tuple[str, ...] = ()
    gender: str = ""
    timezone: str = ""


@dataclass(frozen=True)
class FormErrors:
    """Field name → the sentence to show beside it, in the reader's language."""

    form: MemberForm
    errors: dict[str, str]


def _check(tr: Reader, form: MemberForm, *, new: bool) -> dict[str, str]:
    errors = {}
    if new and not 0 < len(form.name.strip()) <= NAME_MOST:
        errors["name"] = tr(TA.ERROR_NAME)
    if form.role not in staff_members.ROLES:
        errors["role"] = tr(TA.ERROR_ROLE)
    if not form.languages or not set(form.languages) <= set(ALL_LOCALES):
        errors["languages"] = tr(TA.ERROR_LANGUAGES)
    if form.gender and form.gender not in GENDERS:
        errors["gender"] = tr(TA.ERROR_GENDER)
    if new and form.timezone and not known_zone(form.timezone):
        errors["timezone"] = tr(TA.ERROR_TIMEZONE)
    return errors


async def roster(db: AsyncSession, services: Services, admin: Staff) -> tuple[Row, ...] | Refused:
    tr = Reader(services, admin)
    if not manages_staff(admin):
        return tr.refuse("forbidden", TA.PAGE_ADMINS)
    load = Counter(
        await db.scalars(
            select(Escalation.staff_id).where(
                Escalation.status != "resolved", Escalation.staff_id.is_not(None)
            )
        )
    )
    now = services.clock()
    return tuple(
        Row(
            code=m.code,
            name=staff_members.name(services, m),
            role=m.role,
            languages=tuple(m.languages.split(",")),
            gender=m.gender,
            timezone=m.timezone,
            on_duty=m.on_duty,
            linked=m.key is not None and staff_members.active(m),
            invite_until=(
                tr.when(m.invite_expires_at)
                if m.invite_expires_at is not None and m.invite_expires_at > now
                else None
            ),
            deactivated=tr.when(m.deactivated_at) if m.deactivated_at else None,
            open_cases=load[m.id],
        )
        for m in await staff_members.everyone(db)
    )


async def invite(
    db: AsyncSession, services: Services, admin: Staff, form: MemberForm
) -> staff_members.Invite | FormErrors | Refused:
    """A new member with a one-time invite; only its digest is stored, so the caller
    shows the code now or never."""
    tr = Reader(services, admin)
    if not manages_staff(admin):
        return tr.refuse("forbidden", TA.PAGE_ADMINS)
    errors = _check(tr, form, new=True)
    if errors:
        return FormErrors(form, errors)
    made = await staff_members.add(
        db,
        services,
        name=form.name.strip(),
        role=form.role,
        languages=list(form.languages),
        gender=form.gender or None,
        timezone=form.timezone or None,
    )
    await cases.audit(
        db, None, admin, "staff-invited", {"member": made.staff.code}, services.clock()
    )
    return made


async def _other(db: AsyncSession, tr: Reader, admin: Staff, code: str) -> Staff | Refused:
    """The member an admin acts on: never themselves, so that the last admin cannot lock
    everyone out by a slip."""
    if not manages_staff(admin):
        return tr.refuse("forbidden", TA.PAGE_ADMINS)
    member = await staff_members.by_code(db, code)
    if member is None:
        return tr.refuse("not-found", TA.ERROR_NO_MEMBER)
    if member.id == admin.id:
        return tr.refuse("invalid", TA.ERROR_SELF)
    return member


async def change(
    db: AsyncSession, services: Services, admin: Staff, code: str, form: MemberForm
) -> FormErrors | Refused | None:
    """Role, languages and gender of a colleague (the name stays as invited)."""
    tr = Reader(services, admin)
    member = await _other(db, tr, admin, code)
    if isinstance(member, Refused):
        return member
    errors = _check(tr, form, new=False)
    if errors:
        return FormErrors(form, errors)
    member.role, member.languages = form.role, ",".join(form.languages)
    member.gender = form.gender or None
    await cases.audit(
        db,
        None,
        admin,
        "staff-changed",
        {"member": member.code, "role": form.role, "languages": member.languages},
        services.clock(),
    )
    return None


async def departing(db: AsyncSession, services: Services, admin: Staff, code: str) -> Row | Refused:
    """What the confirm step names: the member, and their open cases that go back to the
    queue."""
    tr = Reader(services, admin)
    member = await _other(db, tr, admin, code)
    if isinstance(member, Refused):
        return member
    listed = await roster(db, services, admin)
    assert not isinstance(listed, Refused)  # an admin's, as `_other` checked
    return next(row for row in listed if row.code == member.code)


async def deactivate(
    db: AsyncSession, services: Services, admin: Staff, code: str
) -> team.Departure | Refused:
    """As `qadam staff deactivate`: sessions end and cases go back to the queue."""
    tr = Reader(services, admin)
    member = await _other(db, tr, admin, code)
    if isinstance(member, Refused):
        return member
    departure = await team.deactivate(db, services, member.code)
    assert departure is not None  # the member exists
    await cases.audit(
        db, None, admin, "staff-deactivated", {"member": member.code}, services.clock()
    )
    return departure


async def invite_again(
    db: AsyncSession, services: Services, admin: Staff, code: str
) -> staff_members.Invite | Refused:
    tr = Reader(services, admin)
    member = await _other(db, tr, admin, code)
    if isinstance(member, Refused):
        return member
    made = await team.invite_again(db, services, member.code)
    assert made is not None  # the member exists
    await cases.audit(db, None, admin, "staff-reinvited", {"member": member.code}, services.clock())
    return made


async def set_duty(
    db: AsyncSession, services: Services, boss: Staff, code: str, on: bool
) -> Refused | None:
    """A supervisor or admin puts a linked colleague (or themselves) on or off duty,
    exactly as /duty would."""
    tr = Reader(services, boss)
    if not supervises(boss):
        return tr.refuse("forbidden", TA.PAGE_REFUSED)
    member = await staff_members.by_code(db, code)
    if member is None:
        return tr.refuse("not-found", TA.ERROR_NO_MEMBER)
    if on and (member.key is None or not staff_members.active(member)):
        return tr.refuse("invalid", TA.ERROR_NOT_LINKED)
    if member.on_duty != on:
        # As if they had sent /duty: told, and handed the cases waiting for them.
        await rota.by_hand(db, services, member, on)
        action = "staff-put-on-duty" if on else "staff-taken-off-duty"
        await cases.audit(db, None, boss, action, {"member": member.code}, services.clock())
    return None


@dataclass(frozen=True)
class Shift:
    id: int
    day: str  # the weekday's name in the reader's language
    starts: str
    ends: str


@dataclass(frozen=True)
class Rota:
    shifts: dict[str, tuple[Shift, ...]]  # member code → their week, Monday first
    days: tuple[tuple[int, str], ...]  # ISO weekday and its name, for the form


@dataclass(frozen=True)
class ShiftErrors:
    """A shift refused: whose, what was typed and, per field, why (translated)."""

    code: str
    form: rota.SlotForm
    errors: dict[str, str]


def _days(tr: Reader) -> tuple[tuple[int, str], ...]:
    names = get_day_names("wide", locale=tr.locale)
    return tuple((day, str(names[day - 1])) for day in rota.WEEKDAYS)


async def week(db: AsyncSession, services: Services, boss: Staff) -> Rota | Refused:
    """Every member's weekly shifts, as the supervision page shows them."""
    tr = Reader(services, boss)
    if not supervises(boss):
        return tr.refuse("forbidden", TA.PAGE_REFUSED)
    days = _days(tr)
    names = dict(days)
    shifts = {
        member.code: tuple(
            Shift(slot.id, names[slot.weekday], slot.starts, slot.ends)
            for slot in await rota.slots_of(db, member)
        )
        for member in await staff_members.linked(db)
    }
    return Rota(shifts, days)


async def _rota_member(db: AsyncSession, tr: Reader, boss: Staff, code: str) -> Staff | Refused:
    if not supervises(boss):
        return tr.refuse("forbidden", TA.PAGE_REFUSED)
    member = await staff_members.by_code(db, code)
    if member is None or not staff_members.active(member):
        return tr.refuse("not-found", TA.ERROR_NO_MEMBER)
    return member


async def add_shift(
    db: AsyncSession, services: Services, boss: Staff, code: str, form: rota.SlotForm
) -> ShiftErrors | Refused | None:
    tr = Reader(services, boss)
    member = await _rota_member(db, tr, boss, code)
    if isinstance(member, Refused):
        return member
    try:
        slot = await rota.add_slot(db, member, form)
    except rota.SlotError as error:
        errors = rota.check(form) or {error.field: str(error)}
        return ShiftErrors(code, form, {field: tr(why) for field, why in errors.items()})
    detail = {"member": member.code, "weekday": slot.weekday, "starts": slot.starts}
    await cases.audit(
        db, None, boss, "rota-slot-added", {**detail, "ends": slot.ends}, services.clock()
    )
    return None


async def remove_shift(
    db: AsyncSession, services: Services, boss: Staff, code: str, slot_id: int
) -> Refused | None:
    """Removing a shift removed already (a second click) is no error."""
    tr = Reader(services, boss)
    member = await _rota_member(db, tr, boss, code)
    if isinstance(member, Refused):
        return member
    if await rota.remove_slot(db, member, slot_id):
        await cases.audit(
            db,
            None,
            boss,
            "rota-slot-removed",
            {"member": member.code, "slot": slot_id},
            services.clock(),
        )
    return None
