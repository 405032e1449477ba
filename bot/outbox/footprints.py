"""The ids of the messages in a person's chat, kept so quick exit can delete them.

Telegram lets a bot delete a message in a private chat, its own or the person's, for 48
hours after it was sent; an id older than that is of no use and is purged
(`bot.app.retention`). Each id is sealed to its owner (`aad.chat_trace`): the table shows
only that someone had messages, not which.

A counsellor's message waits, for the person's own timed deletion (`clear_after`), until
the person has written or tapped after it (`answered`): "a counsellor will write to you
here" is a promise, and /mydata does not carry what counsellors write, so a reply deleted
unread would be lost to them. Quick exit (/clear) still deletes it at once: that is the
person's own hand, not a timer.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import CTE, Insert, bindparam, delete, func, insert, select, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage import aad
from bot.storage.crypto import Cipher
from bot.storage.models import ChatTrace, table_of

# Telegram refuses to delete a message older than this.
DELETABLE_FOR = timedelta(hours=48)

_TABLE = table_of(ChatTrace)
_TRACED = ("participant_id", "message_enc", "created_at", "counts_from")
_NOTE = insert(_TABLE)
_ANSWERED = (
    update(_TABLE)
    .where(_TABLE.c.participant_id == bindparam("person"), _TABLE.c.counts_from.is_(None))
    .values(counts_from=bindparam("at"))
)


def trace(
    cipher: Cipher,
    participant_id: int,
    message_id: int,
    at: datetime,
    *,
    awaits_reader: bool = False,
) -> dict[str, Any]:
    """A message of this person's chat, as a row for `note`; `awaits_reader` for a
    counsellor's message, kept from timed deletion until answered."""
    return {
        "participant_id": participant_id,
        "message_enc": cipher.encrypt_json(message_id, aad.chat_trace(participant_id)),
        "created_at": at,
        "counts_from": None if awaits_reader else at,
    }


async def note(db: AsyncSession, traces: Sequence[dict[str, Any]]) -> None:
    """Remember messages of people's chats (`trace`), in the caller's transaction."""
    if traces:
        await db.execute(_NOTE, list(traces))


def noting_after(first: CTE) -> Insert:
    """PostgreSQL: `note` as a statement that runs `first` (a data-modifying CTE) too, so
    that both are one round trip and one atomic statement; the traces come as arrays
    (`as_arrays`)."""
    # Named apart from every column: a parameter named as one is taken for a value to set.
    given = (
        func.unnest(
            *(
                bindparam(f"traced_{column}", type_=ARRAY(_TABLE.c[column].type))
                for column in _TRACED
            )
        )
        .table_valued(*_TRACED)
        .render_derived()
    )
    return (
        insert(_TABLE)
        .from_select(_TRACED, select(*(given.c[column] for column in _TRACED)))
        .add_cte(first)
    )


def as_arrays(traces: Sequence[dict[str, Any]]) -> dict[str, list[Any]]:
    """`trace`s as `noting_after` takes them: one list a column."""
    return {f"traced_{column}": [trace[column] for trace in traces] for column in _TRACED}


async def answered(db: AsyncSession, participant_id: int, at: datetime) -> None:
    """The person wrote or tapped: the counsellor's messages before it have been seen, and
    the hours of timed deletion count for them from now."""
    await db.execute(_ANSWERED, {"person": participant_id, "at": at})


async def take(
    db: AsyncSession,
    cipher: Cipher,
    participant_id: int,
    now: datetime,
    counted_before: datetime | None = None,
) -> list[int]:
    """The ids still deletable (only those whose hours counted from before
    `counted_before`, when given: never a counsellor's message still unanswered), oldest
    first; forgets them, since they are being deleted and an older one can no longer be."""
    mine = [ChatTrace.participant_id == participant_id]
    if counted_before is not None:
        mine.append(ChatTrace.counts_from <= counted_before)
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
