"""Writing outbox rows inside the caller's transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import bindparam, delete, exists, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage import aad
from bot.storage.crypto import Cipher
from bot.storage.inline import inline, inline_all
from bot.storage.models import OutboxMessage, table_of

# What a row holds once it is done with (sent, failed for good, expired): the words went to
# Telegram, or never will. Keeping them would only leave a copy for /forget to miss; the
# row itself stays a while, for when and to whom it went and for replies to it.
NO_PAYLOAD = b""
# What the bot sends a person can be neither forwarded nor saved: on a shared phone a
# crisis card, a counsellor's words or a chart forwarded on would give them away. Every
# message to a person goes out so, here where every outbox row is made.
PROTECTED = frozenset({"sendMessage", "sendDocument", "sendPhoto"})
# A row the sender has not finished with.
OPEN_STATUSES = ("pending", "sending")
# A row written `sending` (`Handoff`) stays so this long without an outcome before the
# sender returns it to the queue; well above the longest call (`Limits.call_timeout`).
STALE_AFTER = timedelta(minutes=2)
_ROWS = table_of(OutboxMessage)
# The table, not the ORM entity: one plain statement, built once, for one row or thousands.
_INSERT = insert(_ROWS)

# What a handed-over row is written with (`Call.values`).
_HANDED_VALUES = (
    "recipient",
    "participant_id",
    "method",
    "payload_enc",
    "priority",
    "status",
    "attempts",
    "not_before",
    "created_at",
    "case_id",
    "about_id",
)


def _handed_statement() -> Any:
    """One row written `sending`, unless its chat has a row waiting that the sender would
    make first: one due, or one waiting for a retry (a message scheduled for later and
    never tried holds nothing back, as in the sender's own query). Rows of the chat being
    sent are the sender's to know of (`Handoff.offer`): it knows which calls are still out,
    and which were answered and are only being recorded."""
    now = bindparam("now", type_=_ROWS.c.created_at.type)
    ahead = exists().where(
        _ROWS.c.recipient == bindparam("recipient"),
        # Spelt as `ix_outbox_open_recipient`'s condition, with the values written into the
        # statement (`bot.storage.inline`): the check reads the chat's open rows only,
        # never its history.
        _ROWS.c.status.in_(inline_all(OPEN_STATUSES)),
        _ROWS.c.status == inline("pending"),
        or_(_ROWS.c.not_before <= now, _ROWS.c.last_error.is_not(None)),
    )
    columns = [column for column in _ROWS.c if column.name in _HANDED_VALUES]
    values = select(
        *(
            now.label(column.name)
            if column.name == "created_at"
            else bindparam(column.name, type_=column.type)
            for column in columns
        )
    ).where(~ahead)
    return insert(_ROWS).from_select(columns, values).returning(_ROWS.c.id)


_HANDED = _handed_statement()


class Handoff(Protocol):
    """The sender of this process, offered a transaction's calls to make itself the moment
    the transaction commits, rather than find them in the queue on its next pass (two
    statements and a transaction fewer a message; issue #17). A row so handed over is
    written `sending`, as the sender would have marked it before its call; should the
    process stop first, it goes back to the queue like any row left `sending`."""

    def offer(self, call: Call, payload: dict[str, Any]) -> bool:
        """Whether the sender would make `call` (with the `payload` it is sealed with) as
        soon as the transaction commits; if so it keeps the chat for it until then."""
        ...

    def handed(self, call: Call, row_id: int) -> None:
        """`call`, offered and taken, was written `sending` as row `row_id`."""
        ...

    def queued(self, call: Call) -> None:
        """`call` was written `pending`, for the sender's next pass."""
        ...

    def withdrawn(self) -> list[int]:
        """The rows handed over so far, which are now to be queued instead; nothing more is
        offered."""
        ...


_HANDOFF = "qadam.handoff"


def hand_to(db: AsyncSession, handoff: Handoff) -> None:
    """Offer the calls `db`'s transaction queues to `handoff` (`enqueue_many`)."""
    db.info[_HANDOFF] = handoff


async def withdraw(db: AsyncSession) -> None:
    """Before a transaction changes or deletes queued rows (readdressing an erased person's
    goodbye, dropping what names them): the rows it handed over to the sender are queued
    again, as if never offered, so that the change reaches them too. Whatever changes
    queued rows calls this first."""
    handoff: Handoff | None = db.info.get(_HANDOFF)
    rows = handoff.withdrawn() if handoff is not None else []
    if rows:
        await db.execute(
            update(_ROWS)
            .where(_ROWS.c.id.in_(rows))
            .values(status="pending", attempts=0, not_before=_ROWS.c.created_at)
        )


async def enqueue(
    db: AsyncSession,
    cipher: Cipher,
    *,
    recipient: str,
    method: str,
    payload: dict[str, Any],
    priority: int,
    now: datetime,
    delay: float = 0,
    participant_id: int | None = None,
    case_id: int | None = None,
    about_id: int | None = None,
) -> None:
    call = Call(recipient, participant_id, method, payload, priority, delay, case_id, about_id)
    await enqueue_many(db, cipher, [call], now)


@dataclass(frozen=True)
class Call:
    """One Bot API call to queue: where it goes, what it is, how urgent."""

    recipient: str
    participant_id: int | None
    method: str
    payload: dict[str, Any]
    priority: int
    delay: float = 0
    # A staff notification about a case: a staff reply to it is relayed to the person.
    case_id: int | None = None
    # A message to staff about one person, erased with them.
    about_id: int | None = None

    def outgoing(self) -> dict[str, Any]:
        """The payload as it goes to Telegram."""
        if self.participant_id is not None and self.method in PROTECTED:
            return {**self.payload, "protect_content": True}
        return self.payload

    def values(
        self, cipher: Cipher, now: datetime, outgoing: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        payload = self.outgoing() if outgoing is None else outgoing
        return {
            "recipient": self.recipient,
            "participant_id": self.participant_id,
            "method": self.method,
            "payload_enc": cipher.encrypt_json(payload, aad.outbox_payload(self.recipient)),
            "priority": self.priority,
            "status": "pending",
            "attempts": 0,
            "not_before": now + timedelta(seconds=self.delay),
            "created_at": now,
            "case_id": self.case_id,
            "about_id": self.about_id,
        }


async def enqueue_many(
    db: AsyncSession, cipher: Cipher, calls: Sequence[Call], now: datetime
) -> None:
    """Queue calls in one statement, from one to the scheduler's fan-out to thousands.

    In a transaction handed to the sender (`hand_to`), a chat's first call due at once is
    offered to it first; one it takes is written `sending` by a statement of its own,
    unless the chat has a row to go first after all (then it is queued like the rest)."""
    handoff: Handoff | None = db.info.get(_HANDOFF)
    queued = list(calls)
    if handoff is not None:
        queued, chats = [], set()
        for call in calls:
            first = call.recipient not in chats and not call.delay
            chats.add(call.recipient)
            outgoing = call.outgoing()
            if not (first and handoff.offer(call, outgoing)):
                queued.append(call)
                continue
            values = call.values(cipher, now, outgoing)
            values.update(status="sending", attempts=1, not_before=now + STALE_AFTER, now=now)
            row_id = await db.scalar(_HANDED, values)
            if row_id is None:
                queued.append(call)
            else:
                handoff.handed(call, row_id)
        for call in queued:
            handoff.queued(call)
    if queued:
        await db.execute(_INSERT, [call.values(cipher, now) for call in queued])


def decode_payload(cipher: Cipher, row: OutboxMessage) -> dict[str, Any]:
    return open_payload(cipher, row.recipient, row.payload_enc)


def open_payload(cipher: Cipher, recipient: str, sealed: bytes) -> dict[str, Any]:
    """The call sealed in an outbox row, given the row's recipient."""
    payload = cipher.decrypt_json(sealed, aad.outbox_payload(recipient))
    if not isinstance(payload, dict):
        raise ValueError("an outbox row holds no payload object")
    return payload


async def cancel_delayed(db: AsyncSession, participant_id: int, now: datetime) -> None:
    """Drop a person's messages still waiting for their time (a `wait` step)."""
    await db.execute(
        delete(OutboxMessage).where(
            OutboxMessage.participant_id == participant_id,
            # Written into the statement, as `ix_outbox_pending_participant` says it, so
            # that SQLite reads the person's queued rows only, never their history.
            OutboxMessage.status == inline("pending"),
            OutboxMessage.not_before > now,
            # A message waiting for a retry was meant to arrive already: keep it.
            OutboxMessage.attempts == 0,
        )
    )
