"""A risky message that arrives while the database is briefly away is not lost: the update
is tried again until the database is back, then the person gets the crisis card and a case
is opened.

PostgreSQL is taken away for real by cutting a TCP proxy between the bot and the server;
SQLite by another process holding its write lock for longer than the busy timeout.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from bot.sandbox.emulator import BotApiEmulator
from bot.storage.database import SQLITE_BUSY_TIMEOUT_MS
from tests.support.bot_process import BotProcess
from tests.support.chat import wait_for_bot
from tests.support.onboarding import onboard_russian
from tests.support.tables import table_rows

PERSON = 5557001
OUTAGE_SECONDS = SQLITE_BUSY_TIMEOUT_MS / 1000 + 3


class Proxy:
    """A TCP proxy that can be cut: connections dropped, the port refusing new ones."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.port = 0
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def cut(self) -> None:
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()
        for writer in list(self._writers):
            writer.transport.abort()
        self._writers.clear()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection(*self.target)
        self._writers |= {writer, up_writer}
        await asyncio.gather(_pipe(reader, up_writer), _pipe(up_reader, writer))


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    with contextlib.suppress(OSError, asyncio.IncompleteReadError):
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    writer.close()


@contextlib.contextmanager
def sqlite_write_lock(path: str) -> Iterator[None]:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        connection.execute("COMMIT")
        connection.close()


@pytest.fixture
async def proxy(database_url: str) -> AsyncIterator[Proxy | None]:
    """On PostgreSQL, a proxy between the bot and the server that the test can cut."""
    if database_url.startswith("sqlite"):
        yield None
        return
    url = make_url(database_url)
    proxy = Proxy(url.host or "127.0.0.1", url.port or 5432)
    await proxy.start()
    yield proxy
    await proxy.cut()


@pytest.fixture
def bot_database_url(database_url: str, proxy: Proxy | None) -> str:
    """The bot reaches PostgreSQL through the proxy from its start."""
    if proxy is None:
        return database_url
    return make_url(database_url).set(port=proxy.port).render_as_string(hide_password=False)


@pytest.fixture
def outage_bot(bot_process: BotProcess, proxy: Proxy | None) -> tuple[BotProcess, Proxy | None]:
    """The bot, on PostgreSQL talking through a proxy that the test can cut."""
    return bot_process, proxy


async def test_a_risky_message_sent_while_the_database_is_away_is_not_lost(
    emulator: tuple[BotApiEmulator, str],
    outage_bot: tuple[BotProcess, Proxy | None],
    database_url: str,
) -> None:
    emu, _ = emulator
    bot, proxy = outage_bot
    person = emu.add_user(PERSON, "Madina")
    await onboard_russian(person)
    before = len(person.messages())

    if proxy is not None:
        await proxy.cut()
        emu.world.person_says(person.person, "я больше не хочу жить")
        await asyncio.sleep(OUTAGE_SECONDS)
        await proxy.start()
    else:
        path = str(Path(make_url(database_url).database or ""))
        with sqlite_write_lock(path):
            emu.world.person_says(person.person, "я больше не хочу жить")
            await asyncio.sleep(OUTAGE_SECONDS)

    replies = await wait_for_bot(person, before, timeout=60)
    assert any("112" in message.text for message in replies), [m.text for m in replies]
    [case] = await table_rows(database_url, "escalations")
    assert case["severity"] == "high" and "suicide" in str(case["reasons"])
    assert '"db.unavailable_retrying"' in bot.logs()
