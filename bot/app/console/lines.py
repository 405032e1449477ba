"""A case in one line, for lists (a person's cases, the supervisor's view): severity,
status, who has it, deadline and flags; its reasons only for those allowed to see it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from bot.app.console import words
from bot.app.console.access import supervises
from bot.app.console.reading import Reader, When
from bot.escalation import cases
from bot.escalation import staff as staff_members
from bot.escalation.context import reasons_in_words
from bot.i18n import texts
from bot.storage.models import Escalation, Staff


@dataclass(frozen=True)
class Holder:
    code: str
    name: str


@dataclass(frozen=True)
class Deadline:
    """When an open case must be acknowledged by; `minutes_left` is negative once missed."""

    at: When
    minutes_left: int
    missed: bool


@dataclass(frozen=True)
class Flags:
    felt_unsafe: bool
    reopened: bool
    erased: bool

    def words(self, tr: Reader) -> tuple[str, ...]:
        shown = (
            (self.felt_unsafe, texts.CASE_FELT_UNSAFE),
            (self.reopened, words.FLAG_REOPENED),
            (self.erased, words.FLAG_ERASED),
        )
        return tuple(tr(word) for on, word in shown if on)


@dataclass(frozen=True)
class CaseLine:
    id: int
    code: str | None  # the person's short code; None once they erased themselves
    severity: str
    severity_words: str
    status: str
    status_words: str
    holder: Holder | None
    opened: When
    deadline: Deadline | None
    flags: Flags
    flag_words: tuple[str, ...]
    outcome: str | None  # in words, once resolved
    # What the case is about: None when the reader may not see it (a colleague's case).
    reasons: str | None


def deadline(case: Escalation, now: datetime, tr: Reader) -> Deadline | None:
    if case.status != "open" or case.ack_due_at is None:
        return None
    left = int((case.ack_due_at - now).total_seconds() // 60)
    return Deadline(tr.when(case.ack_due_at), left, case.ack_due_at <= now)


def holder(member: Staff | None, tr: Reader) -> Holder | None:
    if member is None:
        return None
    return Holder(member.code, staff_members.name(tr.services, member))


def outcome_words(case: Escalation, tr: Reader) -> str | None:
    if case.status != "resolved":
        return None
    if case.outcome is None:
        return tr(texts.CASE_NO_OUTCOME)
    outcome = texts.CASE_OUTCOMES.get(case.outcome)
    return tr(outcome) if outcome else case.outcome


def line(
    case: Escalation,
    *,
    code: str | None,
    reopened: bool,
    staff: Mapping[int, Staff],
    now: datetime,
    tr: Reader,
) -> CaseLine:
    # Only supervisors learn of "felt unsafe": the counsellor may be whom it is about.
    unsafe = bool(case.felt_unsafe) and supervises(tr.member)
    flags = Flags(unsafe, reopened, case.outcome == "erased")
    visible = cases.may_see(tr.member, case)
    return CaseLine(
        id=case.id,
        code=code,
        severity=case.severity,
        severity_words=tr(texts.CASE_SEVERITY[case.severity]),
        status=case.status,
        status_words=tr(texts.CASE_STATUS[case.status]),
        holder=holder(staff.get(case.staff_id) if case.staff_id else None, tr),
        opened=tr.when(case.opened_at),
        deadline=deadline(case, now, tr),
        flags=flags,
        flag_words=flags.words(tr),
        outcome=outcome_words(case, tr),
        reasons=reasons_in_words(case.reasons or [case.reason], tr) if visible else None,
    )
