"""`qadam bench faults`: the real bot under a flood, a Bot API outage and a hanging chat.

The bot runs as `qadam run` composes it (`bot.runtime.assemble` and `run`) against the
loopback Bot API emulator, which enforces Telegram's send limits. Simulated people write
to it as people do, and each scenario measures what everyone else lives through:

- flood: one person sends 200 messages a second for five seconds while others write and
  a third person writes that they want to die;
- outage: every send fails with 502 for `outage` seconds while people write;
- hang: one chat's sends hang for a minute while another person writes that they want to
  die.

It prints other people's p95 reply time, the crisis card's latency, and how many replies
were lost (never came) or duplicated.
"""

from __future__ import annotations

import asyncio
import contextlib
import statistics
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.table import Table

from bot.config import Settings
from bot.runtime import Assembly, assemble, load_content, run
from bot.sandbox.emulator import BotApiEmulator
from bot.sandbox.limits import RateLimits
from bot.sandbox.models import Person
from bot.sandbox.server import serve
from bot.storage.migrate import upgrade_async

TOKEN = "1000003:bench-token"
FIRST_CHAT = 20_000_000
CRISIS = "I want to die"
GOAL_OTHERS_P95 = 1.0
GOAL_CRISIS_SECONDS = 2.0


@dataclass
class Scenario:
    name: str
    replies: list[float] = field(default_factory=list)
    crisis: float | None = None
    lost: int = 0
    duplicated: int = 0
    # Seconds from the end of an outage until the last reply held back by it came.
    caught_up: float | None = None

    @property
    def p95(self) -> float | None:
        if len(self.replies) < 2:
            return self.replies[0] if self.replies else None
        return statistics.quantiles(self.replies, n=20)[-1]


class Crowd:
    """Simulated people, and how long each waited for the bot's answer."""

    def __init__(self, emulator: BotApiEmulator) -> None:
        self._emulator = emulator
        self._next = FIRST_CHAT

    def person(self) -> Person:
        self._next += 1
        person = Person(self._next, f"Person {self._next}", language_code="en")
        self._emulator.world.add_person(person)
        return person

    def answers(self, person: Person) -> int:
        chat = self._emulator.world.chat(person.id)
        return sum(1 for message in chat.messages if message.sender == "bot")

    async def ask(self, person: Person, text: str, timeout: float) -> float | None:
        """Send `text`; seconds until the first answer, or None if none came in time."""
        loop = asyncio.get_running_loop()
        before = self.answers(person)
        started = loop.time()
        self._emulator.world.person_says(person, text)
        while self.answers(person) == before:
            if loop.time() - started > timeout:
                return None
            await asyncio.sleep(0.01)
        return loop.time() - started


@contextlib.asynccontextmanager
async def running_bot(
    data_dir: Path, flows: Path
) -> AsyncIterator[tuple[BotApiEmulator, Assembly]]:
    emulator = BotApiEmulator(TOKEN, limits=RateLimits())
    async with serve(emulator.make_app()) as url:
        settings = Settings(
            _env_file=None,
            bot_token=TOKEN,
            telegram_api_url=url,
            database_url=f"sqlite+aiosqlite:///{data_dir / 'bench.sqlite3'}",
            data_dir=data_dir,
            flows_dir=flows,
            console_bind="127.0.0.1:0",
        )
        await upgrade_async(settings.effective_database_url)
        async with assemble(settings, content=load_content(settings)) as assembly:
            polling = asyncio.create_task(run(assembly, handle_signals=False))
            try:
                yield emulator, assembly
            finally:
                await assembly.dispatcher.stop_polling()
                with contextlib.suppress(asyncio.CancelledError):
                    await polling


async def flood(emulator: BotApiEmulator, crowd: Crowd) -> Scenario:
    scenario = Scenario("flood: 200 messages/s from one person for 5 s")
    flooder, writer = crowd.person(), crowd.person()
    others = [crowd.person() for _ in range(20)]

    async def spam() -> None:
        for n in range(1000):
            emulator.world.person_says(flooder, f"spam {n}")
            if n % 10 == 9:
                await asyncio.sleep(0.05)

    async def write(person: Person, after: float) -> None:
        await asyncio.sleep(after)
        waited = await crowd.ask(person, "/start", timeout=60)
        _count(scenario, waited)

    async def in_crisis() -> None:
        await asyncio.sleep(2.5)
        scenario.crisis = await crowd.ask(writer, CRISIS, timeout=60)

    await asyncio.gather(
        spam(), in_crisis(), *(write(person, i * 0.25) for i, person in enumerate(others))
    )
    scenario.duplicated = sum(crowd.answers(person) > 1 for person in others)
    return scenario


