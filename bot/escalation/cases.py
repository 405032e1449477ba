"""Opening, joining, assigning, claiming and resolving cases, and telling staff.

Every change writes its outbox rows in the caller's transaction, like everything else the
bot says. Staff see a case by severity, reason codes, the person's short code, language
and time waiting: never a Telegram id, username or name.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import structlog
from babel.dates import format_timedelta
from sqlalchemy import bindparam, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain import participants
from bot.domain.services import Services
from bot.escalation import staff as staff_members
from bot.escalation.context import profile_in_words, reasons_in_words
from bot.i18n import texts
from bot.outbox import messages
from bot.outbox.callbacks import fields, row_id
from bot.spec.severity import RANK, higher
from bot.storage import aad
from bot.storage.models import AuditEvent, CaseMessage, Escalation, Participant, Staff

log = structlog.get_logger()

CLAIM = "case:claim:"
RESOLVE = "case:resolve:"
# A new signal this soon after a case was resolved reopens it: the same counsellor, who
# knows the person, rather than a stranger with a fresh case.
REOPEN_WITHIN = timedelta(days=14)
# Retention of relayed messages and case notes after a case is resolved.
CASE_RETENTION_DAYS = 90
SEVERITY_MARKS = {"critical": "🔴", "high": "🟠", "medium": "🟡", "low": "⚪"}


def parse_button(data: str) -> tuple[str, int, str | None] | None:
    """(CLAIM or RESOLVE, case id, outcome) of a case message's button; None for anything
    else. Resolve asks how the case ended; its answer's button carries one of OUTCOMES."""
    parts = fields(data, CLAIM, 1)
    case_id = None if parts is None else row_id(parts[0])
    if case_id is not None:
        return CLAIM, case_id, None
    parts = fields(data, RESOLVE, 1) or fields(data, RESOLVE, 2)
    case_id = None if parts is None else row_id(parts[0])
    outcome = parts[1] if parts is not None and len(parts) == 2 else None
    if case_id is None or (outcome is not None and outcome not in OUTCOMES):
        return None
    return RESOLVE, case_id, outcome


def outcome_button(case_id: int, outcome: str) -> str:
    """The button that resolves a case with `outcome` (one of OUTCOMES)."""
    return f"{RESOLVE}{case_id}:{outcome}"


# Asked on every message a person writes: built once.
_CURRENT = (
    select(Escalation)
    .where(Escalation.participant_id == bindparam("person"), Escalation.status != "resolved")
    .order_by(Escalation.opened_at.desc(), Escalation.id.desc())
    .limit(1)
)


async def current(db: AsyncSession, participant_id: int) -> Escalation | None:
    """The person's case that is not resolved yet, if any."""
    return await db.scalar(_CURRENT, {"person": participant_id})


async def latest(db: AsyncSession, participant_id: int) -> Escalation | None:
    """The person's most recent case, resolved or not."""
    return await db.scalar(
        select(Escalation)
        .where(Escalation.participant_id == participant_id)
        .order_by(Escalation.opened_at.desc(), Escalation.id.desc())
        .limit(1)
    )


async def by_code(
    db: AsyncSession, code: str, *, resolved: bool = False
) -> tuple[Escalation, Participant] | None:
    """The latest case of the person with this short code: an unresolved one, or with
    `resolved` the latest whatever its status."""
    query = (
        select(Escalation, Participant)
        .join(Participant, Participant.id == Escalation.participant_id)
        .where(Participant.code == code.strip().upper())
        .order_by(Escalation.opened_at.desc(), Escalation.id.desc())
        .limit(1)
    )
    if not resolved:
        query = query.where(Escalation.status != "resolved")
    row = (await db.execute(query)).first()
    return (row[0], row[1]) if row else None


