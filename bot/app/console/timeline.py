"""A case's signals and hand-overs in words, from its audit log: what a counsellor reads
to know what happened before them. Reading, writing and notes are left out: the
conversation shows those."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.app.console import words
from bot.app.console.access import supervises
from bot.app.console.reading import Reader, When
from bot.escalation.context import reasons_in_words
from bot.i18n import texts
from bot.storage.models import AuditEvent, Staff


@dataclass(frozen=True)
class TimelineEntry:
    at: When
    action: str  # the audit action, e.g. "claimed"
    text: str


Worder = Callable[[dict[str, Any], str, Reader], str]


def _signal(message: str) -> Worder:
    def worded(detail: dict[str, Any], staff: str, tr: Reader) -> str:
        severity = detail.get("severity")
        # An erased person's rows keep no detail: what raised it went with them.
        reasons = reasons_in_words(detail.get("reasons") or [], tr) or "—"
        return tr(message) % {
            "severity": tr(texts.CASE_SEVERITY[severity])
            if severity in texts.CASE_SEVERITY
            else "—",
            "reasons": reasons,
        }

    return worded


def _by_staff(message: str, without: str | None = None) -> Worder:
    def worded(detail: dict[str, Any], staff: str, tr: Reader) -> str:
        if not staff and without is not None:
            return tr(without)
        return tr(message) % {"staff": staff or tr(words.FORMER_STAFF)}

    return worded


def _transferred(detail: dict[str, Any], staff: str, tr: Reader) -> str:
    who = staff or tr(words.FORMER_STAFF)
    if detail.get("to"):
        return tr(words.EVENT_TRANSFERRED) % {"staff": who, "to": detail["to"]}
    return tr(words.EVENT_TO_QUEUE) % {"staff": who}


def _ended(detail: dict[str, Any], staff: str, tr: Reader) -> str:
    if detail.get("by") == "person" or not staff:
        return tr(words.EVENT_ENDED_BY_PERSON)
    return tr(words.EVENT_ENDED_BY_STAFF) % {"staff": staff}


def _resolved(detail: dict[str, Any], staff: str, tr: Reader) -> str:
    outcome = texts.CASE_OUTCOMES.get(str(detail.get("outcome")), texts.CASE_NO_OUTCOME)
    return tr(words.EVENT_RESOLVED) % {
        "staff": staff or tr(words.FORMER_STAFF),
        "outcome": tr(outcome),
    }


def _feedback(detail: dict[str, Any], staff: str, tr: Reader) -> str:
    # Only supervisors read that the person felt unsafe: it may be about the counsellor.
    if detail.get("felt_unsafe") and supervises(tr.member):
        return tr(words.EVENT_FELT_UNSAFE)
    return tr(words.EVENT_FEEDBACK)


def _fixed(message: str) -> Worder:
    return lambda detail, staff, tr: tr(message)


_WORDERS: dict[str, Worder] = {
    "opened": _signal(words.EVENT_OPENED),
    "raised": _signal(words.EVENT_RAISED),
    "joined": _signal(words.EVENT_JOINED),
    "assigned": _by_staff(words.EVENT_ASSIGNED),
    "claimed": _by_staff(words.EVENT_CLAIMED),
    "transferred": _transferred,
    "requeued": _fixed(words.EVENT_REQUEUED),
    "overdue": _fixed(words.EVENT_OVERDUE),
    "ended": _ended,
    "resolved": _resolved,
    "reopened": _by_staff(words.EVENT_REOPENED, without=words.EVENT_REOPENED_PLAIN),
    "feedback": _feedback,
    "erased": _fixed(words.EVENT_ERASED),
}


def timeline(
    events: Sequence[AuditEvent], staff: Mapping[int, Staff], tr: Reader
) -> tuple[TimelineEntry, ...]:
    """The events in the order they happened, each in one sentence."""
    entries = []
    for event in events:
        worder = _WORDERS.get(event.action)
        if worder is None:
            continue
        member = staff.get(event.staff_id) if event.staff_id else None
        text = worder(event.detail or {}, member.code if member else "", tr)
        entries.append(TimelineEntry(tr.when(event.at), event.action, text))
    return tuple(entries)
