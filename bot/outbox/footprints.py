"""The ids of the messages in a person's chat, kept so quick exit can delete them.

Telegram lets a bot delete a message in a private chat, its own or the person's, for 48
hours after it was sent; an id older than that is of no use and is purged
(`bot.app.retention`). Each id is sealed to its owner (`aad.chat_trace`): the table shows
only that someone had messages, not which.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage import aad
from bot.storage.crypto import Cipher
from bot.storage.models import ChatTrace

# Telegram refuses to delete a message older than this.
DELETABLE_FOR = timedelta(hours=48)


def note(
    db: AsyncSession, cipher: Cipher, participant_id: int, message_id: int, at: datetime
) -> None:
    """Remember a message of this person's chat, in the caller's transaction."""
    sealed = cipher.encrypt_json(message_id, aad.chat_trace(participant_id))
    db.add(ChatTrace(participant_id=participant_id, message_enc=sealed, created_at=at))


async def take(
    db: AsyncSession,
    cipher: Cipher,
    participant_id: int,
    now: datetime,
    noted_before: datetime | None = None,
) -> list[int]:
    """The ids still deletable (only those noted before `noted_before`, when given),
    oldest first; forgets them, since they are being deleted and an older one can no
    longer be."""
    mine = [ChatTrace.participant_id == participant_id]
    if noted_before is not None:
        mine.append(ChatTrace.created_at <= noted_before)
    rows = (await db.scalars(select(ChatTrace).where(*mine))).all()
    await db.execute(delete(ChatTrace).where(*mine))
    since = now - DELETABLE_FOR
    ids = {
        int(cipher.decrypt_json(row.message_enc, aad.chat_trace(participant_id)))
        for row in rows
        if row.created_at > since
    }
    return sorted(ids)


async def purge(db: AsyncSession, now: datetime) -> int:
    result = await db.execute(delete(ChatTrace).where(ChatTrace.created_at <= now - DELETABLE_FOR))
    return int(getattr(result, "rowcount", 0) or 0)