async def raise_case(
    db: AsyncSession,
    services: Services,
    participant: Participant,
    *,
    severity: str,
    reasons: Sequence[str],
    signal: str,
    evidence: str | None = None,
) -> Escalation:
    """Open a case, or join the open one (raising its severity); assign it and tell staff."""
    policy = services.policy
    now = services.clock()
    case = await latest(db, participant.id)
    if case is not None and case.status == "resolved":
        recent = case.resolved_at is not None and now - case.resolved_at <= REOPEN_WITHIN
        if recent:
            await reopen(db, services, case, None)
        else:
            case = None
    if case is None:
        case = Escalation(
            participant_id=participant.id,
            severity=severity,
            reason=reasons[0],
            reasons=list(reasons),
            signal=signal,
            locale=participant.locale,
            status="open",
            ack_due_at=now + policy.deadlines[severity],
            opened_at=now,
            raised_at=now,
            updated_at=now,
        )
        db.add(case)
        await db.flush()
        action = "opened"
    else:
        raised = RANK[severity] > RANK[case.severity]
        case.severity = higher(case.severity, severity)
        case.reasons = sorted({*(case.reasons or [case.reason]), *reasons})
        case.updated_at = now
        if raised:
            case.raised_at = now
        if raised and case.status == "open":
            due = now + policy.deadlines[case.severity]
            case.ack_due_at = min(case.ack_due_at or due, due)
        action = "raised" if raised else "joined"
    if evidence is not None:
        case.evidence_enc = services.cipher.encrypt(evidence.encode(), aad.case_evidence(case.id))
    await audit(db, case, None, action, {"severity": severity, "reasons": list(reasons)}, now)
    log.info(
        "escalation." + action,
        case=case.id,
        participant=participants.log_tag(participant),
        severity=case.severity,
        signal=signal,
    )
    if case.staff_id is None:
        chosen = await assign(db, services, participant)
        case.staff_id = chosen.id if chosen else None
    await _tell_staff(db, services, case, participant, new=action != "joined")
    return case


async def _tell_staff(
    db: AsyncSession, services: Services, case: Escalation, participant: Participant, *, new: bool
) -> None:
    """Tell whoever the case is assigned to; with nobody, and news (not a signal joining
    it), the off-duty contacts when it is high or critical."""
    if case.staff_id is not None:
        await notify(db, services, case, participant)
    elif new and RANK[case.severity] >= RANK["high"]:
        # Nobody suitable is on duty: a high or critical case may not wait unseen.
        for member in await off_duty_contacts(db, services):
            await notify(db, services, case, participant, to=member)
    elif new:
        # The first counsellor to go on duty is shown it (`for_duty`).
        log.warning("escalation.waiting_for_duty", case=case.id, severity=case.severity)


async def requeue(db: AsyncSession, services: Services, case: Escalation) -> Staff | None:
    """A case whose staff member left goes back to the queue: open, unclaimed, with a fresh
    deadline, assigned and told as a new case would be. Returns who has it now."""
    now = services.clock()
    participant = await db.get_one(Participant, case.participant_id)
    case.status, case.claimed_at, case.overdue_at, case.updated_at = "open", None, None, now
    case.ack_due_at = now + services.policy.deadlines[case.severity]
    chosen = await assign(db, services, participant)
    case.staff_id = chosen.id if chosen else None
    await audit(db, case, None, "requeued", {"to": chosen.code if chosen else None}, now)
    log.info("escalation.requeued", case=case.id, severity=case.severity)
    await _tell_staff(db, services, case, participant, new=True)
    return chosen


async def assign(db: AsyncSession, services: Services, participant: Participant) -> Staff | None:
    """Their own counsellor on duty; else an on-duty counsellor speaking their language,
    then one speaking the shared working language (a woman if they asked for one, each
    time) with the fewest open cases, passing by those at the caseload cap; else a
    supervisor on duty; else nobody. Their own counsellor is not held to the cap: someone
    who knows them matters more to the person than one more case does to the count."""
    present = await staff_members.on_duty(db)
    own = next((s for s in present if s.id == participant.counsellor_id), None)
    if own is not None:
        return own
    load = await _open_cases(db)
    cap = services.policy.caseload_cap
    counsellors = [s for s in present if s.role == "counsellor" and load[s.id] < cap]
    if participant.counsellor_gender == "female":
        counsellors = [s for s in counsellors if s.gender == "female"]
    for language in (participant.locale, services.policy.shared_language):
        speakers = [s for s in counsellors if staff_members.speaks(s, language)]
        if speakers:
            return min(speakers, key=lambda s: (load[s.id], s.id))
    return await supervisor(db, load)


