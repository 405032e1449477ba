"""Writing outbox rows inside the caller's transaction."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage import aad
from bot.storage.crypto import Cipher
from bot.storage.models import OutboxMessage


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
) -> OutboxMessage:
    row = OutboxMessage(
        recipient=recipient,
        participant_id=participant_id,
        method=method,
        payload_enc=cipher.encrypt_json(payload, aad.outbox_payload(recipient)),
        priority=priority,
        status="pending",
        attempts=0,
        not_before=now + timedelta(seconds=delay),
        created_at=now,
    )
    db.add(row)
    await db.flush()
    return row


def decode_payload(cipher: Cipher, row: OutboxMessage) -> dict[str, Any]:
    payload = cipher.decrypt_json(row.payload_enc, aad.outbox_payload(row.recipient))
    if not isinstance(payload, dict):
        raise ValueError(f"outbox row {row.id} holds no payload object")
    return payload


async def cancel_delayed(db: AsyncSession, participant_id: int, now: datetime) -> None:
    """Drop a person's messages still waiting for their time (a `wait` step)."""
    await db.execute(
        delete(OutboxMessage).where(
            OutboxMessage.participant_id == participant_id,
            OutboxMessage.status == "pending",
            OutboxMessage.not_before > now,
            # A message waiting for a retry was meant to arrive already: keep it.
            OutboxMessage.attempts == 0,
        )
    )