async def outage(emulator: BotApiEmulator, crowd: Crowd, seconds: float) -> Scenario:
    scenario = Scenario(f"outage: every send fails with 502 for {seconds:g} s")
    people = [crowd.person() for _ in range(20)]
    emulator.fail_next("sendMessage", status=502, times=10**9)

    loop = asyncio.get_running_loop()
    ended = loop.time() + seconds
    answered: list[float] = []

    async def recover() -> None:
        await asyncio.sleep(seconds)
        emulator.clear_failures()

    async def write(person: Person, after: float) -> None:
        await asyncio.sleep(after)
        # The sender backs off up to 5 minutes between tries: allow for one after recovery.
        waited = await crowd.ask(person, "/start", timeout=seconds + 330)
        _count(scenario, waited)
        if waited is not None:
            answered.append(loop.time())

    spread = max(seconds - 1, 0) / len(people)
    await asyncio.gather(recover(), *(write(p, i * spread) for i, p in enumerate(people)))
    scenario.caught_up = max(answered) - ended if answered else None
    await asyncio.sleep(2)  # anything sent twice has come by now
    scenario.duplicated = sum(crowd.answers(person) > 1 for person in people)
    return scenario


async def hang(emulator: BotApiEmulator, crowd: Crowd) -> Scenario:
    scenario = Scenario("hang: one chat's sends hang for 60 s")
    stuck, writer = crowd.person(), crowd.person()
    others = [crowd.person() for _ in range(10)]
    emulator.hang_next("sendMessage", 60, chat_id=stuck.id, times=10)
    emulator.world.person_says(stuck, "/start")
    await asyncio.sleep(0.5)
    scenario.crisis = await crowd.ask(writer, CRISIS, timeout=60)

    async def write(person: Person, after: float) -> None:
        await asyncio.sleep(after)
        _count(scenario, await crowd.ask(person, "/start", timeout=60))

    await asyncio.gather(*(write(person, i * 0.3) for i, person in enumerate(others)))
    scenario.duplicated = sum(crowd.answers(person) > 1 for person in others)
    return scenario


def _count(scenario: Scenario, waited: float | None) -> None:
    if waited is None:
        scenario.lost += 1
    else:
        scenario.replies.append(waited)


async def measure(flows: Path, outage_seconds: float) -> list[Scenario]:
    scenarios: list[Callable[[BotApiEmulator, Crowd], Awaitable[Scenario]]] = [
        flood,
        lambda emulator, crowd: outage(emulator, crowd, outage_seconds),
        hang,
    ]
    results = []
    with tempfile.TemporaryDirectory(prefix="qadam-bench-faults-") as place:
        async with running_bot(Path(place), flows) as (emulator, _):
            crowd = Crowd(emulator)
            for scenario in scenarios:
                results.append(await scenario(emulator, crowd))
                await asyncio.sleep(3)  # the last scenario's stragglers go out first
    return results


def report(results: list[Scenario], console: Console) -> None:
    table = Table(title="Faults (issue #12): what everyone else lives through")
    columns = ("scenario", "others' p95 reply", "crisis card", "lost", "duplicated", "caught up")
    for column in columns:
        table.add_column(column, justify="left" if column == "scenario" else "right")
    for result in results:
        table.add_row(
            result.name,
            _seconds(result.p95),
            _seconds(result.crisis),
            str(result.lost),
            str(result.duplicated),
            _seconds(result.caught_up),
        )
    console.print(table)
    console.print(
        f"Goals: others' p95 under {GOAL_OTHERS_P95:g} s in the flood; nothing lost after "
        f"the outage; the crisis card within {GOAL_CRISIS_SECONDS:g} s while a chat hangs. "
        "Caught up: from the outage's end to the last reply it held back."
    )


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f} s"