async def off_duty_contacts(db: AsyncSession, services: Services) -> list[Staff]:
    """Who is told when nobody suitable is on duty: the on-call list, or failing that
    every linked supervisor and admin."""
    linked = await staff_members.linked(db)
    on_call = [s for s in linked if s.code in services.policy.on_call]
    if on_call:
        return on_call
    return [s for s in linked if staff_members.supervises(s)]


async def supervisor(db: AsyncSession, load: Counter[int] | None = None) -> Staff | None:
    load = load if load is not None else await _open_cases(db)
    supervisors = [s for s in await staff_members.on_duty(db) if s.role == "supervisor"]
    return min(supervisors, key=lambda s: (load[s.id], s.id)) if supervisors else None


async def _open_cases(db: AsyncSession) -> Counter[int]:
    rows = await db.execute(
        select(Escalation.staff_id, func.count())
        .where(Escalation.status != "resolved", Escalation.staff_id.is_not(None))
        .group_by(Escalation.staff_id)
    )
    return Counter({int(staff_id or 0): int(count) for staff_id, count in rows.all()})


async def notify(
    db: AsyncSession,
    services: Services,
    case: Escalation,
    participant: Participant,
    *,
    to: Staff | None = None,
    overdue: bool = False,
) -> None:
    """Tell the assigned staff member (or `to`) about the case, with Claim and Resolve."""
    member = to or (await db.get(Staff, case.staff_id) if case.staff_id else None)
    if member is None or member.chat_enc is None:
        log.warning("escalation.nobody_on_duty", case=case.id, severity=case.severity)
        return
    locale = staff_members.interface_locale(member)
    gettext = services.catalogs.gettext

    def tr(message: str) -> str:
        return gettext(locale, message)

    waiting = int((services.clock() - (case.raised_at or case.opened_at)).total_seconds() // 60)
    lines = [
        f"{SEVERITY_MARKS[case.severity]} {gettext(locale, texts.CASE_SEVERITY[case.severity])}"
        + (f" · {gettext(locale, texts.CASE_OVERDUE)}" if overdue else ""),
        f"{gettext(locale, texts.CASE_PERSON)}: {participant.code}",
        f"{gettext(locale, texts.CASE_PROFILE)}: {profile_in_words(participant, tr)}",
        f"{gettext(locale, texts.CASE_REASONS)}: "
        + reasons_in_words(case.reasons or [case.reason], tr),
        services.catalogs.ngettext(locale, texts.CASE_WAITING, waiting),
    ]
    buttons = [(gettext(locale, texts.CASE_CLAIM), f"{CLAIM}{case.id}")]
    buttons.append((gettext(locale, texts.CASE_RESOLVE), f"{RESOLVE}{case.id}"))
    urgent = RANK[case.severity] >= RANK["high"]
    await staff_members.send(
        db,
        services,
        member,
        "\n".join(lines),
        buttons=buttons,
        case_id=case.id,
        about=participant,
        priority=messages.PRIORITY_CRISIS if urgent else messages.PRIORITY_CONVERSATION,
    )


# At most this many cases are sent one by one when a counsellor goes on duty; `/cases`
# lists the rest.
DUTY_BATCH = 20


def most_urgent_first(case: Escalation) -> tuple[int, datetime]:
    return (-RANK[case.severity], case.raised_at or case.opened_at)


async def open_for(db: AsyncSession, member: Staff) -> list[Escalation]:
    """Unresolved cases this staff member may work, most urgent first: for counsellors
    their own and those nobody has claimed; for supervisors and admins all of them; for
    editors none."""
    if not staff_members.handles_cases(member):
        return []
    query = select(Escalation).where(Escalation.status != "resolved")
    if member.role == "counsellor":
        query = query.where(or_(Escalation.status == "open", Escalation.staff_id == member.id))
    return sorted(await db.scalars(query), key=most_urgent_first)


async def waiting(db: AsyncSession, member: Staff) -> list[Escalation]:
    """Open cases nobody has claimed that this staff member may take, most urgent first."""
    return [case for case in await open_for(db, member) if case.status == "open"]


async def hand_over(
    db: AsyncSession, services: Services, member: Staff, found: Sequence[Escalation]
) -> None:
    """Send a staff member who just went on duty the waiting cases, most urgent first, with
    Claim; those nobody had are theirs now, so their deadlines chase someone."""
    for case in found[:DUTY_BATCH]:
        if case.staff_id is None:
            case.staff_id = member.id
            await audit(db, case, member, "assigned", {"on": "duty"}, services.clock())
        participant = await db.get_one(Participant, case.participant_id)
        await notify(db, services, case, participant, to=member)


async def summary_line(db: AsyncSession, services: Services, case: Escalation, locale: str) -> str:
    """One line of `/cases`: severity, code, status, who has it, time waiting."""
    participant = await db.get_one(Participant, case.participant_id)
    gettext = services.catalogs.gettext
    holder = await db.get(Staff, case.staff_id) if case.staff_id else None
    waiting = int((services.clock() - (case.raised_at or case.opened_at)).total_seconds() // 60)
    return " · ".join(
        [
            f"{SEVERITY_MARKS[case.severity]} {participant.code}",
            gettext(locale, texts.CASE_STATUS[case.status]),
            holder.code if holder else gettext(locale, texts.CASE_NOBODY_YET),
            services.catalogs.ngettext(locale, texts.CASE_WAITING, waiting),
        ]
    )


def may_handle(member: Staff, case: Escalation) -> bool:
    """Counsellors see their own cases, and open ones any of them may claim; supervisors
    and admins see every case."""
    if not staff_members.handles_cases(member):
        return False
    return staff_members.supervises(member) or case.status == "open" or case.staff_id == member.id


def may_see(member: Staff, case: Escalation) -> bool:
    """What the console shows and acts on: `may_handle`, except that a case where the
    person felt unsafe is for supervisors alone (Telegram's `/case` leaves the flag out)."""
    return may_handle(member, case) and _unsafe_allowed(member, case)


def may_resolve(member: Staff, case: Escalation) -> bool:
    """A case where the person said the conversation made them feel unsafe is closed by a
    supervisor, never by the counsellor it may be about."""
    return may_see(member, case)


def may_take(member: Staff, case: Escalation, person: Participant | None) -> bool:
    """Whether a case may be handed to this colleague: active and linked (they are told
    in Telegram, and sign in to the console from there), allowed to see it once it is
    theirs, and one the person would accept (`suits`)."""
    linked = member.chat_enc is not None and staff_members.active(member)
    return (
        linked
        and staff_members.handles_cases(member)
        and _unsafe_allowed(member, case)
        and suits(member, person)
    )


def suits(member: Staff, person: Participant | None) -> bool:
    """As `assign` chooses: someone who asked for a woman counsellor is handed to a woman
    counsellor, or to a supervisor, whom assignment falls back to as well."""
    wants_woman = person is not None and person.counsellor_gender == "female"
    return not wants_woman or member.role != "counsellor" or member.gender == "female"


def _unsafe_allowed(member: Staff, case: Escalation) -> bool:
    # The counsellor may be whom the person's "felt unsafe" is about.
    return not case.felt_unsafe or staff_members.supervises(member)


async def transfer(
    db: AsyncSession, services: Services, case: Escalation, member: Staff, to: Staff | None
) -> Staff | None:
    """Hand a case on: to a named colleague (`may_take`), or with `to` None back to the
    queue, to whoever assignment picks other than `member` and the holder it leaves. It is
    open again with a fresh deadline, so that it chases its new holder until they claim
    it, and they are told as of a new case. Returns who has it now."""
    now = services.clock()
    participant = await db.get_one(Participant, case.participant_id)
    if to is None:
        chosen = await assign(db, services, participant)
        leaving = (member.id, case.staff_id)
        to = chosen if chosen is not None and chosen.id not in leaving else None
    case.status, case.claimed_at, case.overdue_at, case.updated_at = "open", None, None, now
    case.staff_id = to.id if to else None
    case.ack_due_at = now + services.policy.deadlines[case.severity]
    await audit(db, case, member, "transferred", {"to": to.code if to else None}, now)
    log.info("escalation.transferred", case=case.id, severity=case.severity)
    await _tell_staff(db, services, case, participant, new=True)
    return to


async def erase(db: AsyncSession, services: Services, participant: Participant) -> None:
    """The person is erasing themselves: every case of theirs keeps only a de-identified
    stub (severity, reason codes, times, "erased"), with no words, notes, messages,
    language or feedback; the audit log keeps what staff did on it, never what the person
    said or answered. Messages to staff that name them and are not delivered yet are
    dropped. An open case is closed, and the counsellor who had it is told the
    conversation is over."""
    now = services.clock()
    found = list(
        await db.scalars(select(Escalation).where(Escalation.participant_id == participant.id))
    )
    ids = [case.id for case in found]
    await db.execute(delete(CaseMessage).where(CaseMessage.escalation_id.in_(ids)))
    await _forget_in_audit(db, ids)
    await staff_members.withdraw_about(db, services, participant.code)
    for case in found:
        case.evidence_enc = case.locale = case.rating = case.felt_unsafe = None
        if case.status == "resolved":
            continue
        case.status, case.outcome = "resolved", "erased"
        case.resolved_at = case.updated_at = now
        await audit(db, case, None, "erased", None, now)
        member = await db.get(Staff, case.staff_id) if case.staff_id else None
        if member is not None and member.chat_enc is not None:
            # Queued after `withdraw_about`, which would drop it: it names the person too.
            # Once delivered it keeps nothing (queue.NO_PAYLOAD).
            text = services.catalogs.gettext(
                staff_members.interface_locale(member), texts.STAFF_PERSON_ERASED
            ) % {"code": participant.code}
            await staff_members.send(db, services, member, text)


# Audit rows of an erased person's cases kept without staff: a missed deadline, and a case
# handed on when its counsellor left, are on the staff's record. The other rows without
# staff note what the person did (a signal, an ending, their feedback).
_AUDIT_KEPT_WITHOUT_STAFF = ("overdue", "requeued")


async def _forget_in_audit(db: AsyncSession, case_ids: Sequence[int]) -> None:
    """Keep who on the staff did what and when on these cases; drop what the person did,
    and every detail (reasons, rating, "felt unsafe"), which says what they said."""
    await db.execute(
        delete(AuditEvent).where(
            AuditEvent.escalation_id.in_(case_ids),
            AuditEvent.staff_id.is_(None),
            AuditEvent.action.not_in(_AUDIT_KEPT_WITHOUT_STAFF),
        )
    )
    await db.execute(
        update(AuditEvent).where(AuditEvent.escalation_id.in_(case_ids)).values(detail=None)
    )


async def claim(db: AsyncSession, services: Services, case: Escalation, member: Staff) -> bool:
    """False when someone else has it already."""
    if case.status == "claimed" and case.staff_id != member.id:
        return False
    now = services.clock()
    case.status, case.staff_id, case.claimed_at, case.updated_at = "claimed", member.id, now, now
    # The first counsellor to take a person's case becomes their own counsellor: later
    # cases go to them when on duty, and missed check-ins reach them.
    person = await db.get_one(Participant, case.participant_id)
    if member.role == "counsellor" and person.counsellor_id is None:
        person.counsellor_id = member.id
    await audit(db, case, member, "claimed", None, now)
    return True


# How a counsellor closes a case (Escalation.outcome); "erased" is the person's own doing.
OUTCOMES = ("supported", "referred", "no_contact", "escalated_for_safety")


async def resolve(
    db: AsyncSession,
    services: Services,
    case: Escalation,
    member: Staff,
    outcome: str | None = None,
) -> None:
    if outcome is not None and outcome not in OUTCOMES:
        raise ValueError(f"outcome must be one of {', '.join(OUTCOMES)}; got {outcome!r}")
    now = services.clock()
    case.status, case.resolved_at, case.updated_at = "resolved", now, now
    case.outcome = outcome
    expires = now + timedelta(days=CASE_RETENTION_DAYS)
    for message in await db.scalars(
        select(CaseMessage).where(CaseMessage.escalation_id == case.id)
    ):
        message.expires_at = expires
    await audit(db, case, member, "resolved", {"outcome": outcome} if outcome else None, now)
    if case.severity == "critical" and member.chat_enc is not None:
        # Care for the carers: a quiet word after the hardest cases, never about the case.
        text = services.catalogs.gettext(
            staff_members.interface_locale(member), texts.STAFF_CARE_BREAK
        )
        await staff_members.send(
            db, services, member, text, priority=messages.PRIORITY_CONVERSATION
        )


async def reopen(
    db: AsyncSession, services: Services, case: Escalation, member: Staff | None
) -> None:
    """Back to work: open again (claimed by `member` when a staff member reopens it), its
    messages kept again, a fresh deadline."""
    now = services.clock()
    case.status = "claimed" if member is not None else "open"
    if member is not None:
        case.staff_id, case.claimed_at = member.id, now
    case.resolved_at = case.ended_at = case.overdue_at = case.outcome = None
    case.ack_due_at = now + services.policy.deadlines[case.severity]
    case.updated_at = now
    for message in await db.scalars(
        select(CaseMessage).where(CaseMessage.escalation_id == case.id)
    ):
        message.expires_at = None
    await audit(db, case, member, "reopened", None, now)
    log.info("escalation.reopened", case=case.id)


async def expectation(
    db: AsyncSession, services: Services, case: Escalation, locale: str | None
) -> str:
    """An honest word on when a reply may come, in `locale`: whether the staff member the
    case went to is on duty now, and the time such a case is meant to be answered in."""
    member = await db.get(Staff, case.staff_id) if case.staff_id else None
    if member is None or not member.on_duty or member.chat_enc is None:
        return services.catalogs.gettext(locale, texts.REPLY_OFF_DUTY)
    within = format_timedelta(
        services.policy.deadlines[case.severity],
        locale=services.catalogs.supported(locale) or services.catalogs.default,
    )
    return services.catalogs.gettext(locale, texts.REPLY_ON_DUTY) % {"within": within}


async def audit(
    db: AsyncSession,
    case: Escalation | None,
    member: Staff | None,
    action: str,
    detail: dict[str, Any] | None,
    at: datetime,
) -> None:
    db.add(
        AuditEvent(
            staff_id=member.id if member else None,
            escalation_id=case.id if case else None,
            action=action,
            detail=detail,
            at=at,
        )
    )


async def chase_overdue(db: AsyncSession, services: Services) -> int:
    """Cases nobody acknowledged in time: tell their counsellor again and a supervisor on
    duty, or with none on duty the on-call list, or every linked supervisor and admin."""
    now = services.clock()
    late = list(
        await db.scalars(
            select(Escalation)
            .where(
                Escalation.status == "open",
                Escalation.ack_due_at <= now,
                Escalation.overdue_at.is_(None),
            )
            .order_by(Escalation.ack_due_at)
            .with_for_update(skip_locked=True)
        )
    )
    for case in late:
        participant = await db.get_one(Participant, case.participant_id)
        boss = await supervisor(db)
        if case.staff_id is not None and (boss is None or boss.id != case.staff_id):
            await notify(db, services, case, participant, overdue=True)
        others = [boss] if boss is not None else await off_duty_contacts(db, services)
        for member in others:
            if member.id != case.staff_id:
                await notify(db, services, case, participant, to=member, overdue=True)
        if not others:
            log.warning("escalation.nobody_to_tell", case=case.id)
        case.overdue_at = now
        await audit(db, case, None, "overdue", {"severity": case.severity}, now)
        log.warning("escalation.overdue", case=case.id, severity=case.severity)
    return len(late)
