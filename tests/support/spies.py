"""Watching a real method without replacing what it does."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.support.harness import InProcessBot


def calls_to(monkeypatch: pytest.MonkeyPatch, owner: type, name: str) -> list[tuple[Any, ...]]:
    """Each call of the coroutine method `owner.name` from now on, as its arguments after
    `self`; every call still runs as before."""
    calls: list[tuple[Any, ...]] = []
    real = getattr(owner, name)

    async def watched(self: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return await real(self, *args, **kwargs)

    monkeypatch.setattr(owner, name, watched)
    return calls


@contextmanager
def statements_of(bot: InProcessBot) -> Iterator[list[str]]:
    """Each SQL statement the bot sends while the block runs, on one line (a transaction's
    BEGIN and COMMIT are not statements here)."""
    engine = bot.assembly.sessionmaker.kw["bind"]
    assert isinstance(engine, AsyncEngine)
    seen: list[str] = []

    def capture(_conn: Connection, _cursor: Any, statement: str, *_: Any) -> None:
        seen.append(" ".join(statement.split()))

    event.listen(engine.sync_engine, "before_cursor_execute", capture)
    try:
        yield seen
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", capture)
