"""On SQLite each statement is one trip to aiosqlite's thread, with the same results,
row counts and errors as the stock driver."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aiosqlite
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from bot.storage.database import make_engine


async def test_a_statement_is_one_trip_and_reads_writes_and_fails_as_usual(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'trips.sqlite3'}")
    trips: list[Any] = []
    real = aiosqlite.Connection._execute

    async def counted(self: aiosqlite.Connection, fn: Any, *args: Any, **kwargs: Any) -> Any:
        trips.append(fn)
        return await real(self, fn, *args, **kwargs)

    try:
        async with engine.begin() as connection:
            await connection.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)"))
        monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
        async with engine.connect() as connection:
            trips.clear()
            inserted = await connection.execute(
                text("INSERT INTO t (v) VALUES (:v)"), [{"v": "a"}, {"v": "b"}]
            )
            assert len(trips) == 1 and inserted.rowcount == 2
            trips.clear()
            rows = (await connection.execute(text("SELECT id, v FROM t ORDER BY id"))).all()
            assert len(trips) == 1 and [tuple(row) for row in rows] == [(1, "a"), (2, "b")]
            changed = await connection.execute(text("UPDATE t SET v = 'c' WHERE id = 2"))
            assert changed.rowcount == 1
            returned = await connection.execute(text("INSERT INTO t (v) VALUES ('d') RETURNING id"))
            assert returned.scalar_one() == 3
            with pytest.raises(IntegrityError):
                await connection.execute(text("INSERT INTO t (id, v) VALUES (1, 'x')"))
    finally:
        await engine.dispose()
