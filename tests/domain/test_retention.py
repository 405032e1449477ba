"""Kept text, delivered messages and update ids are purged when their time is up."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain import participants
from bot.domain.messaging import send_text
from bot.domain.updates import record
from bot.jobs import purge_once
from bot.storage.models import Answer, OutboxMessage, Participant, ProcessedUpdate
from tests.domain.conftest import NOW, make_services

FLOWS = Path(__file__).resolve().parents[2] / "flows"


async def test_the_purge_removes_only_what_has_expired(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    services = make_services(FLOWS)
    day = timedelta(days=1)
    async with sessions() as db, db.begin():
        person = await participants.enrol(db, services, 10, 10)
        db.add_all(
            [
                Answer(participant_id=person.id, flow="f", step="s", var="old", text_enc=b"x",
                       expires_at=NOW - day, created_at=NOW - 91 * day),
                Answer(participant_id=person.id, flow="f", step="s", var="fresh", text_enc=b"x",
                       expires_at=NOW + day, created_at=NOW),
                Answer(participant_id=person.id, flow="safety-plan", step="s", var="plan",
                       text_enc=b"x", expires_at=None, created_at=NOW - 400 * day),
                Answer(participant_id=person.id, flow="f", step="s", var="mood", value=3,
                       created_at=NOW - 400 * day),
            ]
        )  # fmt: skip
        for age_days, status in [(8, "sent"), (1, "sent"), (31, "failed"), (8, "failed")]:
            await send_text(db, services, person, "hello", at=NOW - age_days * day)
            row = (
                await db.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc()))
            ).first()
            assert row is not None
            row.status, row.sent_at = status, NOW - age_days * day
        await record(db, 1, NOW - 8 * day)
        await record(db, 2, NOW - day)
        person.consented_at = NOW - 40 * day
        stranger = await participants.enrol(db, services, 11, 11)  # never agreed
        stranger.created_at = NOW - 31 * day
        newcomer = await participants.enrol(db, services, 12, 12)  # still deciding
        newcomer.created_at = NOW - day

    purged = await purge_once(sessions, lambda: NOW)

    assert (purged.answers, purged.messages, purged.update_ids, purged.unconsented) == (1, 2, 1, 1)
    async with sessions() as db:
        kept = set(await db.scalars(select(Answer.var)))
        assert kept == {"fresh", "plan", "mood"}
        ages = {
            (row.status, (NOW - row.created_at).days)
            for row in await db.scalars(select(OutboxMessage))
        }
        assert ages == {("sent", 1), ("failed", 8)}
        assert set(await db.scalars(select(ProcessedUpdate.update_id))) == {2}
        assert set(await db.scalars(select(Participant.id))) == {person.id, newcomer.id}
