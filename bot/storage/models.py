"""The tables. Nothing here identifies a person: see DESIGN.md, "Privacy by construction".

Encrypted columns (`*_enc`) are sealed with `Cipher` and the associated data from
`bot.storage.aad`. The Telegram user id is never stored, only its HMAC (`Participant.key`).
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from bot.storage.coltypes import BigId, JsonValue, UTCDateTime, utcnow

# Explicit constraint names: identical on both backends, and Alembic can alter them later.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def table_of(model: type[Base]) -> Table:
    """The Core table behind a model. Statements run on every update are built on it once,
    with bound parameters: Core skips the ORM's per-statement work (building, cache key,
    flush), which cost about twice the statement itself."""
    return Base.metadata.tables[model.__tablename__]


def _participant_fk() -> ForeignKey:
    # CASCADE: /forget deletes the participant row and the database removes the rest.
    return ForeignKey("participants.id", ondelete="CASCADE")


class Participant(Base):
    """A pseudonymous person. Only what flows need; nothing copied from a Telegram profile."""

    __tablename__ = "participants"

    __table_args__ = (
        CheckConstraint("reminders IN ('active', 'paused', 'stopped')", name="reminders"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)  # crypto.pseudonym()
    code: Mapped[str] = mapped_column(String(16), unique=True)  # crypto.short_code(), for staff
    # The key of the person's log tag (crypto.log_tag): random and kept only here, so that
    # once the row is erased no log line can be tied to them.
    log_salt: Mapped[bytes] = mapped_column(LargeBinary)
    chat_enc: Mapped[bytes] = mapped_column(LargeBinary)  # aad.participant_chat(key)
    locale: Mapped[str | None] = mapped_column(String(16))
    role: Mapped[str | None] = mapped_column(String(16))
    age_band: Mapped[str | None] = mapped_column(String(16))
    # A caregiver's tie to the children, and their age bands in order ("6-12,0-5"); no
    # names. `child_age_band` is the one last spoken about (bot.engine.children).
    relationship: Mapped[str | None] = mapped_column(String(16))
    children: Mapped[str | None] = mapped_column(String(32))
    child_age_band: Mapped[str | None] = mapped_column(String(16))
    gender: Mapped[str | None] = mapped_column(String(16))
    country: Mapped[str | None] = mapped_column(String(16))
    timezone: Mapped[str | None] = mapped_column(String(64))  # IANA name
    checkin_time: Mapped[str | None] = mapped_column(String(5))  # "HH:MM", local time, or "off"
    checkin_days: Mapped[str | None] = mapped_column(String(7))  # ISO weekdays, "12345"
    quiet_hours: Mapped[str | None] = mapped_column(String(11))  # "22:00-08:00" or "off"
    # Scheduled messages: "active", "paused" (until `paused_until`, or until resumed when
    # that is empty) or "stopped" (/stop). The person's own replies are never held back.
    reminders: Mapped[str] = mapped_column(String(16), default="active", server_default="active")
    paused_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The Bot API answered 403 (the person blocked the bot): nothing scheduled is sent
    # until they write again.
    unreachable_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # "female" when the person asked for a woman counsellor (asked once in /settings).
    counsellor_gender: Mapped[str | None] = mapped_column(String(16))
    # "on" when others may see the phone (discreet mode, in /settings): every message
    # starts with a neutral line and carries no emoji.
    discreet: Mapped[str | None] = mapped_column(String(8))
    # The hours after which the bot deletes the messages of their chat itself ("1", "6",
    # "24"), or "off": chosen in /settings, beside Telegram's own auto-delete timer.
    clear_after: Mapped[str | None] = mapped_column(String(8))
    # Their own counsellor, when a programme assigns one.
    counsellor_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    consented_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Enrolled through the sandbox's Bot API emulator: a simulated person. The sandbox
    # refuses a database holding anyone else, and the real bot one holding them.
    simulated: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class FlowState(Base):
    """The engine `Session` of a participant's current flow; encrypted as it may hold text."""

    __tablename__ = "flow_states"

    participant_id: Mapped[int] = mapped_column(_participant_fk(), primary_key=True)
    flow: Mapped[str] = mapped_column(String(64))
    state_enc: Mapped[bytes] = mapped_column(LargeBinary)  # aad.flow_state(participant_id)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Answer(Base):
    """A saved answer. `value` for choices and numbers; free text only in `text_enc`."""

    __tablename__ = "answers"
    __table_args__ = (
        # Latest answer and trends per variable; also serves the cascade's lookups.
        Index(None, "participant_id", "var", "created_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    participant_id: Mapped[int] = mapped_column(_participant_fk())
    flow: Mapped[str] = mapped_column(String(64))
    step: Mapped[str] = mapped_column(String(64))
    var: Mapped[str] = mapped_column(String(64))
    value: Mapped[Any] = mapped_column(JsonValue, nullable=True)
    text_enc: Mapped[bytes | None] = mapped_column(LargeBinary)  # aad.answer_text(participant_id)
    # Set whenever text_enc is; the retention job clears text past this moment.
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    EXPIRED = "expired"  # a reminder no longer worth sending


_STATUSES = tuple(status.value for status in OutboxStatus)


class OutboxMessage(Base):
    """A Bot API call written in the same transaction as the change that caused it."""

    __tablename__ = "outbox"
    __table_args__ = (
        # The sender's query: due pending rows, most urgent first, in insertion order.
        Index("ix_outbox_due", "status", "not_before", "priority", "id"),
        # A recipient's rows, newest first: which case message a staff member replied to.
        Index(None, "recipient", "id"),
        # Per-chat ordering: is an earlier row of this recipient still unsent? Over the
        # open rows only, so the check costs the same however long the chat's history.
        Index(
            "ix_outbox_open_recipient",
            "recipient",
            "priority",
            "id",
            sqlite_where=text("status IN ('pending', 'sending')"),
            postgresql_where=text("status IN ('pending', 'sending')"),
        ),
        # A person's queued messages (a flow cancelling its `wait` steps, erasure).
        Index(
            "ix_outbox_pending_participant",
            "participant_id",
            sqlite_where=text("status = 'pending'"),
            postgresql_where=text("status = 'pending'"),
        ),
        CheckConstraint(f"status IN ({', '.join(map(repr, _STATUSES))})", name="status"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    # "p:<participant id>" or "s:<staff id>": an internal address, never a Telegram id.
    recipient: Mapped[str] = mapped_column(String(32))
    participant_id: Mapped[int | None] = mapped_column(_participant_fk(), index=True)
    method: Mapped[str] = mapped_column(String(64))  # sendMessage, editMessageText, ...
    # aad.outbox_payload(recipient); emptied (queue.NO_PAYLOAD) once the row is done with.
    payload_enc: Mapped[bytes] = mapped_column(LargeBinary)
    priority: Mapped[int] = mapped_column(SmallInteger, default=0)  # lower is sent first
    # A plain string checked by the database, so both "pending" and OutboxStatus.PENDING work.
    status: Mapped[str] = mapped_column(String(16), default=OutboxStatus.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    not_before: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The Bot API's error description only; never the payload.
    last_error: Mapped[str | None] = mapped_column(Text)
    # Staff chats only: a person's message ids are kept sealed in chat_traces, for 48 hours.
    result_message_id: Mapped[int | None] = mapped_column(BigInteger)
    # A staff notification about this case: a reply to it is relayed to the person.
    case_id: Mapped[int | None] = mapped_column(ForeignKey("escalations.id", ondelete="SET NULL"))
    # A message to staff about one person (their code, their words): every piece of it goes
    # with them when they erase themselves, sent or not.
    about_id: Mapped[int | None] = mapped_column(_participant_fk(), index=True)


class ChatTrace(Base):
    """The id of one message in a person's chat, sent or received, so that quick exit
    (/clear) can delete it. Encrypted, and purged once Telegram no longer lets a bot delete
    it (48 hours): a message id says when someone talked to the bot."""

    __tablename__ = "chat_traces"
    __table_args__ = (
        # A person's messages still waiting for them (`counts_from` empty), which each of
        # their messages marks answered: read alone, whatever the chat's length.
        Index(
            "ix_chat_traces_unanswered",
            "participant_id",
            sqlite_where=text("counts_from IS NULL"),
            postgresql_where=text("counts_from IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    participant_id: Mapped[int] = mapped_column(_participant_fk(), index=True)
    message_enc: Mapped[bytes] = mapped_column(LargeBinary)  # aad.chat_trace(participant_id)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # When the hours of the person's own timed deletion (`clear_after`) start counting.
    # None for a counsellor's message the person has not yet answered or tapped after: it
    # waits for them, so that a reply they were promised is never deleted unread.
    counts_from: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ProcessedUpdate(Base):
    """Telegram update ids already handled, so a redelivered update is ignored."""

    __tablename__ = "processed_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    processed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class Staff(Base):
    """A counsellor, supervisor, admin or editor: kept apart from participants, never
    mixed with them.

    Created by `qadam staff add` with a one-time invite (only its keyed digest is kept);
    linked when the person sends `/staff CODE` from their own Telegram, which stores their
    pseudonym (`key`) and their chat id, encrypted. The name, typed by an admin so that
    colleagues know who is who, is encrypted too. `qadam staff invite` gives a member a
    new invite (a new phone, or coming back); `qadam staff deactivate` ends their access.
    """

    __tablename__ = "staff"
    __table_args__ = (
        CheckConstraint("role IN ('counsellor', 'supervisor', 'admin', 'editor')", name="role"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)  # "S-" + short code, for logs
    name_enc: Mapped[bytes] = mapped_column(LargeBinary)  # aad.staff_name(code)
    role: Mapped[str] = mapped_column(String(16))
    languages: Mapped[str] = mapped_column(String(64))  # "ru,kk"
    gender: Mapped[str | None] = mapped_column(String(16))
    key: Mapped[str | None] = mapped_column(String(64), unique=True)  # staff pseudonym
    chat_enc: Mapped[bytes | None] = mapped_column(LargeBinary)  # aad.staff_chat(code)
    # Looked up directly by `/staff CODE`: a wrong code costs one index lookup.
    invite_hash: Mapped[str | None] = mapped_column(String(256), index=True)
    invite_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    on_duty: Mapped[bool] = mapped_column(Boolean, default=False)
    # IANA zone in which the staff member reads times; UTC when unset.
    timezone: Mapped[str | None] = mapped_column(String(64))
    linked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # `qadam staff deactivate`: no cases, no duty, no messages. The pseudonym stays, so
    # that their account is refused, not taken for a participant's; a new invite redeemed
    # brings them back.
    deactivated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Linked from a simulated Telegram account, in the sandbox (see Participant.simulated).
    simulated: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The language the member picked for the web console; the bot's (`interface_locale`)
    # until they pick one.
    console_locale: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The rota (`bot.escalation.rota`) has this member's duty for the shift running now:
    # true when it put them on (so it takes them off at the shift's end), and when they
    # went off by hand during a shift (so it does not put them back until the next one).
    duty_by_rota: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class DutySlot(Base):
    """One weekly shift of a member's on-call rota, in the member's own timezone (UTC when
    unset). An end before the start runs past midnight into the next day."""

    __tablename__ = "duty_slots"
    __table_args__ = (CheckConstraint("weekday BETWEEN 1 AND 7", name="weekday"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    weekday: Mapped[int] = mapped_column(Integer)  # ISO: 1 is Monday
    starts: Mapped[str] = mapped_column(String(5))  # "HH:MM"
    ends: Mapped[str] = mapped_column(String(5))  # "HH:MM"


class ConsoleSignin(Base):
    """A one-time link into the web console, sent by the bot to a member (`/console`) or
    printed by `qadam staff login-link`. Only a keyed digest of its secret is kept; used
    once, within minutes."""

    __tablename__ = "console_signins"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ConsoleSession(Base):
    """A member signed in to the web console in one browser. The cookie holds the session's
    secret; only its keyed digest is kept, and the CSRF token is derived from the secret, so
    nothing here lets anyone act as the member."""

    __tablename__ = "console_sessions"
    __table_args__ = (Index(None, "staff_id", "ended_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class InviteAttempt(Base):
    """A wrong staff invite code: a keyed digest of the account that sent it
    (`crypto.attempt_key`, matching neither a participant's key nor a staff member's) and
    when. Read by the limits on tries; deleted once older than they look back."""

    __tablename__ = "invite_attempts"
    __table_args__ = (Index(None, "account", "at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    account: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class Escalation(Base):
    """A case: a person who needs a human, from a risk signal, a score, a trend or a request.

    A second signal for the same person joins the case that is not resolved yet and may
    raise its severity. `reasons` are codes (rule ids, instrument flags), never words; the
    words themselves, when a counsellor needs them, are in `evidence_enc`.
    """

    __tablename__ = "escalations"
    __table_args__ = (
        CheckConstraint("severity IN ('low', 'medium', 'high', 'critical')", name="severity"),
        CheckConstraint("status IN ('open', 'claimed', 'resolved')", name="status"),
        Index(None, "status", "opened_at"),
        Index(None, "status", "ack_due_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # None once the person erased themselves: the case stays as a stub without them.
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="SET NULL"), index=True
    )
    severity: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(64))  # the first reason code
    reasons: Mapped[Any] = mapped_column(JsonValue, nullable=True)  # every reason code
    signal: Mapped[str | None] = mapped_column(String(32))  # text, score, trend, request
    evidence_enc: Mapped[bytes | None] = mapped_column(LargeBinary)  # aad.case_evidence(id)
    locale: Mapped[str | None] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="open")
    staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff.id", ondelete="SET NULL"), index=True
    )
    ack_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    overdue_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # deadline missed, told
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The conversation was ended (by either side): the person's messages stop going to the
    # counsellor until the counsellor writes again.
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    rating: Mapped[int | None] = mapped_column(SmallInteger)
    felt_unsafe: Mapped[bool | None] = mapped_column(Boolean)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When the signal that set the current severity came: what staff count waiting from.
    raised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # How a case ended other than by a counsellor: "erased" when the person used /forget.
    outcome: Mapped[str | None] = mapped_column(String(32))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class CaseMessage(Base):
    """A relayed message (to or from the person) or a counsellor's note, encrypted.

    Purged `expires_at` (set when the case is resolved: 90 days later by default).
    """

    __tablename__ = "case_messages"
    __table_args__ = (
        CheckConstraint("kind IN ('to_person', 'from_person', 'note')", name="kind"),
        Index(None, "escalation_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    escalation_id: Mapped[int] = mapped_column(ForeignKey("escalations.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    text_enc: Mapped[bytes] = mapped_column(LargeBinary)  # aad.case_message(escalation_id)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)


class AuditEvent(Base):
    """Every staff action on a case: who, what, when, which case. Never message text.

    When the person erases themselves, their cases' rows keep only what staff did, without
    `detail` (`escalation.cases.erase`).
    """

    __tablename__ = "audit_log"
    __table_args__ = (Index(None, "escalation_id", "at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    escalation_id: Mapped[int | None] = mapped_column(
        ForeignKey("escalations.id", ondelete="SET NULL")
    )
    action: Mapped[str] = mapped_column(String(32))
    detail: Mapped[Any] = mapped_column(JsonValue, nullable=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Measure(Base):
    """An instrument's answers as given, in item order, and their result when taken.

    The result is stored rather than recomputed so trends keep the scoring that was in
    force that day. Rows from before scoring existed have no result (NULL).
    """

    __tablename__ = "measures"
    __table_args__ = (Index(None, "participant_id", "instrument", "taken_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    participant_id: Mapped[int] = mapped_column(_participant_fk())
    instrument: Mapped[str] = mapped_column(String(32))
    answers: Mapped[Any] = mapped_column(JsonValue)
    total: Mapped[int | None] = mapped_column(Integer)
    score: Mapped[int | None] = mapped_column(Integer)  # derived, e.g. WHO-5 percentage
    band: Mapped[str | None] = mapped_column(String(32))
    positive: Mapped[bool | None] = mapped_column(Boolean)
    flags: Mapped[Any] = mapped_column(JsonValue, nullable=True)  # list of flag ids
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ScheduledFlow(Base):
    """A flow to start for a person later (a `schedule` step): durable across restarts."""

    __tablename__ = "scheduled_flows"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'started', 'dropped')", name="status"),
        Index(None, "status", "due_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    participant_id: Mapped[int] = mapped_column(_participant_fk(), index=True)
    flow: Mapped[str] = mapped_column(String(64))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Schedule(Base):
    """A recurring check-in of one person: when it is next due and what is owed.

    `due_at` is the next occurrence in UTC, computed from the local `local_time`, `days`
    and the person's zone. `act_at` is when the tick must next look at the row: the
    occurrence itself, the end of quiet hours it waits for, a snooze or the one gentle
    reminder (`act`). One index on `act_at` serves the tick's query.
    """

    __tablename__ = "schedules"
    __table_args__ = (
        CheckConstraint("act IN ('due', 'nudge', 'snooze')", name="act"),
        Index(None, "participant_id", "kind", unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    participant_id: Mapped[int] = mapped_column(_participant_fk())
    kind: Mapped[str] = mapped_column(String(16))  # daily, wellbeing, fortnightly, child, plan
    flow: Mapped[str] = mapped_column(String(64))
    local_time: Mapped[str] = mapped_column(String(5))  # "HH:MM"
    days: Mapped[str] = mapped_column(String(7), default="1234567")  # ISO weekdays
    every_days: Mapped[int] = mapped_column(SmallInteger, default=1)
    anchor: Mapped[date] = mapped_column(Date)  # counts the weeks of a weekly schedule
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    act: Mapped[str] = mapped_column(String(8), default="due")
    act_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    fired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    missed_in_row: Mapped[int] = mapped_column(SmallInteger, default=0)
    # The last moment an occurrence may fall: an individual plan's check-ins end with the
    # weeks agreed. None: for as long as the person keeps their reminders.
    until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Signal(Base):
    """Something worth a human's attention that is not an answer: missed check-ins, say."""

    __tablename__ = "signals"
    __table_args__ = (Index(None, "participant_id", "kind", "created_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    participant_id: Mapped[int] = mapped_column(_participant_fk())
    kind: Mapped[str] = mapped_column(String(32))
    value: Mapped[Any] = mapped_column(JsonValue, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Lease(Base):
    """Work one process at a time may do (the outbox sender): who holds it, until when."""

    __tablename__ = "leases"

    job: Mapped[str] = mapped_column(String(32), primary_key=True)
    holder: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CarePlan(Base):
    """A person's individual plan, agreed with their counsellor: one per person.

    The goals are the counsellor's words, which may say something about the person, so they
    are encrypted. The check-in it agrees (`checkin_flow` every `every_days` for `weeks`
    from `starts_on`) is a `plan` row in `schedules`, kept in step by
    `bot.scheduling.individual`.
    """

    __tablename__ = "care_plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    participant_id: Mapped[int] = mapped_column(_participant_fk(), unique=True)
    goals_enc: Mapped[bytes | None] = mapped_column(LargeBinary)  # aad.plan_goals(participant_id)
    checkin_flow: Mapped[str | None] = mapped_column(String(64))
    every_days: Mapped[int | None] = mapped_column(SmallInteger)
    weeks: Mapped[int | None] = mapped_column(SmallInteger)
    starts_on: Mapped[date | None] = mapped_column(Date)
    review_on: Mapped[date | None] = mapped_column(Date, index=True)
    # The counsellor was reminded of this review date; a new date clears it.
    review_told_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PlanModule(Base):
    """A self-help module (a library flow) assigned in a plan, in the order shown."""

    __tablename__ = "care_plan_modules"
    __table_args__ = (Index(None, "plan_id", "flow", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("care_plans.id", ondelete="CASCADE"))
    flow: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(SmallInteger, default=0)


SERVICE_CATEGORIES = (
    "health",
    "mental_health",
    "legal_aid",
    "documents",
    "school",
    "work",
    "social_support",
    "women",
    "children",
)


class Service(Base):
    """A local service people can be referred to: an organisation's public details, not a
    person's, so plain text. Deactivated rather than deleted, as referrals point at it."""

    __tablename__ = "services"
    __table_args__ = (
        CheckConstraint(
            f"category IN ({', '.join(map(repr, SERVICE_CATEGORIES))})", name="category"
        ),
        Index(None, "country", "category", "active"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    category: Mapped[str] = mapped_column(String(32))
    country: Mapped[str] = mapped_column(String(16))
    region: Mapped[str | None] = mapped_column(String(128))  # city or region
    name: Mapped[str] = mapped_column(String(200))
    offers: Mapped[str | None] = mapped_column(Text)  # what it offers, in a sentence or two
    languages: Mapped[str] = mapped_column(String(64))  # "ru,kk"
    contact: Mapped[str] = mapped_column(String(300))
    hours: Mapped[str | None] = mapped_column(String(200))
    notes: Mapped[str | None] = mapped_column(Text)
    verified_on: Mapped[date | None] = mapped_column(Date)
    # Loaded from the sample seed: to be checked by the programme before anyone relies on it.
    sample: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


REFERRAL_OUTCOMES = ("reached", "not_reached", "no_answer")


class Referral(Base):
    """A service a counsellor sent a person to, and whether they reached it.

    `follow_up_due_at` is when the bot asks; the answer is `outcome`. Erased with the person.
    """

    __tablename__ = "referrals"
    __table_args__ = (
        CheckConstraint(f"outcome IN ({', '.join(map(repr, REFERRAL_OUTCOMES))})", name="outcome"),
        Index(None, "follow_up_due_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    participant_id: Mapped[int] = mapped_column(_participant_fk(), index=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    escalation_id: Mapped[int | None] = mapped_column(
        ForeignKey("escalations.id", ondelete="SET NULL")
    )
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    follow_up_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    follow_up_asked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str | None] = mapped_column(String(16))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


REVISION_STATES = ("draft", "waiting", "approved", "discarded")


class ContentRevision(Base):
    """One saved version of one content file (a flow, an instrument, risk rules, the
    contacts): its text never changes once written; only `state` and the approval move.

    `name` is the file's path under `flows/` without `.yaml` ("menu", "risk/suicide").
    `author` and `approved_by` are staff codes, or "cli" / "seed". `summary` says which
    steps and languages changed against `base_id`, the revision the editor started from.
    A draft is never live; a safety-critical revision waits for a second staff member's
    approval; what is live is the latest `ContentPublication` of its name.
    """

    __tablename__ = "content_revisions"
    __table_args__ = (
        CheckConstraint(f"state IN ({', '.join(map(repr, REVISION_STATES))})", name="state"),
        Index(None, "item", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The column is `item`: no column is called `name`, where a person's could hide.
    name: Mapped[str] = mapped_column("item", String(120))
    body: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    author: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    note: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[Any] = mapped_column(JsonValue, nullable=True)
    base_id: Mapped[int | None] = mapped_column(ForeignKey("content_revisions.id"))
    state: Mapped[str] = mapped_column(String(16))
    safety: Mapped[bool] = mapped_column(Boolean, default=False)
    approved_by: Mapped[str | None] = mapped_column(String(16))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ContentPublication(Base):
    """A revision made live. Append-only: a rollback is a new row pointing at an older
    revision. Every bot process polls the highest `id` (one primary-key read) and reloads
    its content when it grows."""

    __tablename__ = "content_publications"
    __table_args__ = (Index(None, "item", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column("item", String(120))
    revision_id: Mapped[int] = mapped_column(ForeignKey("content_revisions.id"))
    published_by: Mapped[str] = mapped_column(String(16))
    published_at: Mapped[datetime] = mapped_column(UTCDateTime)
