"""`qadam bench fanout`: thousands of check-ins due in the same minute, through the emulator.

Participants are spread over the four Central Asian zones, each with a local reminder
time that falls in the same UTC minute. The real tick plans them; the real outbox sender
delivers them to the loopback Bot API emulator, which enforces Telegram's limits (30
messages/s overall, 1/s per chat) by answering 429 with `retry_after`.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import random
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain import participants
from bot.domain.services import Services
from bot.engine.loader import load_library
from bot.i18n.catalogs import Catalogs
from bot.sandbox.emulator import BotApiEmulator
from bot.sandbox.limits import RateLimits
from bot.sandbox.models import Person
from bot.sandbox.server import serve
from bot.scheduling import plans
from bot.spec.calendar import zone
from bot.storage.crypto import Cipher
from bot.storage.database import make_engine, make_sessionmaker
from bot.storage.keys import Keys
from bot.storage.migrate import upgrade_async
from bot.storage.models import OutboxMessage

TOKEN = "1000002:bench-token"
ZONES = ("Asia/Almaty", "Asia/Bishkek", "Asia/Tashkent", "Asia/Dushanbe")
FIRST_CHAT = 10_000_000
ENROL_BATCH = 500

TARGET_RATE = 28.0
TARGET_PLAN_SECONDS = 2.0
TARGET_MEMORY_MB = 250.0


@dataclass(frozen=True)
class Figures:
    participants: int
    delivered: int
    failed: int
    plan_seconds: float
    send_seconds: float
    rate: float
    throttled: int
    throttled_after_first_second: int
    peak_memory_mb: float


async def run(
    participants_count: int, flows: Path, database_url: str | None, console: Console
) -> Figures:
    with tempfile.TemporaryDirectory(prefix="qadam-bench-") as scratch:
        url = database_url or f"sqlite+aiosqlite:///{Path(scratch) / 'bench.sqlite3'}"
        return await _run(participants_count, flows, url, console)


async def _run(count: int, flows: Path, url: str, console: Console) -> Figures:
    await upgrade_async(url)
    engine = make_engine(url)
    sessionmaker = make_sessionmaker(engine)
    keys = Keys(pseudonym=os.urandom(32), encryption=os.urandom(32))
    # This minute, already begun: the real clock of the sender finds the reminders due.
    due = datetime.now(UTC).replace(second=0, microsecond=0)
    services = Services(
        library=load_library(flows, ["en"]),
        keys=keys,
        cipher=Cipher(keys.encryption),
        clock=lambda: due - timedelta(days=1),
        rng=random.Random(1),
        catalogs=Catalogs(("en",)),
    )
    emulator = BotApiEmulator(TOKEN, limits=RateLimits())
    for index in range(count):
        emulator.world.add_person(Person(FIRST_CHAT + index, f"Bench {index}"))
    try:
        with _progress(console) as progress:
            await _enrol(sessionmaker, services, count, due, progress)
            # Ten thousand simulated people are long-lived objects: keep the collector from
            # walking them in the middle of the run, which stalls the emulator's loop.
            gc.freeze()
            async with serve(emulator.make_app()) as base:
                started = time.perf_counter()
                result = await _bot_side(url, base, due, count, keys, progress, emulator)
                send_seconds = time.perf_counter() - started
            statuses = await _statuses(sessionmaker)
    finally:
        await engine.dispose()
    stats = emulator.stats
    span = (stats.last_delivered_at or 0.0) - (stats.first_delivered_at or 0.0)
    return Figures(
        participants=count,
        delivered=statuses["sent"],
        failed=statuses["failed"],
        plan_seconds=float(result["plan_seconds"]),
        send_seconds=send_seconds,
        rate=(stats.delivered - 1) / span if span > 0 else 0.0,
        throttled=len(stats.throttled_at),
        throttled_after_first_second=stats.throttled_after(1.0),
        peak_memory_mb=float(result["peak_memory_mb"]),
    )


async def _bot_side(
    url: str,
    api: str,
    due: datetime,
    count: int,
    keys: Keys,
    progress: Progress,
    emulator: BotApiEmulator,
) -> dict[str, Any]:
    """Run the tick and the sender in a process of their own, showing delivery progress."""
    env = os.environ | {"QADAM_BENCH_KEYS": f"{keys.pseudonym.hex()}:{keys.encryption.hex()}"}
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.bench.botside",
        url,
        api,
        due.isoformat(),
        str(count),
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    task = progress.add_task("Delivering through the emulator", total=count)
    output = asyncio.ensure_future(child.communicate())
    while not output.done():
        await asyncio.wait([output], timeout=0.5)
        progress.update(task, completed=emulator.stats.delivered)
    stdout, stderr = output.result()
    if child.returncode != 0:
        raise RuntimeError(f"the bot side failed:\n{stderr.decode(errors='replace')}")
    result: dict[str, Any] = json.loads(stdout.decode().strip().splitlines()[-1])
    return result


def _progress(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=False,
    )


async def _enrol(
    sessionmaker: async_sessionmaker[AsyncSession],
    services: Services,
    count: int,
    due: datetime,
    progress: Progress,
) -> None:
    """People through the same enrol and schedule code as the bot, a batch at a time."""
    task = progress.add_task("Enrolling participants", total=count)
    enrolled_at = due - timedelta(days=1)
    for start in range(0, count, ENROL_BATCH):
        async with sessionmaker() as db, db.begin():
            for index in range(start, min(start + ENROL_BATCH, count)):
                zone_name = ZONES[index % len(ZONES)]
                person = await participants.enrol(
                    db, services, FIRST_CHAT + index, FIRST_CHAT + index
                )
                local = due.astimezone(zone(zone_name))
                person.consented_at = enrolled_at
                person.locale, person.role, person.age_band = "en", "self", "adult"
                person.timezone, person.quiet_hours = zone_name, "off"
                person.checkin_time = local.strftime("%H:%M")
                await plans.sync(db, services.library, person, enrolled_at)
        progress.update(task, completed=min(start + ENROL_BATCH, count))


async def _statuses(sessionmaker: async_sessionmaker[AsyncSession]) -> Counter[str]:
    async with sessionmaker() as db:
        rows = await db.execute(
            select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
        )
        return Counter({str(status): int(n) for status, n in rows.all()})


def report(figures: Figures, console: Console) -> None:
    table = Table(title=f"Fan-out: {figures.participants:,} check-ins due in the same minute")
    table.add_column("figure")
    table.add_column("measured", justify="right")
    table.add_column("target", justify="right")
    table.add_column("")
    rows: list[tuple[str, str, str, bool]] = [
        (
            "messages delivered",
            f"{figures.delivered:,}",
            f"{figures.participants:,}",
            figures.delivered == figures.participants,
        ),
        ("failed rows", f"{figures.failed:,}", "0", figures.failed == 0),
        (
            "sustained rate",
            f"{figures.rate:.1f} msg/s",
            f"≥ {TARGET_RATE:.0f} msg/s",
            figures.rate >= TARGET_RATE,
        ),
        ("429s received", f"{figures.throttled:,}", "", True),
        (
            "429s after the first second",
            f"{figures.throttled_after_first_second:,}",
            "0",
            figures.throttled_after_first_second == 0,
        ),
        (
            "time to plan the tick",
            f"{figures.plan_seconds:.2f} s",
            f"< {TARGET_PLAN_SECONDS:.0f} s",
            figures.plan_seconds < TARGET_PLAN_SECONDS,
        ),
        ("time to deliver", f"{figures.send_seconds:.0f} s", "", True),
        (
            "peak memory of the bot process",
            f"{figures.peak_memory_mb:.0f} MB",
            f"< {TARGET_MEMORY_MB:.0f} MB",
            figures.peak_memory_mb < TARGET_MEMORY_MB,
        ),
    ]
    for name, measured, target, met in rows:
        table.add_row(name, measured, target, "[green]✓[/]" if met else "[red]✗[/]")
    console.print(table)
