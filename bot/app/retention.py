"""Keep nothing longer than it is needed: the hourly purge."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app.console import sessions as console_sessions
from bot.app.console import signin as console_signin
from bot.escalation import invite_limits
from bot.escalation.cases import CASE_RETENTION_DAYS
from bot.outbox import footprints
from bot.storage.inline import inline, inline_all
from bot.storage.models import (
    Answer,
    CaseMessage,
    Escalation,
    OutboxMessage,
    Participant,
    ProcessedUpdate,
)

# Delivered messages are kept briefly for support questions ("did my reminder go out?").
SENT_MESSAGE_DAYS = 7
# Failed ones stay longer, so staff can see why someone was not reached.
FAILED_MESSAGE_DAYS = 30
# Telegram redelivers an update within a day at most; a week is a wide margin.
UPDATE_ID_DAYS = 7
# Someone who started but never agreed is forgotten after this long.
UNCONSENTED_DAYS = 30


@dataclass(frozen=True)
class Purged:
    answers: int
    messages: int
    update_ids: int
    unconsented: int
    case_messages: int
    invite_attempts: int
    console_sessions: int
    console_links: int
    chat_traces: int


async def purge(db: AsyncSession, now: datetime) -> Purged:
    """Delete kept text past its retention, old messages and update ids, relayed messages
    and case notes of cases closed long enough ago, people who never agreed to anything,
    wrong staff invite codes no limit looks at any more, console sessions and sign-in
    links that can no longer be used, and chat message ids too old to delete."""
    answers = await db.execute(delete(Answer).where(Answer.expires_at <= now))
    case_messages = await db.execute(delete(CaseMessage).where(CaseMessage.expires_at <= now))
    # The words that raised a closed case go with its messages.
    await db.execute(
        update(Escalation)
        .where(
            Escalation.status == "resolved",
            Escalation.resolved_at <= now - timedelta(days=CASE_RETENTION_DAYS),
            Escalation.evidence_enc.is_not(None),
        )
        .values(evidence_enc=None)
    )
    messages = await db.execute(
        delete(OutboxMessage).where(
            (
                (OutboxMessage.status == inline("sent"))
                & (OutboxMessage.sent_at < now - timedelta(days=SENT_MESSAGE_DAYS))
            )
            | (
                (OutboxMessage.status.in_(inline_all(("failed", "expired"))))
                & (OutboxMessage.created_at < now - timedelta(days=FAILED_MESSAGE_DAYS))
            )
        )
    )
    update_ids = await db.execute(
        delete(ProcessedUpdate).where(
            ProcessedUpdate.processed_at < now - timedelta(days=UPDATE_ID_DAYS)
        )
    )
    unconsented = await db.execute(
        delete(Participant).where(
            Participant.consented_at.is_(None),
            Participant.created_at < now - timedelta(days=UNCONSENTED_DAYS),
        )
    )
    return Purged(
        _count(answers),
        _count(messages),
        _count(update_ids),
        _count(unconsented),
        _count(case_messages),
        await invite_limits.purge(db, now),
        await console_sessions.purge(db, now),
        await console_signin.purge(db, now),
        await footprints.purge(db, now),
    )


def _count(result: object) -> int:
    return int(getattr(result, "rowcount", 0) or 0)
