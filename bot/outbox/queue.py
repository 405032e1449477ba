"""Writing outbox rows inside the caller's transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, insert, literal
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage import aad
from bot.storage.crypto import Cipher
from bot.storage.models import OutboxMessage, table_of

# What a row holds once it is done with (sent, failed for good, expired): the words went to
# Telegram, or never will. Keeping them would only leave a copy for /forget to miss; the
# row itself stays a while, for when and to whom it went and for replies to it.
NO_PAYLOAD = b""
# What the bot sends a person can be neither forwarded nor saved: on a shared phone a
# crisis card, a counsellor's words or a chart forwarded on would give them away. Every
# message to a person goes out so, here where every outbox row is made.
PROTECTED = frozenset({"sendMessage", "sendDocument", "sendPhoto"})
# The table, not the ORM entity: one plain statement, built once, for one row or thousands.
_INSERT = insert(table_of(OutboxMessage))


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

    def values(self, cipher: Cipher, now: datetime) -> dict[str, Any]:
        payload = self.payload
        if self.participant_id is not None and self.method in PROTECTED:
            payload = {**payload, "protect_content": True}
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
    """Queue calls in one statement, from one to the scheduler's fan-out to thousands."""
    if calls:
        await db.execute(_INSERT, [call.values(cipher, now) for call in calls])


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
            OutboxMessage.status == literal("pending", literal_execute=True),
            OutboxMessage.not_before > now,
            # A message waiting for a retry was meant to arrive already: keep it.
            OutboxMessage.attempts == 0,
        )
    )
