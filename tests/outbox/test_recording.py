"""Answers that land together are recorded together: one transaction for many messages
(on PostgreSQL one statement),
each marked sent and noted for quick exit exactly as one alone would be (a person's
message id only sealed, never on the row)."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.outbox import footprints
from bot.outbox.queue import NO_PAYLOAD
from bot.outbox.sender import _Sent
from bot.storage.crypto import Cipher
from tests.outbox.conftest import ALI, Add, FakeClock, SenderFactory, load


async def test_answers_that_land_together_are_written_in_one_transaction(
    sessions: async_sessionmaker[AsyncSession],
    make_sender: SenderFactory,
    add: Add,
    participant: int,
    cipher: Cipher,
    clock: FakeClock,
) -> None:
    rows = [await add(ALI, f"message {n}", participant_id=participant) for n in range(3)]
    sender = make_sender()
    engine = sessions.kw["bind"]
    assert isinstance(engine, AsyncEngine)
    commits: list[Any] = []
    statements: list[str] = []
    event.listen(engine.sync_engine, "commit", commits.append)
    event.listen(
        engine.sync_engine,
        "before_cursor_execute",
        lambda _conn, _cursor, statement, *_: statements.append(" ".join(statement.split())),
    )

    claims = await sender._claim(rows)
    landed = [_Sent(row, claims[row], 700 + n, None) for n, row in enumerate(rows)]
    commits.clear()
    statements.clear()
    await asyncio.gather(*(sender._record_sent(sent) for sent in landed))

    if engine.dialect.name == "postgresql":
        # One statement, in autocommit: marked sent and noted at once, one round trip.
        assert commits == [] and len(statements) == 1
        assert statements[0].startswith("WITH marked AS (UPDATE outbox SET")
        assert "INSERT INTO chat_traces" in statements[0]
    else:
        assert len(commits) == 1
        assert [s.split(" SET ")[0].split(" (")[0] for s in statements] == [
            "UPDATE outbox",
            "INSERT INTO chat_traces",
        ]
    recorded = [await load(sessions, row) for row in rows]
    assert [(row.status, row.result_message_id, row.payload_enc) for row in recorded] == [
        ("sent", None, NO_PAYLOAD) for n in range(3)
    ]
    async with sessions() as db, db.begin():
        assert await footprints.take(db, cipher, participant, clock()) == [700, 701, 702]
