"""Simulated people (the sandbox's) told apart from real ones, so that the sandbox never
runs on a deployment's data, nor the real bot on the sandbox's."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

# Whom the count takes in: every participant, and staff once they linked a Telegram account.
_PEOPLE = (("participants", False), ("staff", True))


async def count_people(engine: AsyncEngine, *, simulated: bool) -> int:
    """How many people in the database came from the sandbox (`simulated`), or did not.

    Read before migrating, so that a refusal changes nothing: a database not made yet holds
    nobody, and in one from before people were marked (migration 0012) nobody is simulated.
    """
    async with engine.connect() as connection:
        return await connection.run_sync(_count, simulated)


def _count(connection: Connection, simulated: bool) -> int:
    inspector = sa.inspect(connection)
    total = 0
    for name, once_linked in _PEOPLE:
        if not inspector.has_table(name):
            continue
        marked = "simulated" in {column["name"] for column in inspector.get_columns(name)}
        if simulated and not marked:
            continue
        table = sa.table(name, sa.column("simulated", sa.Boolean()), sa.column("key"))
        query = sa.select(sa.func.count()).select_from(table)
        if marked:
            query = query.where(table.c.simulated == simulated)
        if once_linked:
            query = query.where(table.c.key.is_not(None))
        total += connection.scalar(query) or 0
    return total
