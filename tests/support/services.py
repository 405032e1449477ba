"""The outside services some tests need (PostgreSQL), and what to do when one is missing."""

from __future__ import annotations

import os

import pytest

ON_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
PG_ADMIN_DSN = os.environ.get("QADAM_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")


def need_service(reason: str) -> None:
    """A service this test needs is missing: a failure on CI, a skip elsewhere."""
    if ON_CI:
        pytest.fail(f"{reason} (CI=true requires it; start it as .ci/run does)")
    pytest.skip(reason)


def pg_dsn(name: str) -> str:
    """The libpq URL of database `name` on the test server."""
    return f"{PG_ADMIN_DSN.rsplit('/', 1)[0]}/{name}"


def pg_url(name: str) -> str:
    """The SQLAlchemy URL of database `name` on the test server."""
    return pg_dsn(name).replace("postgresql://", "postgresql+asyncpg://", 1)


async def pg_admin(sql: str) -> None:
    """Run one statement (CREATE/DROP DATABASE) on the server's maintenance database."""
    import asyncpg

    conn = await asyncpg.connect(PG_ADMIN_DSN, timeout=5)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()
