"""Reading the bot's database directly, the way an auditor would."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import inspect, text
from sqlalchemy.ext.asyncio import create_async_engine


def reasons_of(case: dict[str, Any]) -> list[str]:
    """A case row's reasons. Raw SQL hands back JSON as text on SQLite and decoded on
    PostgreSQL."""
    found = case["reasons"]
    return list(json.loads(found) if isinstance(found, str) else found)


async def table_rows(url: str, table: str) -> list[dict[str, Any]]:
    engine = create_async_engine(url)
    try:
        async with engine.connect() as conn:
            result = await conn.execute(text(f"SELECT * FROM {table}"))
            return [dict(row._mapping) for row in result]
    finally:
        await engine.dispose()


async def every_value(url: str) -> list[tuple[str, str, object]]:
    """(table, column, value) for every cell of every table."""
    engine = create_async_engine(url)
    cells: list[tuple[str, str, object]] = []
    try:
        async with engine.connect() as conn:
            tables = await conn.run_sync(lambda c: inspect(c).get_table_names())
            for table in tables:
                result = await conn.execute(text(f'SELECT * FROM "{table}"'))
                for row in result:
                    cells.extend((table, column, value) for column, value in row._mapping.items())
    finally:
        await engine.dispose()
    return cells
