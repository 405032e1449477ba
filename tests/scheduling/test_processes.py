"""Several processes, and a process killed mid-tick, never send a check-in twice."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections import Counter

import pytest
from sqlalchemy import func, select

from bot.app.tick import tick
from bot.domain.services import Services
from bot.scheduling.decide import Timing
from bot.storage.models import OutboxMessage
from tests.scheduling.conftest import ROOT, START, Enrol, Sessions

pytestmark = pytest.mark.process

DUE = START.replace(hour=9)  # 14:00 in Almaty
PEOPLE = 400


async def _worker(
    services: Services, url: str, batch: int, rounds: int
) -> asyncio.subprocess.Process:
    keys = f"{services.keys.pseudonym.hex()}:{services.keys.encryption.hex()}"
    env = os.environ | {"QADAM_TEST_KEYS": keys}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.scheduling.tick_worker",
        url,
        DUE.isoformat(),
        str(batch),
        str(rounds),
        cwd=ROOT,
        env=env,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    assert process.stdout is not None
    assert (await asyncio.wait_for(process.stdout.readline(), 60)).strip() == b"ready"
    return process


async def _per_person(sessions: Sessions) -> Counter[int]:
    async with sessions() as db:
        rows = await db.execute(
            select(OutboxMessage.participant_id, func.count()).group_by(
                OutboxMessage.participant_id
            )
        )
        return Counter({int(pid): int(count) for pid, count in rows.all() if pid is not None})


async def _enrol_many(enrol: Enrol) -> list[int]:
    return [await enrol(timezone=("Asia/Almaty", "Asia/Tashkent")[i % 2]) for i in range(PEOPLE)]


@pytest.mark.postgres
async def test_two_processes_ticking_together_send_each_check_in_once(
    sessions: Sessions, services: Services, enrol: Enrol, migrated_url: str
) -> None:
    if not migrated_url.startswith("postgresql"):
        pytest.skip("several processes share PostgreSQL; SQLite serves one process")
    people = await _enrol_many(enrol)
    workers = [await _worker(services, migrated_url, batch=10, rounds=3) for _ in range(2)]
    outputs = await asyncio.gather(*(w.communicate(b"go\n") for w in workers))
    assert [w.returncode for w in workers] == [0, 0], outputs
    per_person = await _per_person(sessions)
    assert sorted(per_person) == sorted(people)
    assert set(per_person.values()) == {1}
    # Both processes did part of the work: the rows were really shared out.
    claimed = [out.count(b"schedule.tick") for out, _ in outputs]
    assert all(claimed), outputs


async def test_a_process_killed_mid_tick_loses_nothing_and_sends_nothing_twice(
    sessions: Sessions, services: Services, enrol: Enrol, migrated_url: str
) -> None:
    people = await _enrol_many(enrol)
    worker = await _worker(services, migrated_url, batch=5, rounds=1)
    assert worker.stdin is not None
    worker.stdin.write(b"go\n")
    while True:
        done = sum((await _per_person(sessions)).values())
        if done >= 40 or worker.returncode is not None:
            break
        await asyncio.sleep(0.01)
    worker.send_signal(signal.SIGKILL)
    await worker.wait()
    assert done < PEOPLE, "the tick finished before it could be killed; use more people"
    # A restarted process finishes the tick.
    await tick(sessions, services, Timing(), now=lambda: DUE)
    per_person = await _per_person(sessions)
    assert sorted(per_person) == sorted(people)
    assert set(per_person.values()) == {1}
